"""Borderless tables on a page: columns from the gutters the rows share, rows from vertical gaps.

A table printed without ruling lines (a web page printed to PDF, a spreadsheet without grid
lines) is, to the text layer, lines of words with gaps. Read line by line, a cell whose text
wraps becomes two or three lines, and one row's cells land on different lines (cells are
centred or top-aligned). Here such a block is rebuilt as one canonical grid:

- a *block* is a run of visual lines, at least ``MIN_TABULAR`` of them cut by wide gaps into
  three or more pieces, plus the short fragments between them (wrapped cell text);
- *columns* are the x-ranges between gutters: bands that (nearly) no piece of the block covers;
- *rows*: lines that overlap vertically are one row (cells centred against a taller one), and
  when the gaps between lines fall into two sizes, the small one is a wrapped cell's leading and
  the large one separates rows. When the gaps cannot tell (one size only), each line is a row.

A piece that crosses a gutter is a cell spanning columns (a nested header's upper cell).
Nothing is guessed beyond this: a block whose columns cannot be found stays text lines.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from .grid_model import TableGrid, is_figure
from .lattice import DOUBT, Box, Glyph
from .stream_rows import SLACK, Piece, bottom, continued, rows_of, top

MIN_TABULAR = 3          # lines of three or more pieces before a block is read as a table
_PIECE_GAP = 0.5         # em: a gap this wide inside a line separates two cells
_GUTTER = 0.4            # em: the narrowest band between columns
_LINE_GAP = 1.6          # em: a wider vertical gap ends the block (a paragraph break)


@dataclass
class Carry:
    """The columns of a borderless table that reaches the foot of its page, for the next page:
    the rows it continues with there are too few to find the columns by themselves."""

    edges: list[float] | None = None


@dataclass
class StreamTable:
    """A rebuilt table: its grid, the visual lines it took (indices), and the boxes of its cells."""

    grid: TableGrid
    lines: list[int]
    tops: list[float]
    boxes: list[tuple[Box, tuple[Box, ...]]]


def pieces(line: list[Glyph], em: float, no: int = -1) -> list[Piece]:
    """A visual line (glyphs left to right, number ``no``) cut where the gap is cell-sized."""
    out = [Piece([line[0]], line[0].x0, line[0].x1, no)]
    wide = _PIECE_GAP * em
    for g in line[1:]:
        last = out[-1]
        if g.x0 - last.x1 > wide:
            out.append(Piece([g], g.x0, g.x1, no))
        else:
            last.glyphs.append(g)
            if g.x1 > last.x1:
                last.x1 = g.x1
    return out


def _block_gap(slack: float, em: float) -> float:
    """The vertical gap that ends a block; a looser ``slack`` (recognised lines) adds to it."""
    return (_LINE_GAP + slack - SLACK) * em


def _blocks(lines: list[list[Glyph]], cut: list[list[Piece]], em: float, slack: float = SLACK) -> list[list[int]]:
    """Runs of lines that may form a table: tabular lines and the narrow fragments between them."""
    out: list[list[int]] = []
    k = 0
    n = len(lines)
    while k < n:
        if len(cut[k]) < 3:
            k += 1
            continue
        left = min(p.x0 for p in cut[k])
        right = max(p.x1 for p in cut[k])
        block = [k]
        j = k + 1
        while j < n and top(lines[j]) - bottom(lines[j - 1]) < _block_gap(slack, em):
            ps = cut[j]
            width = ps[-1].x1 - ps[0].x0
            if len(ps) == 1 and (width > 0.4 * (right - left) or ps[0].x0 < left - em):
                break                      # a line of prose (or a title) across the table ends it
            block.append(j)
            left, right = min(left, ps[0].x0), max(right, ps[-1].x1)
            j += 1
        # fragments just above the first tabular line (the upper half of a wrapped first row)
        i = k - 1
        while i >= 0 and top(lines[i + 1]) - bottom(lines[i]) < 0.5 * em and (out == [] or i > out[-1][-1]):
            ps = cut[i]
            if len(ps) == 1 and (ps[0].x1 - ps[0].x0 > 0.4 * (right - left) or ps[0].x0 < left - em):
                break
            block.insert(0, i)
            i -= 1
        if sum(len(cut[b]) >= 3 for b in block) >= MIN_TABULAR:
            out.append(block)
        k = j
    return out


def _profile(parts: list[Piece]) -> list[tuple[float, float, int]]:
    """How many pieces cover each x-band of the block: (from, to, count), left to right."""
    events = sorted([(p.x0, 1) for p in parts] + [(p.x1, -1) for p in parts])
    out: list[tuple[float, float, int]] = []
    depth = 0
    for (x, step), (nxt, _) in itertools.pairwise(events):
        depth += step
        if nxt > x:
            if out and out[-1][2] == depth:
                out[-1] = (out[-1][0], nxt, depth)
            else:
                out.append((x, nxt, depth))
    return out


def _split_below(top: Piece, a: float, b: float, parts: list[Piece], em: float) -> bool:
    """Whether another line has a piece under ``top`` ending by ``a`` and another starting from
    ``b`` under it (or where it ends): the columns a spanning header cell stands over."""
    left = {p.line for p in parts if p.line != top.line and p.x1 <= a and p.x1 > top.x0}
    return any(p.line in left and p.x0 >= b and p.x0 <= top.x1 + 0.5 * em for p in parts)


def _gutters(parts: list[Piece], em: float) -> list[tuple[float, float]]:
    """Bands between columns, ≥ ``_GUTTER`` em wide: bands no piece covers, and bands only one
    piece covers, from inside, between bands several pieces cover, where a line below splits
    into a piece on each side (the upper cell of a nested header over its columns)."""
    profile = _profile(parts)
    out: list[tuple[float, float]] = []
    k = 0
    while k < len(profile):
        if profile[k][2] > 1:
            k += 1
            continue
        j = k
        while j + 1 < len(profile) and profile[j + 1][2] <= 1:
            j += 1
        a, b = profile[k][0], profile[j][1]
        inner = k > 0 and j < len(profile) - 1
        empty = [seg for seg in profile[k:j + 1] if seg[2] == 0 and seg[1] - seg[0] >= _GUTTER * em]
        if inner and empty:
            out.extend((seg[0], seg[1]) for seg in empty)
        elif inner and b - a >= _GUTTER * em and profile[k - 1][2] >= 2 and profile[j + 1][2] >= 2:
            over = [p for p in parts if p.x0 < b and p.x1 > a]
            if len(over) == 1 and over[0].x0 < a and _split_below(over[0], a, b, parts, em):
                out.append((a, b))
        k = j + 1
    return out


def _fits(parts: list[Piece], edges: list[float], em: float) -> bool:
    """Whether every piece lies within the carried columns, none straddling an edge."""
    for p in parts:
        if p.x0 < edges[0] - em or p.x1 > edges[-1] + em:
            return False
        if any(p.x0 < e - 0.2 * em and p.x1 > e + 0.2 * em for e in edges[1:-1]):
            return False
    return True


def _column_of(edges: list[float]) -> Callable[[float], int]:
    inner = edges[1:-1]

    def column(x: float) -> int:
        return bisect_right(inner, x)
    return column


def _table(lines: list[list[Glyph]], cut: list[list[Piece]], block: list[int], edges: list[float], em: float,
           cell_text: Callable[[list[Glyph], float], str], slack: float = SLACK) -> StreamTable:
    """The block's rows cut into the columns between ``edges``."""
    left, right = edges[0], edges[-1]
    ncols = len(edges) - 1
    column = _column_of(edges)
    grid = TableGrid([])
    tops: list[float] = []
    boxes: list[tuple[Box, tuple[Box, ...]]] = []
    unsure: set[tuple[int, int]] = set()
    grouped, doubtful = continued(rows_of(lines, block, em, cut, column, unsure, slack), cut, column, em, slack)
    doubtful |= unsure
    for row in grouped:
        cells: list[list[Glyph]] = [[] for _ in range(ncols)]
        span: dict[int, int] = {}
        for b in row:
            for p in cut[b]:
                c0, c1 = column(p.glyphs[0].cx), column(p.glyphs[-1].cx)
                if (b, c0) in doubtful:         # a figure that may have wrapped: shown as unread
                    p = Piece([Glyph(DOUBT, p.x0, p.glyphs[0].top, p.x1, p.glyphs[0].bottom)], p.x0, p.x1, b)
                cells[c0].extend(p.glyphs)
                if c1 > c0:
                    span[c0] = max(span.get(c0, 1), c1 - c0 + 1)
        r = len(grid.texts)
        grid.texts.append([cell_text(gs, em) if gs else "" for gs in cells])
        for c0, width in span.items():
            grid.spans[(r, c0)] = (1, width)
        y0 = min(top(lines[b]) for b in row)
        y1 = max(bottom(lines[b]) for b in row)
        tops.append(y0)
        boxes.append(((left, y0, right, y1), tuple((edges[c], y0, edges[c + 1], y1) for c in range(ncols))))
    _header_spans(grid)
    return StreamTable(grid, block, tops, boxes)


