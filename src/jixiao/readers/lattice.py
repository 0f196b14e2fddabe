"""Page geometry -> located lines and cells: the same for a PDF text layer and for OCR output.

Input is what a page shows: glyphs (a character, or a word from OCR, with its box) and ruling
lines (horizontal and vertical segments). Ruled tables are recovered as a lattice: cells are
the smallest rectangles whose four edges are drawn, so merged cells (spans) come out as one
cell. Glyphs inside a cell become its text; the rest become text lines, with runs of spaces
where the page shows gaps (so ``aligned.py`` can still cut borderless tables into columns),
and two-column pages are read column by column. Coordinates are top-down:
``(x0, top, x1, bottom)``; the unit is whatever the caller uses (PDF points or pixels), and
tolerances are given in that unit.
"""

from __future__ import annotations

import bisect
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .layout import Cell, Line, clean
from .numbers import number

Box = tuple[float, float, float, float]
Seg = tuple[float, float, float]            # (position, start, end): y,x0,x1 for horizontal; x,y0,y1 for vertical
MAX_SEGMENTS = 4000                          # per direction and page: more is drawing, not a table
DOUBT = "\ufffd"                             # shown instead of a figure that OCR read with low confidence


@dataclass(frozen=True, slots=True)
class Glyph:
    """A character (PDF) or a recognised word (OCR) and where it is drawn."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class _Cell:
    box: Box
    r0: int = 0
    c0: int = 0
    r1: int = 0
    c1: int = 0
    glyphs: list[Glyph] = field(default_factory=list)


@dataclass
class _Grid:
    cells: list[_Cell]
    rows: list[float]
    cols: list[float]

    @property
    def box(self) -> Box:
        return self.cols[0], self.rows[0], self.cols[-1], self.rows[-1]


def _merge(segs: Iterable[Seg], tol: float, bridge: float) -> list[Seg]:
    """Snap segments at (almost) the same position to one position; join runs that overlap or
    are at most ``bridge`` apart (a rule broken where a seal covered it)."""
    ordered = sorted(segs)
    clusters: list[list[Seg]] = []
    for seg in ordered:
        if clusters and seg[0] - clusters[-1][-1][0] <= tol:
            clusters[-1].append(seg)
        else:
            clusters.append([seg])
    out: list[Seg] = []
    for group in clusters:
        pos = statistics.fmean(s[0] for s in group)
        runs = sorted((s[1], s[2]) for s in group)
        a, b = runs[0]
        for c, d in runs[1:]:
            if c <= b + bridge:
                b = max(b, d)
            else:
                out.append((pos, a, b))
                a, b = c, d
        out.append((pos, a, b))
    return out


class _Edges:
    """Merged segments of one direction, indexed by position, for 'is this edge drawn?'."""

    def __init__(self, segs: list[Seg], tol: float) -> None:
        self.tol = tol                   # how far short of a corner a rule may stop and still reach it
        self.by_pos: dict[float, list[tuple[float, float]]] = {}
        for pos, a, b in segs:
            self.by_pos.setdefault(pos, []).append((a, b))

    def covers(self, pos: float, a: float, b: float) -> bool:
        return any(s <= a + self.tol and e >= b - self.tol for s, e in self.by_pos.get(pos, ()))


def find_grids(horizontal: Sequence[Seg], vertical: Sequence[Seg], tol: float,
               bridge: float | None = None) -> list[_Grid]:
    """Ruled tables of a page: cells as the smallest fully drawn rectangles, grouped by shared corners."""
    if len(horizontal) > MAX_SEGMENTS or len(vertical) > MAX_SEGMENTS:
        return []
    hs = _merge(horizontal, tol, tol if bridge is None else bridge)
    vs = _merge(vertical, tol, tol if bridge is None else bridge)
    if len(hs) < 2 or len(vs) < 2:
        return []
    slack = tol if bridge is None else max(tol, bridge * 0.8)
    h_edges, v_edges = _Edges(hs, slack), _Edges(vs, slack)
    vs_by_x = sorted(vs)
    xs = [v[0] for v in vs_by_x]
    points: set[tuple[float, float]] = set()
    for y, x0, x1 in hs:
        lo, hi = bisect.bisect_left(xs, x0 - slack), bisect.bisect_right(xs, x1 + slack)
        for x, y0, y1 in vs_by_x[lo:hi]:
            if y0 - slack <= y <= y1 + slack:
                points.add((x, y))
    row_of: dict[float, list[float]] = {}
    col_of: dict[float, list[float]] = {}
    for x, y in points:
        row_of.setdefault(y, []).append(x)
        col_of.setdefault(x, []).append(y)
    for values in (*row_of.values(), *col_of.values()):
        values.sort()
    cells: list[_Cell] = []
    for x, y in sorted(points, key=lambda p: (p[1], p[0])):
        rights = [x2 for x2 in row_of[y] if x2 > x]
        downs = [y2 for y2 in col_of[x] if y2 > y]
        found = None
        for y2 in downs:
            if not v_edges.covers(x, y, y2):
                break
            for x2 in rights:
                if not h_edges.covers(y, x, x2):
                    break
                if (x2, y2) in points and h_edges.covers(y2, x, x2) and v_edges.covers(x2, y, y2):
                    found = (x, y, x2, y2)
                    break
            if found:
                break
        if found:
            cells.append(_Cell(found))
    return [_fill_open(grid, h_edges, v_edges) for grid in _group(cells)]


def _group(cells: list[_Cell]) -> list[_Grid]:
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[float, float], int] = {}
    for i, cell in enumerate(cells):
        x0, y0, x1, y1 = cell.box
        for corner in ((x0, y0), (x1, y0), (x0, y1), (x1, y1)):
            j = owner.setdefault(corner, i)
            parent[root(i)] = root(j)
    groups: dict[int, list[_Cell]] = {}
    for i, cell in enumerate(cells):
        groups.setdefault(root(i), []).append(cell)
    grids = []
    for members in groups.values():
        cols = sorted({c.box[0] for c in members} | {c.box[2] for c in members})
        rows = sorted({c.box[1] for c in members} | {c.box[3] for c in members})
        for c in members:
            c.c0, c.c1 = cols.index(c.box[0]), cols.index(c.box[2])
            c.r0, c.r1 = rows.index(c.box[1]), rows.index(c.box[3])
        members.sort(key=lambda c: (c.r0, c.c0))
        grids.append(_Grid(members, rows, cols))
    return grids


def _fill_open(grid: _Grid, h_edges: _Edges, v_edges: _Edges) -> _Grid:
    """Lattice positions no drawn rectangle covers (a merged cell cut by a page break has no
    bottom rule) join their neighbours across undrawn edges and become cells too."""
    rows, cols = grid.rows, grid.cols
    covered = {(r, c) for cell in grid.cells for r in range(cell.r0, cell.r1) for c in range(cell.c0, cell.c1)}
    open_ = [(r, c) for r in range(len(rows) - 1) for c in range(len(cols) - 1) if (r, c) not in covered]
    if not open_:
        return grid
    parent = {p: p for p in open_}

    def root(p: tuple[int, int]) -> tuple[int, int]:
        while parent[p] != p:
            p = parent[p]
        return p

    for r, c in open_:
        if (r, c + 1) in parent and not v_edges.covers(cols[c + 1], rows[r], rows[r + 1]):
            parent[root((r, c + 1))] = root((r, c))
        if (r + 1, c) in parent and not h_edges.covers(rows[r + 1], cols[c], cols[c + 1]):
            parent[root((r + 1, c))] = root((r, c))
    regions: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for p in open_:
        regions.setdefault(root(p), []).append(p)
    for members in regions.values():
        r0, r1 = min(r for r, _ in members), max(r for r, _ in members) + 1
        c0, c1 = min(c for _, c in members), max(c for _, c in members) + 1
        if (r1 - r0) * (c1 - c0) != len(members):
            continue                                  # not a rectangle: not a cell
        grid.cells.append(_Cell((cols[c0], rows[r0], cols[c1], rows[r1]), r0, c0, r1, c1))
    grid.cells.sort(key=lambda c: (c.r0, c.c0))
    return grid


def _ascii(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _cy(g: Glyph) -> float:
    return g.top + g.bottom


def _clusters(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped into visual lines (vertical overlap), each line left to right."""
    lines: list[list[Glyph]] = []
    members: list[Glyph] = []
    top = bottom = 0.0
    for g in sorted(glyphs, key=_cy):
        gt, gb = g.top, g.bottom
        if members:
            overlap = (bottom if bottom < gb else gb) - (top if top > gt else gt)
            small = bottom - top if bottom - top < gb - gt else gb - gt
            if overlap >= 0.5 * small and (gt + gb) / 2 <= bottom + 0.1 * (gb - gt):
                members.append(g)
                top = top if top < gt else gt
                bottom = bottom if bottom > gb else gb
                continue
            lines.append(members)
        members = [g]
        top, bottom = gt, gb
    if members:
        lines.append(members)
    for line in lines:
        line.sort(key=_x0)
    return lines


