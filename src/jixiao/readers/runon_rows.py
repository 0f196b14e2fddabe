"""Run-on table rows: cells printed with no boundary at all become cells again.

A text table copied out of a web page or a PDF sometimes loses every separator:
a header ``一级指标…分值得分`` over rows ``<levels><name>≥95%98%1010`` (target, actual, then weight and score).
This step cuts such lines back into cells so the ordinary table readers see a table:

* the header at its role words (``table_header.ROLES``), a nested second header row
  (指标性质, 指标值, 度量单位 run together under ``年度指标值``) spread under its parent's columns;
* each row at type changes: the level words (vocabulary of levels), the name, the target
  (comparator, number, unit), the actual, and the trailing run of digits, which holds the
  weight and the score with no boundary. The run is cut by the arithmetic: score ≤ weight < 100,
  well-formed figures, then over the whole table Σ weights ≤ the total row's weights and the
  total's remainder (the budget-execution leaf) between 0 and its weight. A table is cut only
  when exactly one assignment fits; otherwise it stays as it was (not read) and a located
  JX005 note says why;
* label–value pairs run together (``全年预算数（万元）581.71全年执行数（万元）523.54``) at the
  changes from label to figure.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from decimal import Decimal

from ..core import vocabulary as vocab
from ..core.findings import Finding
from ..core.registry import issue
from .layout import Cell, Document, Line
from .rows import L1, L2
from .table_header import ROLES, nest_roles

_HEADER_HINT = re.compile(r"得分")
_DIGITS = re.compile(r"\d")
_CMP = re.compile(r"≥|≤|>=|<=|＞|＜|>|<|=|不低于|不少于|不高于|不超过|大于等于|小于等于")
_NUM = re.compile(r"\d+(?:\.\d+)?")
_UNITS = re.compile("(" + "|".join(sorted(
    ("%", "‰", "个", "次", "人", "人次", "万元", "元", "天", "日", "小时", "件", "户", "家", "所", "座", "公里", "千米",
     "米", "平方米", "亩", "吨", "台", "套", "项", "场", "期", "批", "篇", "份", "本", "册", "条", "处", "年", "月",
     "周", "分", "分钟", "株", "头", "只", "辆", "处", "名", "户次", "万人"), key=len, reverse=True)) + ")")
# a unit the list does not know, told by its repeat after the actual: '120盏125盏'
_REPEATED_UNIT = re.compile(r"([^\d\s≥≤=<>＞＜.%]{1,3}?)(?=\d+(?:\.\d+)?\1)")
_RUN_TAIL = re.compile(r"(\d[\d.]*)(\D*)$")
_LEVEL_L1 = re.compile(L1.pattern.removeprefix("^").removesuffix("$"))
_LEVEL_L2 = re.compile(L2.pattern.removeprefix("^").removesuffix("$"))
_PROSE = re.compile(r"[，,。；;！？]")
_TOTAL = re.compile("^(?:" + "|".join(map(re.escape, sorted(
    {*vocab.TOTAL_ROW_LABELS, *vocab.FIELD_LABELS["stated.total"]} - {"小计"}, key=len, reverse=True))) + r")[:：]?")
_GRADE = re.compile("^(?:评价等级|自评等级|等级|等次)?[:：]?(" + "|".join(sorted(vocab.GRADE_WORDS, key=len,
                                                                             reverse=True)) + ")$")
_PIECE = re.compile(r"(?:0|[1-9]\d{0,2})(?:\.\d{1,2})?")
_TEXT_ROLES = frozenset({"reason", "expl", ""})
_MAX_COMBOS = 20000
# label–value pairs run together: a label (no digit), then one figure, at least twice, nothing else
_PAIR = re.compile(r"(?P<label>[^\d\s]{2,24}?)(?P<num>\d[\d,]*(?:\.\d+)?%?)")
_FIGURE_END = frozenset("0123456789%")
_SPACE = re.compile(r"\s")
_PAIR_LABELS = re.compile("|".join(map(re.escape, sorted(
    {w for f in ("funding.total.initial", "funding.total.adjusted", "funding.total.actual", "stated.execution_rate")
     for w in vocab.FIELD_LABELS[f]}, key=len, reverse=True))))


_Cut = dict[str, tuple[int, str]]          # numeric role -> (offset in its run, text)
_POINTS = frozenset({"raw", "weight", "score"})


@dataclass
class _Row:
    index: int                      # line index in the document
    pieces: dict[str, tuple[int, str]]   # role -> (offset in the line text, text)
    run: str
    run_at: int
    options: list[_Cut]


def _single(line: Line) -> str | None:
    """The text of a line that has no cell boundary (one cell, no spaces), else None."""
    if line.grid or len(line.cells) != 1 or len(line.text) > 400:
        return None
    text = line.text.strip()
    return text if text and not _SPACE.search(text) else None


def _header_cells(text: str) -> list[tuple[int, str, str]] | None:
    """(offset, text, role) of each header cell of a run-on header, or None."""
    if _DIGITS.search(text) or not _HEADER_HINT.search(text):
        return None
    hits = list(ROLES.finditer(text))
    if len(hits) < 4 or hits[0][1].start() > 2:
        return None
    return _spans(text, hits)


def _spans(text: str, hits: list[tuple[str, re.Match[str]]]) -> list[tuple[int, str, str]]:
    """(offset, cell text, role): each heading runs to the next one."""
    return [(m.start(), text[m.start():(hits[k + 1][1].start() if k + 1 < len(hits) else len(text))], role)
            for k, (role, m) in enumerate(hits)]


def _sub_cells(text: str) -> list[tuple[int, str, str]] | None:
    if _DIGITS.search(text):
        return None
    hits = list(ROLES.finditer(text))
    if len(hits) < 2 or hits[0][1].start() != 0 or sum(len(m.group()) for _, m in hits) < 0.6 * len(text):
        return None
    return _spans(text, hits)


def _pieces(run: str, n: int) -> list[list[str]]:
    """Every cut of a digit run into ``n`` well-formed figures (no leading zero, ≤ 2 decimals)."""
    if n == 1:
        return [[run]] if _PIECE.fullmatch(run) else []
    return [[run[:c], *rest] for c in range(1, len(run)) if _PIECE.fullmatch(run[:c])
            for rest in _pieces(run[c:], n - 1)]


def _cut(order: list[str], parts: list[str]) -> _Cut:
    out: _Cut = {}
    at = 0
    for role, text in zip(order, parts, strict=True):
        out[role] = (at, text)
        at += len(text)
    return out


def _value(cut: _Cut, role: str) -> Decimal | None:
    return Decimal(cut[role][1]) if role in cut else None


def _half_unit(printed: str) -> Decimal:
    """Half a unit of the last printed decimal ('9.4' -> 0.05): the most 四舍五入 moves it."""
    places = len(printed.partition(".")[2])
    return Decimal(5) / Decimal(10) ** (places + 1)


def _product(raw: Decimal, weight: Decimal, score: Decimal, score_text: str, raw_text: str) -> bool:
    """折算得分 = 单项得分 × 权重 / 100, rounded as printed: within half a unit of the score's last
    decimal, plus what rounding the printed 单项得分 may have moved."""
    slack = _half_unit(score_text) + _half_unit(raw_text) * weight / 100 + Decimal("0.000001")
    return abs(raw * weight / 100 - score) <= slack


def _points(run: str, order: list[str]) -> list[_Cut]:
    """Cuts of a row's run into its point columns (header order) with 0 ≤ score ≤ weight < 100 and,
    with a 单项得分 column, score = raw × weight / 100 as rounded in print."""
    out = []
    for parts in _pieces(run, len(order)):
        cut = _cut(order, parts)
        w, s, raw = _value(cut, "weight"), _value(cut, "score"), _value(cut, "raw")
        if w is None or s is None or not (0 < w < 100 and 0 <= s <= w):
            continue
        if raw is not None and (raw > 100 or not _product(raw, w, s, cut["score"][1], cut["raw"][1])):
            continue
        out.append(cut)
    return out


def _totals(run: str, order: list[str]) -> list[_Cut]:
    """Cuts of the total row's run: weights' total and score, or the score alone (≤ 100)."""
    pair = [r for r in order if r != "raw"]
    out = [_cut(pair, parts) for parts in _pieces(run, 2)]
    out.append(_cut(["score"], [run]) if _PIECE.fullmatch(run) else {})
    return [c for c in out if c and (_value(c, "score") or 0) <= 100 and 0 < (_value(c, "weight") or 100) <= 100
            and (_value(c, "score") or 0) <= (_value(c, "weight") or 100)]


def _peel_levels(text: str) -> tuple[list[tuple[int, str, str]], int]:
    """Level words at the start of a row: (offset, text, role) and where the rest begins."""
    found: list[tuple[int, str]] = []
    pos = 0
    for _ in range(2):
        m = _LEVEL_L1.match(text, pos) or _LEVEL_L2.match(text, pos)
        m2 = _LEVEL_L2.match(text, pos)
        best = max((x for x in (m, m2) if x is not None), key=lambda x: x.end(), default=None)
        if best is None or ("指标" not in best.group() and "分" not in best.group()):
            break
        found.append((pos, best.group()))
        pos = best.end()
    if len(found) == 2:
        return [(found[0][0], found[0][1], "l1"), (found[1][0], found[1][1], "l2")], pos
    if len(found) == 1:
        word = found[0][1]
        role = "l2" if L2.match(word) else "l1"
        return [(found[0][0], word, role)], pos
    return [], pos


_GLUED: tuple[dict[str, tuple[int, str]], str, int] = ({}, "", -1)   # a row whose cut cannot be trusted
_TWO_FIGURES = re.compile(r"\d+(?:\.\d+)?[^\d.]{1,4}\d+(?:\.\d+)?[^\d.]{1,4}$")


def _parse_row(text: str, roles: list[str]) -> tuple[dict[str, tuple[int, str]], str, int] | None:
    """Cut a run-on row into role pieces; the trailing digit run (the point columns) is left whole."""
    m = _RUN_TAIL.search(text)
    if m is None or m.group(1).startswith(".") or m.group(1).endswith("."):
        return None
    tail = m.group(2)
    after = roles[max(k for k, r in enumerate(roles) if r in _POINTS) + 1:]
    if tail and not any(r in {"reason", "expl"} for r in after):
        return None
    pieces: dict[str, tuple[int, str]] = {}
    if tail:
        pieces[next(r for r in after if r in {"reason", "expl"})] = (m.start(2), tail)
    levels, pos = _peel_levels(text)
    for at, word, role in levels:
        pieces[role] = (at, word)
    head = text[pos:m.start(1)]
    if not head or _PROSE.search(head):
        return None
    cmp = _CMP.search(head)
    if cmp is None or cmp.start() == 0:
        if "actual" in roles and _DIGITS.search(head) and not _TWO_FIGURES.search(head):
            return _GLUED               # one figure before the run: the actual's digits may be in it
        pieces["l3"] = (pos, head)
        return pieces, m.group(1), m.start(1)
    pieces["l3"] = (pos, head[:cmp.start()])
    num = _NUM.match(head, cmp.end())
    if num is None:
        pieces["l3"] = (pos, head)
        return pieces, m.group(1), m.start(1)
    unit = _UNITS.match(head, num.end()) or _REPEATED_UNIT.match(head, num.end())
    end = unit.end(1) if unit else num.end()
    actual = head[end:]
    if "actual" in roles and not actual:
        return _GLUED                   # no actual before the run: its digits may be in it
    if not unit and actual[0].isdigit():
        pieces["l3"] = (pos, head)        # a bare target number glued to the actual: no boundary to trust
        return pieces, m.group(1), m.start(1)
    at = pos + cmp.start()
    if "cmp" in roles:
        pieces["cmp"] = (at, cmp.group())
        pieces["value"] = (pos + num.start(), num.group())
        if unit:
            pieces["unit"] = (pos + unit.start(1), unit.group(1))
    else:
        pieces["value"] = (at, head[cmp.start():end])
    if actual and "actual" in roles:
        pieces["actual"] = (pos + end, actual)
    return pieces, m.group(1), m.start(1)


def _choose(rows: list[_Row], total: list[_Cut] | None) -> tuple[list[_Cut], _Cut | None] | None:
    """The single assignment of the point columns per row (and of the total row) that fits the sums."""
    n = 1
    for r in rows:
        n *= len(r.options)
    n *= len(total) if total else 1
    if n == 0 or n > _MAX_COMBOS:
        return None
    fits: list[tuple[list[_Cut], _Cut | None]] = []
    totals: list[_Cut | None] = [*total] if total else [None]
    for pick in itertools.product(*(r.options for r in rows)):
        chosen = list(pick)
        sw = sum((Decimal(c["weight"][1]) for c in chosen), Decimal(0))
        ss = sum((Decimal(c["score"][1]) for c in chosen), Decimal(0))
        if sw > 100:
            continue
        for tot in totals:
            if tot is not None:
                room = (_value(tot, "weight") or Decimal(100)) - sw
                rest = Decimal(tot["score"][1]) - ss
                if room < 0 or room > 30 or rest < Decimal("-0.01") or rest > room + Decimal("0.01"):
                    continue
            fits.append((chosen, tot))
            if len(fits) > 1:
                return None
    return fits[0] if fits else None


def _cells(line: Line, roles: list[str], pieces: dict[str, tuple[int, str]]) -> Line:
    cells = tuple(Cell(pieces[r][1], pieces[r][0] + 1) if r in pieces else Cell("", 1) for r in roles)
    return replace(line, cells=cells, exact=True)


def _pairs(line: Line, text: str) -> Line | None:
    """Label–value pairs run together, cut at each change from label to figure."""
    hits = list(_PAIR.finditer(text))
    if len(hits) < 2 or sum(len(m.group()) for m in hits) != len(text) or hits[0].start() != 0:
        return None
    if not all(_PAIR_LABELS.search(m.group("label")) for m in hits):
        return None
    cells = []
    for m in hits:
        cells += [Cell(m.group("label"), m.start() + 1), Cell(m.group("num"), m.start("num") + 1)]
    return replace(line, cells=tuple(cells), exact=True)


def split_runon(doc: Document) -> tuple[Document, list[Finding]]:
    """Cut run-on header, rows and total of scoring tables (and run-on label–value rows) into cells."""
    lines = doc.lines
    notes: list[Finding] = []
    changed: dict[int, Line] = {}
    sure: list[Decimal] = []            # per table cut: checked by its total row (0.95) or by its rows alone (0.8)
    k = 0
    while k < len(lines):
        text = _single(lines[k])
        if text is None:
            k += 1
            continue
        if text[-1] in _FIGURE_END and (paired := _pairs(lines[k], text)) is not None:
            changed[k] = paired
            k += 1
            continue
        head = _header_cells(text)
        if head is None:
            k += 1
            continue
        k = _table(doc, k, head, changed, notes, sure)
    if not changed:
        return doc, notes
    out = replace(doc, lines=[changed.get(i, ln) for i, ln in enumerate(lines)], confidence=dict(doc.confidence))
    if sure:
        out.confidence["indicators"] = min(sure)
    return out, notes


def _table(doc: Document, k: int, head: list[tuple[int, str, str]], changed: dict[int, Line],
           notes: list[Finding], sure: list[Decimal]) -> int:
    lines = doc.lines
    roles = [r for _, _, r in head]
    header_lines = {k: head}
    j = k + 1
    sub = _sub_cells(_single(lines[j]) or "") if j < len(lines) else None
    spread = nest_roles(roles, [r for _, _, r in sub]) if sub else None
    if sub and spread is not None:
        roles, parent = spread
        top = [*head[:parent], *([head[parent]] + [(head[parent][0], "", "")] * (len(sub) - 1)), *head[parent + 1:]]
        below = [(0, "", "")] * parent + sub + [(0, "", "")] * (len(head) - parent - 1)
        header_lines = {k: top, j: below}
        j += 1
    if "weight" not in roles or "score" not in roles or "l3" not in roles:
        return k + 1
    order = [r for r in roles if r in _POINTS]
    first = roles.index(order[0])
    if len(order) != len(set(order)) or any(r not in _POINTS for r in roles[first:first + len(order)]) or any(
            r not in _TEXT_ROLES for r in roles[first + len(order):]):
        return k + 1            # the point columns must close the row (then only text columns)
    rows: list[_Row] = []
    total_at: tuple[int, str, int, str, str] | None = None
    while j < len(lines):
        text = _single(lines[j])
        if text is None:
            if not lines[j].text.strip():
                j += 1
                continue
            break
        if (t := _TOTAL.match(text)) is not None and (m := _RUN_TAIL.search(text, t.end())) and m.start() == t.end():
            total_at = (j, t.group(), m.start(1), m.group(1), m.group(2))
            j += 1
            break
        parsed = _parse_row(text, roles)
        if parsed is None and text[-1].isdigit() and not _PROSE.search(text):
            parsed = _GLUED             # a row-like line that does not parse: reading the rows above alone
        if parsed is None:              # would miss it, so the table is not read
            break
        pieces, run, run_at = parsed
        if run_at < 0:
            rows.append(_Row(j, {}, "", 0, []))       # no options: the table is not read
        else:
            rows.append(_Row(j, pieces, run, run_at, _points(run, order)))
        j += 1
    if not rows:
        return j
    total_opts = _totals(total_at[3], order) if total_at else None
    if total_at and total_at[4] and _GRADE.match(total_at[4]) is None:
        total_opts = None
    chosen = _choose(rows, total_opts) or (_choose(rows, None) if total_opts == [] else None)
    where = doc.source(lines[rows[0].index], rows[0].run_at + 1)
    if chosen is None:
        notes.append(issue(
            "JX005", "评分表各单元格连在一起，分值与得分无法唯一拆分，未读取该表",
            "the scoring table's cells run together and its weights and scores cannot be split one way only; "
            "the table was not read", path="indicators", source=where))
        return j
    picks, tot = chosen
    sure.append(Decimal("0.95") if tot is not None else Decimal("0.8"))
    for ln, cells in header_lines.items():
        changed[ln] = replace(lines[ln], cells=tuple(Cell(t, o + 1) for o, t, _ in cells), exact=True)
    for row, cut in zip(rows, picks, strict=True):
        at = {role: (row.run_at + off, text) for role, (off, text) in cut.items()}
        changed[row.index] = _cells(lines[row.index], roles, {**row.pieces, **at})
    if total_at is not None and tot is not None:
        li, label, start, run, rest = total_at
        pieces = {roles[0]: (0, label), **{role: (start + off, text) for role, (off, text) in tot.items()}}
        line = _cells(lines[li], roles, pieces)
        extra = (Cell(rest, start + len(run) + 1),) if rest else ()
        changed[li] = replace(line, cells=line.cells + extra)
    return j

