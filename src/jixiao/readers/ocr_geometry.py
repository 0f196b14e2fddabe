"""Geometry of recognised pages, before the page reader lays them out (``pagelines.py``).

OCR gives boxes, not a text layer: a ruled table's rule may be lost under a seal, and the
detector's boxes are taller and wider than the characters they hold. Here the table's cells are
split again where a lost rule was, and recognised glyphs are brought to their ink so that
borderless tables (``stream.py``) can be found on them as on a text layer.
"""

from __future__ import annotations

import statistics

from .lattice import DOUBT, Glyph, Grid, GridCell


def split_lost_rules(grid: Grid, em: float) -> None:
    """Cells of a scanned table that span a column line only because its rule was lost there (a
    seal over it, a fold) are split again at that line (in place): the line is drawn in at
    least half of the table's other rows, and the cell's glyphs fall on both sides of it, a gap
    between them at the line (text over a real merge is centred across the line: one
    recognised run, its glyphs abutting, one of them across it)."""
    rows = len(grid.rows) - 1
    if rows < 3:
        return
    drawn: dict[int, int] = {}                       # column line -> rows in which a cell starts there
    for cell in grid.cells:
        for _ in range(cell.r0, cell.r1):
            drawn[cell.c0] = drawn.get(cell.c0, 0) + 1
    out: list[GridCell] = []
    for cell in grid.cells:
        parts = [cell]
        if cell.r1 - cell.r0 == 1 and cell.c1 - cell.c0 > 1 and cell.glyphs:
            for k in range(cell.c0 + 1, cell.c1):
                if 2 * drawn.get(k, 0) < rows - 1:
                    continue
                last = parts[-1]
                x = grid.cols[k]
                left = [g for g in last.glyphs if (g.x0 + g.x1) / 2 < x]
                right = [g for g in last.glyphs if (g.x0 + g.x1) / 2 >= x]
                if not left or not right or min(g.x0 for g in right) - max(g.x1 for g in left) < 0.15 * em \
                        or max(g.x1 for g in left) > x or min(g.x0 for g in right) < x:
                    continue
                x0, y0, x1, y1 = last.box
                parts[-1:] = [GridCell((x0, y0, x, y1), last.r0, last.c0, last.r1, k, left),
                              GridCell((x, y0, x1, y1), last.r0, k, last.r1, last.c1, right)]
        out.extend(parts)
    grid.cells[:] = out


_INK = 0.57          # a recognised line's box is ~1.75 times its characters' height (the detector's unclipped box)
_SAME_LINE = 0.35    # em: recognised glyphs whose middles are this close are on one visual line


def inked(glyphs: list[Glyph]) -> tuple[list[list[Glyph]], list[Glyph], float]:
    """Recognised glyphs (``ocr_lines.place``) as visual lines of glyphs brought to their
    characters' ink, as a text layer draws them, the recognised glyph of each (in the lines'
    order), and the characters' height (the em of those lines). Every glyph gets the page's character height (``_INK`` of the median box)
    about its box's middle: a box's height says more about how it was found (a detected line, a
    lone character boxed from its ink) than about the character. Glyphs are on one line when
    their middles are within ``_SAME_LINE`` of the line's: a wrapped cell's lines are a line
    pitch (1.2) apart, a cell centred between them 0.6 from each. The ends of each recognised
    run (no neighbour touching the glyph on that side) are pulled in by what ``place`` added
    beyond the character (half a box height, 0.3 for a Latin one); inside a run the glyphs
    keep abutting. Without this, the lines of a wrapped cell overlap and two cells touch."""
    em = _INK * statistics.median([g.bottom - g.top for g in glyphs])
    lines: list[list[Glyph]] = []
    middles: list[float] = []
    for g in sorted(glyphs, key=lambda g: g.top + g.bottom):
        mid = (g.top + g.bottom) / 2
        if lines and mid - middles[-1] <= _SAME_LINE * em:
            lines[-1].append(g)
            middles[-1] += (mid - middles[-1]) / len(lines[-1])
        else:
            lines.append([g])
            middles.append(mid)
    out: list[list[Glyph]] = []
    originals: list[Glyph] = []
    for line in lines:
        line.sort(key=lambda g: g.x0)
        inked: list[Glyph] = []
        for k, g in enumerate(line):
            h = g.bottom - g.top
            pull = (1 - _INK) * (0.3 if g.text.isascii() or g.text == DOUBT else 0.5) * h
            x0, x1 = g.x0, g.x1
            if k == 0 or line[k - 1].x1 < x0 - 0.02 * h:
                x0 = min(x0 + pull, g.cx)
            if k + 1 == len(line) or line[k + 1].x0 > x1 + 0.02 * h:
                x1 = max(x1 - pull, g.cx)
            mid = (g.top + g.bottom) / 2
            inked.append(Glyph(g.text, x0, mid - em / 2, x1, mid + em / 2))
        out.append(inked)
        originals.extend(line)
    return out, originals, em
