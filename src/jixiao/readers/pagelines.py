"""Page geometry -> located lines and cells: the same for a PDF text layer and for OCR output.

Glyphs inside a ruled table's cells (``lattice.py``) become the cells' text, row by row; the
rest become text lines, with runs of spaces where the page shows gaps (so ``aligned.py`` can
still cut borderless tables into columns), and a two-column page is read column by column.
"""

from __future__ import annotations

import bisect
import operator
import re
import statistics
import string
from collections.abc import Iterable, Sequence

from .grid_model import TableGrid, grid_lines
from .lattice import Box, Glyph, Grid, GridCell, Seg, find_grids, locator
from .layout import Cell, Line, clean, split_cells
from .ocr_geometry import inked, split_lost_rules
from .stream import Carry, StreamTable, stream_tables
from .stream_rows import OCR_SLACK

_ALNUM = frozenset(string.ascii_letters + string.digits)      # what isascii() and isalnum() are true of


def _ascii(ch: str) -> bool:
    return ch in _ALNUM


def _cy(g: Glyph) -> float:
    return g.top + g.bottom


_x0 = operator.attrgetter("x0")


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


def _join(line: list[Glyph], em: float, runs: bool) -> str:
    """The text of one visual line; gaps become a space, wide gaps (``runs``) a run of spaces."""
    prev = line[0]
    if len(line) == 1:
        return prev.text
    out = [prev.text]
    wide, latin, cjk, half = 1.5 * em, 0.15 * em, 0.6 * em, 0.5 * em
    smallest = latin if latin < cjk else cjk        # no gap up to this needs a look at the glyphs
    append = out.append
    for g in line[1:]:
        gap = g.x0 - prev.x1
        if gap > smallest:
            if runs and gap > wide:
                append(" " * max(2, round(gap / half)))
            elif gap > (latin if prev.text[-1] in _ALNUM or g.text[0] in _ALNUM else cjk):
                append(" ")
        append(g.text)
        prev = g
    return "".join(out)


def _cell_text(glyphs: list[Glyph], em: float, right: float | None = None) -> str:
    """A cell's lines joined (a space between two Latin words). ``right``: the cell's right rule —
    a figure whose line reaches it and goes on on the next line wrapped there, and is one figure."""
    text = ""
    end = 0.0
    for line in _clusters(glyphs):
        part = _join(line, em, runs=False).strip()
        if text and part and _ascii(text[-1]) and _ascii(part[0]):
            wrapped = (right is not None and end >= right - 1.5 * em and part[0].isdigit()
                       and (text[-1].isdigit() or text[-1] in ".,") and _NUMBER_TAIL.search(text) is not None)
            text += "" if wrapped else " "
        text += part
        end = line[-1].x1
    return clean(text)


_NUMBER_TAIL = re.compile(r"(?:^|[^\w.])\d[\d,]*\.?\d*$")      # the line ends in a figure standing alone


def _box(glyphs: Iterable[Glyph]) -> Box:
    """The glyphs' bounding box (one loop: three times cheaper than four min/max calls)."""
    it = iter(glyphs)
    first = next(it)
    x0, top, x1, bottom = first.x0, first.top, first.x1, first.bottom
    for g in it:
        if g.x0 < x0:
            x0 = g.x0
        if g.top < top:
            top = g.top
        if g.x1 > x1:
            x1 = g.x1
        if g.bottom > bottom:
            bottom = g.bottom
    return x0, top, x1, bottom


Item = tuple[float, str, tuple[Cell, ...], bool, Box, tuple[Box, ...]]


def lattice_grid(grid: Grid, em: float) -> TableGrid:
    """A ruled table as a canonical grid: each lattice cell's text at its first row and column
    band, spanning the bands its rectangle covers."""
    ncols = len(grid.cols) - 1
    out = TableGrid([[""] * ncols for _ in range(len(grid.rows) - 1)])
    for cell in grid.cells:
        out.texts[cell.r0][cell.c0] = _cell_text(cell.glyphs, em, cell.box[2])
        if cell.r1 - cell.r0 > 1 or cell.c1 - cell.c0 > 1:
            out.spans[(cell.r0, cell.c0)] = (cell.r1 - cell.r0, cell.c1 - cell.c0)
    return out