def _x0(g: Glyph) -> float:
    return g.x0


def _join(line: list[Glyph], em: float, runs: bool) -> str:
    """The text of one visual line; gaps become a space, wide gaps (``runs``) a run of spaces."""
    out: list[str] = []
    prev: Glyph | None = None
    for g in line:
        if prev is not None:
            gap = g.x0 - prev.x1
            if runs and gap > 1.5 * em:
                out.append(" " * max(2, round(gap / (0.5 * em))))
            elif gap > (0.15 if _ascii(prev.text[-1]) or _ascii(g.text[0]) else 0.6) * em:
                out.append(" ")
        out.append(g.text)
        prev = g
    return "".join(out)


def _cell_text(glyphs: list[Glyph], em: float) -> str:
    text = ""
    for line in _clusters(glyphs):
        part = _join(line, em, runs=False).strip()
        if text and part and _ascii(text[-1]) and _ascii(part[0]):
            text += " "
        text += part
    return clean(text)


def _box(glyphs: Iterable[Glyph]) -> Box:
    gs = list(glyphs)
    return min(g.x0 for g in gs), min(g.top for g in gs), max(g.x1 for g in gs), max(g.bottom for g in gs)


Item = tuple[float, str, tuple[Cell, ...], bool, Box, tuple[Box, ...]]


