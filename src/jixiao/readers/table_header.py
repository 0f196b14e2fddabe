"""The header of a scoring table: which column is which (一级/二级/三级, 分值, 得分, 年度指标值 …),
also when the header is stacked over two rows or a second row names the parts of one column.

The roles come from the one vocabulary (``vocabulary.SCORING_COLUMNS``); every table reader in
``table.py``, ``aligned.py`` and ``runon_rows.py`` reads its columns through these roles.
"""

from __future__ import annotations

import re

from ..core import vocabulary as vocab
from .lattice import DOUBT
from .layout import Document, Line
from .numbers import number
from .recognised import completes

ROLES = vocab.headings(vocab.SCORING_COLUMNS)     # column headings -> roles (one vocabulary)
ROLE_NAMES = ("score", "weight", "l1", "l2", "l3", "value", "actual")
_ROLE_HINT = re.compile(r"指标|分值|得分|权重|自评分|评价内容")
_HEADER_HINT = re.compile(r"得分|分值|权重|自评分")


def cell_roles(texts: list[str]) -> list[str]:
    """Role of each header cell; a 分值 right after a level column is that level's weight."""
    roles: list[str] = []
    for text in texts:
        found = ROLES.search(text.replace(" ", ""))
        role = found[0] if found else (_doubtful_role(text.replace(" ", "")) if DOUBT in text else "")
        if role == "weight" and roles and roles[-1] in {"l1", "l2"}:
            role = f"{roles[-1]}w"
        roles.append(role)
    return roles


def _doubtful_role(text: str) -> str:
    """The role of a heading OCR read with uncertain characters (年�指标): the one role whose
    headings it completes (each mark one character, one more character the recogniser skipped;
    ``recognised.completes``), with most of it read for certain; else ""."""
    if len(text) > 8 or text.count(DOUBT) * 3 > len(text) or len(text) - text.count(DOUBT) < 2:
        return ""
    found = {role for role, words in vocab.SCORING_COLUMNS.items() for w in words
             if len(w) >= 3 and completes(text, w)}
    return found.pop() if len(found) == 1 else ""


def _sub_header(line: Line, top: Line | None = None) -> list[str] | None:
    """The roles of a second header row (every filled cell a column word, no figure), else None.

    Under a ``top`` row, a cell that is no column word but completes the heading above it is that
    heading's wrapped tail ('实际完成情' over '况', a table printed without rules): no role of its own.
    """
    texts = [c.text for c in line.cells]
    filled = [t for t in texts if t]
    roles = cell_roles(texts)
    if len(filled) < 2 or any(number(t) is not None for t in filled) or sum(1 for r in roles if r) < 2:
        return None
    for k, (t, r) in enumerate(zip(texts, roles, strict=True)):
        if t and not r and not _tail(top, k, t):
            return None
    return roles


def _tail(top: Line | None, k: int, text: str) -> bool:
    if top is None or k >= len(top.cells) or top.cells[k].covered or top.cells[k].col_span > 1:
        return False
    above = top.cells[k].text
    return bool(above) and not any(ch.isdigit() for ch in text) and cell_roles([above + text])[0] != ""


def _one_score(roles: list[str]) -> list[str]:
    """'自评得分' over '单项得分 | 权重 | 折算得分': the last score column is the row's score, the others raw."""
    scores = [k for k, r in enumerate(roles) if r == "score"]
    return [("raw" if k in scores[:-1] else r) for k, r in enumerate(roles)]


_PARTS = {"value": frozenset({"cmp", "value", "unit"}), "score": frozenset({"score", "weight", "raw"})}


def nest_roles(top: list[str], sub: list[str]) -> tuple[list[str], int] | None:
    """A second header row that names the parts of one top column ('年度指标值' over 指标性质/指标值/度量单位,
    '自评得分' over 单项得分/权重/折算得分): the top column spread over its parts; (roles, parent index)."""
    for parent, parts in _PARTS.items():
        if parent in top and len(sub) >= 2 and set(sub) <= parts and set(sub) - {parent}:
            at = top.index(parent)
            return _one_score([*top[:at], *sub, *top[at + 1:]]), at
    return None


def nested_flat(roles: list[str]) -> list[str]:
    """Roles of a header flattened with its second row after it: the trailing parts nested under their parent."""
    for p in range(1, len(roles) - 1):
        if _complete(roles[:p]) and (got := nest_roles(roles[:p], roles[p:])) is not None:
            return got[0]
    return roles


def _complete(roles: list[str]) -> bool:
    return bool(set(roles) & {"score", "weight"}) and bool(set(roles) & {"l1", "l3"})


