"""Passages of the prose read as wholes: the 年度总体目标 cells, text printed twice, the table note's weights.

Pure string work over the folded sentences of ``core.claims`` (called by ``build_claims``), so
the rules read ``Claims.goal_cells`` and ``Claims.repeats`` instead of scanning prose.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

_GOAL_HEAD = re.compile(r"预期目标\|?(?:[^|]{0,4}\|)?实际完成(?:情况|值)?")
_GOAL_END = re.compile(r"一级指标|二级指标|三级指标|绩效指标|指标名称")
_CLAUSE = re.compile(r"[^,;。、:!?|]+")
MIN_CLAUSE = 12          # characters: a clause this long is written, not a stock phrase
MIN_PASSAGE = 40         # a sentence this long printed twice is a repeated paragraph
_LABELS = frozenset({"年度总体目标", "年度总体", "目标", "总体目标", "预期目标", "实际完成情况"})


def goal_cells(sentences: tuple[str, ...] | list[str]) -> tuple[tuple[int, str], ...]:
    """(sentence, text) fragments between the '预期目标 | 实际完成情况' header and the indicator table.

    Empty when the document has no such block; the header's labels themselves are left out.
    """
    joined, starts = "", []
    for s in sentences:
        starts.append(len(joined))
        joined += s + "|"
    head = _GOAL_HEAD.search(joined)
    if head is None:
        return ()
    end = _GOAL_END.search(joined, head.end())
    stop = end.start() if end is not None else min(len(joined), head.end() + 4000)
    out: list[tuple[int, str]] = []
    for k, begin in enumerate(starts):
        a, b = max(begin, head.end()), min(begin + len(sentences[k]), stop)
        text = joined[a:b].strip("|:")
        if a < b and text and text not in _LABELS:
            out.append((k, text))
    return tuple(out)


def repeated_clauses(cells: tuple[tuple[int, str], ...]) -> tuple[tuple[int, str], ...]:
    """(sentence, clause) for each long clause of ``cells`` printed a second time there."""
    seen: set[str] = set()
    out: list[tuple[int, str]] = []
    for k, text in cells:
        for m in _CLAUSE.finditer(text):
            clause = m.group()
            if len(clause) < MIN_CLAUSE or not re.search(r"[\u4e00-\u9fff]{6}", clause):
                continue
            if clause in seen:
                out.append((k, clause))
            seen.add(clause)
    return tuple(out)


def repeats(sentences: tuple[str, ...] | list[str]) -> Iterator[tuple[int, int]]:
    """(first, again): a long sentence printed again later, not next to itself (a page break repeating a paragraph)."""
    seen: set[str] = set()
    twice: set[str] = set()          # only a sentence printed twice needs the digit count
    for s in sentences:
        if len(s) >= MIN_PASSAGE:
            (twice if s in seen else seen).add(s)
    if not twice:
        return
    first: dict[str, int] = {}
    for k, s in enumerate(sentences):
        if s not in twice or sum(map(str.isdigit, s)) * 3 > len(s):
            continue
        j = first.setdefault(s, k)
        if j != k:
            yield j, k


_NOTE = re.compile(r"^(?:表注|备注|注)\d?[:.、]")
_NOTE_WEIGHT = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,10}?)(?:指标)?(?:的?(?:分值|权重)?(?:为|占)?)?[(]?"
                          r"(?P<pts>\d{1,3}(?:\.\d+)?)分")


def note_weights(sentences: tuple[str, ...] | list[str]) -> Iterator[tuple[int, str, str]]:
    """(sentence, name, points) for each weight a table note gives ('注:产出指标50分,效益指标30分').

    Only a note naming two weights or more counts: one figure with 分 is a scoring rule, not the
    table's weights.
    """
    for k, s in enumerate(sentences):
        if not _NOTE.match(s):
            continue
        found = [(m.group("name").removesuffix("指标"), m.group("pts")) for m in _NOTE_WEIGHT.finditer(s)]
        if len(found) >= 2:
            for name, pts in found:
                yield k, name, pts


_PLACEHOLDER = re.compile(r"(?<=[≥≤(<>])\*{2,}|\*{2,}(?=[平方米个人%元万件次台套户)])|[×xX]{3,}|\(\)|≥[米个人%元]|_{2,}|XX|××")
_FILL_IN = re.compile(r"填写说明|请填写|按要求填写|此处填写|填报说明|\(填写|\(简要说明")
# what either pattern needs (a literal of each alternative): _PLACEHOLDER opens with a look-behind,
# tried at every position, so most sentences are let go by this one cheap scan first
PLACEHOLDER_CUE = re.compile(r"\*\*|\(\)|≥|__|[×xX]|填写|填报说明|简要说明")


def placeholder(flat: str) -> tuple[str, str] | None:
    """(token, the words around it) for template text left in: '≥**平方米', '()', 'XX', '请填写…'.

    ``flat`` is folded text (``claims.fold``: NFKC, no spaces), so '（ ）' and '()' are one placeholder.
    """
    if not PLACEHOLDER_CUE.search(flat):
        return None
    m = _PLACEHOLDER.search(flat) or _FILL_IN.search(flat)
    return None if m is None else (m.group(), flat[max(0, m.start() - 10):m.end() + 10])


def placeholders(sentences: tuple[str, ...] | list[str],
                 cued: Collection[int] | None = None) -> Iterator[tuple[int, str, str]]:
    """(sentence, token, words around it) for each folded sentence holding a placeholder.

    ``cued``: the sentences ``PLACEHOLDER_CUE`` matches in, when known (``SentenceIndex.having``).
    """
    for k, s in enumerate(sentences) if cued is None else ((k, sentences[k]) for k in sorted(cued)):
        if (found := placeholder(s)) is not None:
            yield k, *found