def _row_items(grid: _Grid, em: float) -> list[Item]:
    """One item per grid row: cells in column order; a merged label repeats down, figures count once."""
    items: list[Item] = []
    ncols = len(grid.cols) - 1
    by_row: dict[int, list[_Cell]] = {}
    for cell in grid.cells:
        by_row.setdefault(cell.r0, []).append(cell)
    above: dict[int, tuple[int, str]] = {}          # column -> (last row covered, label text)
    for r in range(len(grid.rows) - 1):
        starts = {c.c0: c for c in by_row.get(r, [])}
        texts: list[str] = []
        boxes: list[Box] = []
        c = 0
        while c < ncols:
            here = starts.get(c)
            if here is not None:
                text = _cell_text(here.glyphs, em)
                texts.append(text)
                boxes.append(here.box)
                if here.r1 - here.r0 > 1 and number(text) is None:
                    above[c] = (here.r1 - 1, text)
                texts.extend("" for _ in range(here.c1 - here.c0 - 1))
                boxes.extend(here.box for _ in range(here.c1 - here.c0 - 1))
                c = here.c1
                continue
            last, label = above.get(c, (-1, ""))
            texts.append(label if last >= r else "")
            boxes.append((grid.cols[c], grid.rows[r], grid.cols[c + 1], grid.rows[r + 1]))
            c += 1
        own = [cell for cell in by_row.get(r, []) if cell.glyphs]
        if not own:
            continue
        if len(own) == 1 and (own[0].c1 - own[0].c0 == ncols or (len(_cell_text(own[0].glyphs, em)) > 12
                              and not any(t for k, t in enumerate(texts) if k != own[0].c0))):
            items.extend(_text_items(own[0].glyphs, em, runs=False))    # a title row or prose in a box
            continue
        cells = tuple(Cell(t, k + 1) for k, t in enumerate(texts))
        box = (grid.cols[0], grid.rows[r], grid.cols[-1], grid.rows[r + 1])
        items.append((grid.rows[r], "\t".join(texts), cells, True, box, tuple(boxes)))
    return items


def _text_items(glyphs: list[Glyph], em: float, runs: bool = True, left: float | None = None) -> list[Item]:
    from .layout import split_cells

    items: list[Item] = []
    for line in _clusters(glyphs):
        text = _join(line, em, runs)
        if runs and left is not None:
            text = " " * max(0, round((line[0].x0 - left) / (0.5 * em))) + text
        if not text.strip():
            continue
        cells, exact = split_cells(text)
        items.append((min(g.top for g in line), text, cells, exact, _box(line), ()))
    return items