def _header_spans(grid: TableGrid) -> None:
    """A two-row header's upper cells over their sub-columns (in place). Printed without rules, a
    cell spanning columns shows its text over one of them only; the empty upper cells to its
    right whose lower cell holds a sub-heading are the rest of it — unless the upper cell has
    nothing below it (a heading over both rows, its neighbour's sub-headings not its own)."""
    rows = grid.texts
    for r in range(len(rows) - 1):
        upper, lower = rows[r], rows[r + 1]
        if not any(upper) or not any(lower) or any(is_figure(t) for t in (*upper, *lower) if t):
            continue
        for c, text in enumerate(upper):
            if not text or c >= len(lower) or not lower[c]:
                continue
            k = c + 1
            while k < len(upper) and not upper[k] and k < len(lower) and lower[k]:
                k += 1
            width = max(k - c, grid.spans.get((r, c), (1, 1))[1])
            if width > 1:
                grid.spans[(r, c)] = (1, width)


def _carried_block(lines: list[list[Glyph]], cut: list[list[Piece]], edges: list[float], em: float,
                   slack: float = SLACK) -> list[int]:
    """The lines at the top of the page that continue the table of the page before: each within
    its columns, none straddling a column edge, with no paragraph gap between them."""
    block: list[int] = []
    for k, ps in enumerate(cut):
        if (k and top(lines[k]) - bottom(lines[k - 1]) >= _block_gap(slack, em)) or not _fits(ps, edges, em):
            break
        block.append(k)
    return block if any(len(cut[b]) >= 2 for b in block) else []


