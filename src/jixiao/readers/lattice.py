"""Ruled tables of a page as a lattice: the same for a PDF's drawn lines and for rules found in a scan.

Input is what a page shows: glyphs (a character with its box) and ruling lines (horizontal and
vertical segments). Cells are the smallest rectangles whose four edges are drawn, so merged
cells (spans) come out as one cell; positions no rectangle covers (a merged cell cut by a page
break has no bottom rule) join across undrawn edges. ``pagelines.py`` turns the cells and the
rest of the page into located lines. Coordinates are top-down: ``(x0, top, x1, bottom)``; the
unit is the caller's (PDF points or pixels), and tolerances are given in that unit.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

Box = tuple[float, float, float, float]
Seg = tuple[float, float, float]            # (position, start, end): y,x0,x1 for horizontal; x,y0,y1 for vertical
MAX_SEGMENTS = 4000                          # per direction and page: more is drawing, not a table
DOUBT = "\ufffd"                             # shown instead of a figure that OCR read with low confidence


@dataclass(slots=True, unsafe_hash=True)
class Glyph:
    """A character (PDF) or a recognised word (OCR) and where it is drawn. Never changed once
    made, but not frozen: a frozen dataclass sets each field through ``object.__setattr__``,
    1 µs a glyph against 0.15, and a page has thousands."""

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
class GridCell:
    box: Box
    r0: int = 0
    c0: int = 0
    r1: int = 0
    c1: int = 0
    glyphs: list[Glyph] = field(default_factory=list)


@dataclass
class Grid:
    cells: list[GridCell]
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
        pos = math.fsum([s[0] for s in group]) / len(group)     # statistics.fmean, without its iterator wrapper
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
        lo, hi = a + self.tol, b - self.tol
        return any(s <= lo and e >= hi for s, e in self.by_pos.get(pos, ()))


def find_grids(horizontal: Sequence[Seg], vertical: Sequence[Seg], tol: float,
               bridge: float | None = None) -> list[Grid]:
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
    cells: list[GridCell] = []
    for x, y in sorted(points, key=lambda p: (p[1], p[0])):
        row, col = row_of[y], col_of[x]
        rights = row[bisect.bisect_right(row, x):]           # sorted: the corners right of and below this one
        downs = col[bisect.bisect_right(col, y):]
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
            cells.append(GridCell(found))
    return [_fill_open(grid, h_edges, v_edges) for grid in _group(cells)]


def _group(cells: list[GridCell]) -> list[Grid]:
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
    groups: dict[int, list[GridCell]] = {}
    for i, cell in enumerate(cells):
        groups.setdefault(root(i), []).append(cell)
    grids = []
    for members in groups.values():
        cols = sorted({c.box[0] for c in members} | {c.box[2] for c in members})
        rows = sorted({c.box[1] for c in members} | {c.box[3] for c in members})
        col_at = {x: i for i, x in enumerate(cols)}
        row_at = {y: i for i, y in enumerate(rows)}
        for c in members:
            c.c0, c.c1 = col_at[c.box[0]], col_at[c.box[2]]
            c.r0, c.r1 = row_at[c.box[1]], row_at[c.box[3]]
        members.sort(key=lambda c: (c.r0, c.c0))
        grids.append(Grid(members, rows, cols))
    return grids


def _fill_open(grid: Grid, h_edges: _Edges, v_edges: _Edges) -> Grid:
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
        grid.cells.append(GridCell((cols[c0], rows[r0], cols[c1], rows[r1]), r0, c0, r1, c1))
    grid.cells.sort(key=lambda c: (c.r0, c.c0))
    return grid


def locator(grid: Grid) -> dict[tuple[int, int], GridCell]:
    """(row, column) of the lattice -> the cell covering it (a merged cell covers several)."""
    at: dict[tuple[int, int], GridCell] = {}
    for cell in grid.cells:
        for r in range(cell.r0, cell.r1):
            for c in range(cell.c0, cell.c1):
                at[(r, c)] = cell
    return at