def column_paths(top: Line, sub: Line) -> list[tuple[str, ...]] | None:
    """Role paths of a two-row header of a real grid, read from its spans, or None without spans.

    A top cell spanning columns is the parent of the cells beneath it ('年度指标值' over 指标性质 |
    指标值 | 度量单位 gives ('value', 'cmp'), ('value', 'value'), ('value', 'unit'); '自评得分' over
    单项得分 | 权重 | 折算得分 ('score', 'raw'), ('score', 'weight'), ('score', 'score')); a top cell
    merged down over the second row, or with nothing of its own beneath, is a path of one (the
    padding of such a span has no path).
    """
    if not top.grid or not any(c.col_span > 1 for c in top.cells):
        return None
    top_roles = cell_roles([c.text for c in top.cells])
    sub_roles = cell_roles([c.text for c in sub.cells])
    owner: list[int] = []                 # top column -> the top cell covering it (its parent)
    origin = -1
    for k, cell in enumerate(top.cells):
        if not (cell.covered and origin >= 0 and k < origin + top.cells[origin].col_span):
            origin = k
        owner.append(origin)
    paths: list[tuple[str, ...]] = []
    for k in range(max(len(top.cells), len(sub.cells))):
        above = top_roles[owner[k]] if k < len(owner) else ""
        below = sub.cells[k] if k < len(sub.cells) else None
        own = sub_roles[k] if below is not None and not below.covered and below.text else ""
        if k < len(owner) and owner[k] != k and not own:
            above = ""                    # padding of a span with nothing beneath: no column of its own
        paths.append(tuple(r for r in (above, own) if r))
    return _raw_parts(paths, owner)


def _raw_parts(paths: list[tuple[str, ...]], owner: list[int]) -> list[tuple[str, ...]]:
    """Under one '自评得分' parent the last score column is the row's score, the others raw."""
    groups: dict[int, list[int]] = {}
    for k, path in enumerate(paths):
        if len(path) == 2 and path[0] == "score" and k < len(owner):
            groups.setdefault(owner[k], []).append(k)
    out = list(paths)
    for members in groups.values():
        for k, role in zip(members, _one_score([paths[k][1] for k in members]), strict=True):
            out[k] = ("score", role)
    return out


def leaf_roles(paths: list[tuple[str, ...]]) -> list[str]:
    """Each column's role: the last of its path."""
    return [path[-1] if path else "" for path in paths]


def is_header(line: Line) -> bool:
    if not line.is_row or not _HEADER_HINT.search(line.text):
        return False
    return _complete(cell_roles([c.text for c in line.cells]))


def header_at(doc: Document, k: int) -> tuple[list[str], int] | None:
    """Column roles of a header at line ``k`` (one row, or two stacked rows such as
    '指标 | 分值 | 得分' over '一级指标 | 二级指标 | 三级指标'); returns (roles, last header line)."""
    line = doc.lines[k]
    if not line.is_row or not _ROLE_HINT.search(line.text):
        return None
    roles = cell_roles([c.text for c in line.cells])
    if _complete(roles) and _HEADER_HINT.search(line.text):
        sub = doc.lines[k + 1] if k + 1 < len(doc.lines) else None
        if sub is not None and sub.is_row and (below := _sub_header(sub, line)) is not None:
            if (paths := column_paths(line, sub)) is not None:
                return leaf_roles(paths), k + 1      # a real grid: the spans say which cell is whose part
            parts = [b for b in below if b]
            if below[0] and (nested := nest_roles(roles, parts)) is not None:
                return nested[0], k + 1      # the second row printed without the cells under the first columns
            return _one_score([b or a for a, b in zip(roles + [""] * len(below), below + [""] * len(roles),
                                                      strict=False)]), k + 1     # '自评得分' over 单项得分/权重/折算得分
        return roles, k
    nxt = next((j for j in range(k + 1, min(k + 3, len(doc.lines))) if doc.lines[j].text.strip()), None)
    if nxt is None or not doc.lines[nxt].is_row or not (set(roles) & set(ROLE_NAMES)):
        return None
    below = cell_roles([c.text for c in doc.lines[nxt].cells])
    if (paths := column_paths(line, doc.lines[nxt])) is not None and _complete(spanned := leaf_roles(paths)):
        return spanned, nxt
    merged = _one_score([b or a for a, b in zip(roles + [""] * len(below), below + [""] * len(roles), strict=False)])
    if _complete(merged) and (_HEADER_HINT.search(line.text) or _HEADER_HINT.search(doc.lines[nxt].text)):
        return merged, nxt
    return None