def _row_items(grid: Grid, em: float) -> list[Item]:
    """One item per grid row with text of its own (``grid_lines``: a merged label repeats down,
    figures count once); a title row spanning the table, or prose in a box, stays text."""
    items: list[Item] = []
    ncols = len(grid.cols) - 1
    by_row: dict[int, list[GridCell]] = {}
    for cell in grid.cells:
        by_row.setdefault(cell.r0, []).append(cell)
    table = lattice_grid(grid, em)
    for r, line in enumerate(grid_lines(table)):
        own = [cell for cell in by_row.get(r, []) if cell.glyphs]
        if not own:
            continue
        texts = [c.text for c in line.cells]
        if len(own) == 1 and (own[0].c1 - own[0].c0 == ncols or (len(texts[own[0].c0]) > 12
                              and not any(t for k, t in enumerate(texts) if k != own[0].c0))):
            items.extend(_text_items(own[0].glyphs, em, runs=False))    # a title row or prose in a box
            continue
        starts = {c.c0: c for c in by_row.get(r, [])}
        boxes: list[Box] = []
        for c in range(ncols):
            here = next((s for k, s in starts.items() if k <= c < s.c1), None)
            boxes.append(here.box if here is not None else (grid.cols[c], grid.rows[r], grid.cols[c + 1],
                                                             grid.rows[r + 1]))
        box = (grid.cols[0], grid.rows[r], grid.cols[-1], grid.rows[r + 1])
        items.append((grid.rows[r], line.text, line.cells, True, box, tuple(boxes)))
    return items


def _text_items(glyphs: list[Glyph], em: float, runs: bool = True, left: float | None = None,
                lines: list[list[Glyph]] | None = None) -> list[Item]:
    """One item a visual line (``lines``: the glyphs' clusters when already made)."""
    items: list[Item] = []
    for line in _clusters(glyphs) if lines is None else lines:
        text = _join(line, em, runs)
        if runs and left is not None:
            text = " " * max(0, round((line[0].x0 - left) / (0.5 * em))) + text
        if not text.strip():
            continue
        cells, exact = split_cells(text)
        box = _box(line)
        items.append((box[1], text, cells, exact, box, ()))
    return items


def _columns(glyphs: list[Glyph], em: float, lines: list[list[Glyph]]) -> list[tuple[tuple[float, int], list[Glyph]]]:
    """Reading order of free text (``lines``: its clusters): a two-column page is read left column
    first, band by band between full-width lines. Each part comes with its sort key (band top,
    column); a page read as one part is returned as ``glyphs`` itself."""
    if len(lines) < 8:
        return [((-1.0, 0), glyphs)]
    x_lo = min([g.x0 for g in glyphs])
    x_hi = max([g.x1 for g in glyphs])
    runs = [_runs(ln, em) for ln in lines]
    extents = [(spans[0][0], spans[-1][1], spans if len(spans) > 1 else None) for spans in runs]
    best = None
    step = max(em / 2, (x_hi - x_lo) / 80)
    x = x_lo + 0.3 * (x_hi - x_lo)
    while x < x_lo + 0.7 * (x_hi - x_lo):
        cross = left = right = 0
        for lo, hi, several in extents:
            if hi < x:
                left += 1
            elif lo > x:
                right += 1
            elif several is None:
                if lo < x < hi:
                    cross += 1
            elif any(a < x < b for a, b in several):
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
    out = []
    wide = 1.5 * em
    a, b = line[0].x0, line[0].x1
    for g in line[1:]:
        if g.x0 - b < wide:
            if g.x1 > b:
                b = g.x1
        else:
            out.append((a, b))
            a, b = g.x0, g.x1
    out.append((a, b))
    return out


def _stream_items(tables: list[StreamTable]) -> list[tuple[tuple[float, int, float], Item]]:
    """The rows of borderless tables (``stream.py``) as keyed items, like a ruled table's rows."""
    out: list[tuple[tuple[float, int, float], Item]] = []
    for table in tables:
        for r, line in enumerate(grid_lines(table.grid)):
            if not any(c.text for c in line.cells):
                continue
            top = table.tops[r]
            box, cell_boxes = table.boxes[r]
            out.append(((top, 0, top), (top, line.text, line.cells, True, box, cell_boxes[:len(line.cells)])))
    return out


