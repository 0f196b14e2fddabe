"""Tables laid out with runs of spaces (``pdftotext -layout``, fixed-width exports) read as grids.

A line whose cells, split at runs of two or more spaces, name the columns of a scoring table
(the roles of ``table_header.cell_roles``: 分值/得分 and 一级/三级指标) fixes the column positions.
The lines below it are cut at those positions, so an empty cell (a 一级 label merged over
several rows) stays empty instead of shifting the row left. The block ends at a line whose
text runs across column boundaries (prose) or at two blank lines. Single spaces stay inside
a cell, so a scrambled table of words is never mistaken for a grid.
"""

from __future__ import annotations

import re
from unicodedata import east_asian_width

from .layout import Cell, Document, Line, clean
from .table_header import cell_roles

_CELL = re.compile(r"\S+(?: \S+)*")          # words joined by single spaces
_SCORE_HEADER = re.compile(r"得分|分值|权重|自评分")
_SLACK = 2                                   # characters a cell may stick out of its column


def _cells(raw: str) -> list[tuple[int, str]]:
    """(display column, text) of each cell: a CJK character is two columns wide, as laid out."""
    text = raw.replace("\xa0", " ").replace("\u3000", "  ")
    cols = [0]
    for ch in text:
        cols.append(cols[-1] + (2 if east_asian_width(ch) in "WF" else 1))
    return [(cols[m.start()], m.group()) for m in _CELL.finditer(text)]


def _width(text: str) -> int:
    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)


def _is_header(parts: list[tuple[int, str]]) -> bool:
    if len(parts) < 3 or not any(_SCORE_HEADER.search(t) for _, t in parts):
        return False
    roles = set(cell_roles([t for _, t in parts]))
    return bool(roles & {"score", "weight", "l1w", "l2w"}) and bool(roles & {"l1", "l3"})


def _fit(parts: list[tuple[int, str]], starts: list[int], width: int) -> list[list[str]] | None:
    """Each part in the column it starts in; None when a part crosses into the next column (prose)."""
    bounds = [*starts[1:], max(width, starts[-1] + 1) + 10_000]
    cols: list[list[str]] = [[] for _ in starts]
    for start, text in parts:
        c = max((i for i, s in enumerate(starts) if s <= start + _SLACK), default=0)
        if start + _width(text) > bounds[c] + _SLACK and c + 1 < len(starts):
            return None
        cols[c].append(text)
    return cols


def align_columns(doc: Document) -> Document:
    """Rewrite space-aligned table blocks of a text document as exact rows; other lines unchanged."""
    lines = doc.lines
    k = 0
    while k < len(lines):
        line = lines[k]
        parts = _cells(line.text) if not line.exact and "  " in line.text else []
        if not _is_header(parts):
            k += 1
            continue
        starts = [s for s, _ in parts]
        roles = cell_roles([t for _, t in parts])
        width = max(_width(ln.text) for ln in lines[k:k + 200])
        if (sub := _sub_header(lines, k + 1)) is not None:      # 自评得分 over 单项得分 权重 折算得分
            starts = sorted({*starts, *(s for s in sub if all(abs(s - t) > _SLACK for t in starts))})
            top = _fit(parts, starts, width) or [[t] for _, t in parts]
            roles = cell_roles([" ".join(c) for c in top])
            lines[k] = _row(line, top, starts)
        else:
            lines[k] = _row(line, [[t] for _, t in parts], starts)
        last: int | None = None
        blanks = 0
        j = k + 1
        while j < len(lines):
            nxt = lines[j]
            if not nxt.text.strip():
                blanks += 1
                if blanks >= 2:
                    break
                j += 1
                continue
            blanks = 0
            cols = _fit(_cells(nxt.text), starts, width) if not nxt.exact or len(nxt.cells) == 1 else None
            if cols is None:
                break
            if last is not None and _wrapped(cols, roles):     # the second line of a wrapped cell
                prev = lines[last]
                merged = [[p.text, *c] if p.text else c for p, c in zip(prev.cells, cols, strict=True)]
                lines[last] = _row(prev, merged, starts, "")
                lines[j] = _row(nxt, [[] for _ in starts], starts)       # now an empty row, skipped
            else:
                lines[j] = _row(nxt, cols, starts)
                last = j
            j += 1
        k = j
    return doc


def _sub_header(lines: list[Line], j: int) -> list[int] | None:
    """Start columns of a second header row right below (headings only, no figure), else None."""
    while j < len(lines) and not lines[j].text.strip():
        j += 1
    if j >= len(lines) or (lines[j].exact and len(lines[j].cells) > 1):
        return None
    parts = _cells(lines[j].text)
    if len(parts) < 2 or any(re.search(r"\d", t) for _, t in parts) or not all(cell_roles([t for _, t in parts])):
        return None
    return [s for s, _ in parts]


_TEXT_ROLES = frozenset({"l3", "value", "actual", "expl", "reason", "unit", "cmp"})


def _wrapped(cols: list[list[str]], roles: list[str]) -> bool:
    """Only words in text columns (name, values, explanation) and no number: a wrapped cell, not a row."""
    filled = [r for r, c in zip(roles, cols, strict=True) if c]
    return bool(filled) and set(filled) <= _TEXT_ROLES and not any(
        re.search(r"\d", t) for c in cols for t in c)


def _row(line: Line, cols: list[list[str]], starts: list[int], joiner: str = " ") -> Line:
    cells = tuple(Cell(clean(joiner.join(texts)), start + 1) for texts, start in zip(cols, starts, strict=True))
    return Line(line.no, line.text, cells, line.page, line.sheet, exact=True)