def stream_tables(lines: list[list[Glyph]], em: float, cell_text: Callable[[list[Glyph], float], str],
                  carry: Carry | None = None, slack: float = SLACK) -> list[StreamTable]:
    """Every borderless table among ``lines`` (visual lines, top to bottom, glyphs left to right);
    ``cell_text`` joins a cell's glyphs (wrapped lines included) into its text; ``carry`` brings
    the columns of a table the page before ended in, and takes this page's to the next; ``slack``:
    how far (em) a line's ends may be from where they were measured (``OCR_SLACK`` for recognised
    lines), in the tests of whether a line was full when it wrapped; what it adds to ``SLACK`` is
    added to the gap that ends a block too."""
    carried = carry.edges if carry is not None else None
    if carry is not None:
        carry.edges = None
    cut = [pieces(line, em, k) for k, line in enumerate(lines)]
    out: list[StreamTable] = []
    first = _carried_block(lines, cut, carried, em, slack) if carried else []
    if first:
        out.append(_table(lines, cut, first, carried or [], em, cell_text, slack))
        last = (first, carried)
    if sum(len(c) >= 3 for c in cut) >= MIN_TABULAR:
        for block in _blocks(lines, cut, em, slack):
            if first and block[0] <= first[-1]:
                continue
            parts = [p for b in block for p in cut[b]]
            gutters = _gutters(parts, em)
            if len(gutters) < 2:
                continue
            edges = [min(p.x0 for p in parts), *[(a + b) / 2 for a, b in gutters], max(p.x1 for p in parts)]
            out.append(_table(lines, cut, block, edges, em, cell_text, slack))
            last = (block, edges)
    if carry is not None and out and last[0][-1] >= len(lines) - 2:
        carry.edges = last[1]
    return out