def _columns(glyphs: list[Glyph], em: float) -> list[tuple[tuple[float, int], list[Glyph]]]:
    """Reading order of free text: a two-column page is read left column first, band by band
    between full-width lines. Each part comes with its sort key (band top, column)."""
    lines = _clusters(glyphs)
    if len(lines) < 8:
        return [((-1.0, 0), glyphs)]
    x_lo = min(g.x0 for g in glyphs)
    x_hi = max(g.x1 for g in glyphs)
    runs = [_runs(ln, em) for ln in lines]
    best = None
    step = max(em / 2, (x_hi - x_lo) / 80)
    x = x_lo + 0.3 * (x_hi - x_lo)
    while x < x_lo + 0.7 * (x_hi - x_lo):
        cross = left = right = 0
        for spans in runs:
            if spans[-1][1] < x:
                left += 1
            elif spans[0][0] > x:
                right += 1
            elif any(a < x < b for a, b in spans):
                cross += 1
        both = len(lines) - cross - left - right
        if cross <= 0.1 * len(lines) and both >= 0.25 * len(lines) and left + both >= 3 and right + both >= 3:
            score = both - 3 * cross
            if best is None or score > best[0]:
                best = (score, x)
        x += step
    if best is None:
        return [((-1.0, 0), glyphs)]
    gutter = best[1]
    parts: list[tuple[tuple[float, int], list[Glyph]]] = []
    band: float | None = None
    left_col: list[Glyph] = []
    right_col: list[Glyph] = []
    for ln, spans in zip(lines, runs, strict=True):
        top = min(g.top for g in ln)
        if any(a < gutter < b for a, b in spans):
            if band is not None:
                parts.extend([((band, 0), left_col), ((band, 1), right_col)])
            parts.append(((top, 0), ln))
            band, left_col, right_col = None, [], []
            continue
        band = top if band is None else band
        left_col.extend(g for g in ln if g.cx < gutter)
        right_col.extend(g for g in ln if g.cx >= gutter)
    if band is not None:
        parts.extend([((band, 0), left_col), ((band, 1), right_col)])
    return [p for p in parts if p[1]]


def _runs(line: list[Glyph], em: float) -> list[tuple[float, float]]:
    """Horizontal extents of a line's text, split where the gap is column-sized."""
    out = [(line[0].x0, line[0].x1)]
    for g in line[1:]:
        if g.x0 - out[-1][1] < 1.5 * em:
            out[-1] = (out[-1][0], max(out[-1][1], g.x1))
        else:
            out.append((g.x0, g.x1))
    return out


def _locator(grid: _Grid) -> dict[tuple[int, int], _Cell]:
    """(row, column) of the lattice -> the cell covering it (a merged cell covers several)."""
    at: dict[tuple[int, int], _Cell] = {}
    for cell in grid.cells:
        for r in range(cell.r0, cell.r1):
            for c in range(cell.c0, cell.c1):
                at[(r, c)] = cell
    return at


def page_lines(glyphs: Sequence[Glyph], horizontal: Sequence[Seg], vertical: Sequence[Seg], page: int,
               tol: float, start: int = 1, bridge: float | None = None) -> list[Line]:
    """The located lines of one page: ruled tables as rows of cells, everything else as text lines."""
    if not glyphs:
        return []
    heights = [g.height for g in glyphs if g.height > 0]
    em = statistics.median(heights) if heights else 10.0
    grids = find_grids(horizontal, vertical, tol, bridge)
    free: list[Glyph] = []
    if grids:
        locators = [(grid, _locator(grid)) for grid in grids]
        for g in glyphs:
            cx, cy = (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2
            for grid, at in locators:
                x0, y0, x1, y1 = grid.box
                if x0 <= cx <= x1 and y0 <= cy <= y1:
                    cell = at.get((bisect.bisect_right(grid.rows, cy) - 1, bisect.bisect_right(grid.cols, cx) - 1))
                    if cell is not None:
                        cell.glyphs.append(g)
                        break
            else:
                free.append(g)
    else:
        free = list(glyphs)
    items: list[Item] = []
    for grid in grids:
        filled = sum(1 for c in grid.cells if c.glyphs)
        if len(grid.cells) >= 2 and filled >= 2 and filled >= 0.3 * len(grid.cells):
            items.extend(_row_items(grid, em))
        else:
            free.extend(g for c in grid.cells for g in c.glyphs)
    keyed = [((it[0], 0, it[0]), it) for it in items]
    if free:
        for (band, col), part in _columns(free, em):
            for it in _text_items(part, em, runs=True, left=min(g.x0 for g in part)):
                keyed.append(((it[0] if band < 0 else band, col, it[0]), it))
    keyed.sort(key=lambda ki: ki[0])
    return [Line(start + k, text, cells, page=page, exact=exact, grid=bool(cell_boxes), box=box,
                 cell_boxes=cell_boxes)
            for k, (_, (_, text, cells, exact, box, cell_boxes)) in enumerate(keyed)]