def _streamed(free: list[Glyph], em: float, stream: Carry, recognised: bool
              ) -> tuple[list[tuple[tuple[float, int, float], Item]], list[list[Glyph]]]:
    """The borderless tables among the free glyphs as keyed rows, and the visual lines they leave.
    On a recognised page the tables are found on the glyphs brought to their ink (``inked``);
    the lines they leave are made again of the recognised glyphs."""
    if not recognised:
        lines = _clusters(free)
        tables = stream_tables(lines, em, _cell_text, stream)
        taken = {k for t in tables for k in t.lines}
        return _stream_items(tables), [ln for k, ln in enumerate(lines) if k not in taken] if taken else lines
    lines, originals, ink_em = inked(free)
    source = dict(zip(map(id, (g for ln in lines for g in ln)), originals, strict=True))
    tables = stream_tables(lines, ink_em, _cell_text, stream, OCR_SLACK)
    taken = {k for t in tables for k in t.lines}
    if not taken:
        return [], _clusters(free)
    return _stream_items(tables), _clusters([source[id(g)] for k, ln in enumerate(lines) if k not in taken for g in ln])


def page_lines(glyphs: Sequence[Glyph], horizontal: Sequence[Seg], vertical: Sequence[Seg], page: int,
               tol: float, start: int = 1, bridge: float | None = None, stream: Carry | None = None,
               recognised: bool = False) -> list[Line]:
    """The located lines of one page: ruled tables as rows of cells, everything else as text lines;
    with ``stream`` (carried from page to page), borderless tables in the free text are rebuilt as
    rows of cells too (``recognised``: the glyphs are OCR's, see ``ocr_geometry.inked``)."""
    if not glyphs:
        if stream is not None:
            stream.edges = None
        return []
    heights = [h for h in [g.bottom - g.top for g in glyphs] if h > 0]
    em = statistics.median(heights) if heights else 10.0
    grids = find_grids(horizontal, vertical, tol, bridge)
    free: list[Glyph] = []
    if grids:
        locators = [(*grid.box, grid.rows, grid.cols, locator(grid)) for grid in grids]
        right = bisect.bisect_right
        for g in glyphs:
            cx, cy = (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2
            for x0, y0, x1, y1, rows, cols, at in locators:
                if x0 <= cx <= x1 and y0 <= cy <= y1:
                    cell = at.get((right(rows, cy) - 1, right(cols, cx) - 1))
                    if cell is not None:
                        cell.glyphs.append(g)
                        break
            else:
                free.append(g)
    else:
        free = list(glyphs)
    items: list[Item] = []
    for grid in grids:
        if bridge is not None:
            split_lost_rules(grid, em)
        filled = sum(1 for c in grid.cells if c.glyphs)
        if len(grid.cells) >= 2 and filled >= 2 and filled >= 0.3 * len(grid.cells):
            items.extend(_row_items(grid, em))
        else:
            free.extend(g for c in grid.cells for g in c.glyphs)
    keyed = [((it[0], 0, it[0]), it) for it in items]
    if stream is not None and not free:
        stream.edges = None              # nothing here continues a borderless table
    if free:
        if stream is not None:
            found, lines = _streamed(free, em, stream, recognised)
            if found:
                keyed.extend(found)
                free = [g for ln in lines for g in ln]
        else:
            lines = _clusters(free)
    if free:
        for (band, col), part in _columns(free, em, lines):
            for it in _text_items(part, em, runs=True, left=min([g.x0 for g in part]),
                                  lines=lines if part is free else None):
                keyed.append(((it[0] if band < 0 else band, col, it[0]), it))
    keyed.sort(key=lambda ki: ki[0])
    return [Line(start + k, text, cells, page=page, exact=exact, grid=bool(cell_boxes), box=box,
                 cell_boxes=cell_boxes)
            for k, (_, (_, text, cells, exact, box, cell_boxes)) in enumerate(keyed)]
