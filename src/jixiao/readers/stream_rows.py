"""How the lines of a borderless table become its rows (``stream.py`` finds the table and its columns).

Lines that overlap vertically are one row (cells centred against a taller one); when the gaps
between lines fall into two sizes, the small one is a wrapped cell's leading and the large one
separates rows; a line holding figures is measured from the row's last line holding figures, so
a label merged over rows (centred between them) joins none of them. Then a row that only
continues the one above (a top-aligned cell whose text wrapped) is joined to it, by the rule
that text wraps only where a line is full. A figure that may have wrapped is left unread.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from .grid_model import is_figure
from .lattice import Glyph

_WRAPS = 6              # digits: a shorter figure (a weight, a score, a rate) fits any column, never wraps
_ONE_FIGURE = re.compile(r"\d[\d,，]*(?:\.\d*)?%?")
_ROW_STEP = 0.2          # em: how much more than a cell's leading a gap between rows must be
SLACK = 0.3              # em: how far a text layer's line ends may be from where they were measured
OCR_SLACK = 0.6          # em: the same for recognised lines (placed from the recogniser's time steps)


@dataclass(slots=True)
class Piece:
    glyphs: list[Glyph]
    x0: float
    x1: float
    line: int = -1             # the visual line it was cut from
    is_fig: bool | None = None  # whether it is a figure, once asked (``figure``)

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)

    @property
    def figure(self) -> bool:
        """Whether the piece is a figure, asked once (the row rules ask it of every piece often)."""
        if self.is_fig is None:
            self.is_fig = is_figure(self.text)
        return self.is_fig


def top(line: list[Glyph]) -> float:
    return min(g.top for g in line)


def bottom(line: list[Glyph]) -> float:
    return max(g.bottom for g in line)


def widest_figures(block: list[int], cut: list[list[Piece]], column: Callable[[float], int]) -> dict[int, float]:
    """The right end of the widest figure in each column of the block: where a figure that
    fills its column ends (a figure too wide for it wraps there)."""
    widest: dict[int, float] = {}
    for b in block:
        for p in cut[b]:
            if p.figure:
                c = column(p.glyphs[0].cx)
                widest[c] = max(widest.get(c, p.x1), p.x1)
    return widest


def _long_figure(text: str) -> bool:
    """Whether ``text`` (a head and what may be its tail) reads as one figure long enough to wrap."""
    return bool(_ONE_FIGURE.fullmatch(text)) and sum(ch.isdigit() for ch in text) >= _WRAPS


def rows_of(lines: list[list[Glyph]], block: list[int], em: float, cut: list[list[Piece]],
          column: Callable[[float], int], doubtful: set[tuple[int, int]], slack: float = SLACK) -> list[list[int]]:
    """The block's lines grouped into table rows (see the module's note). A line holding figures is
    measured from the row's last line holding figures, not from a line of text only between them:
    a cell merged over two rows (centred between them, so touching both) must not join the rows it
    spans; a line of text only is measured from the line above it (a wrapped label's last line)."""
    gaps = [top(lines[b]) - bottom(lines[a]) for a, b in itertools.pairwise(block)]
    positive = sorted(g for g in gaps if g > 0.05 * em)
    threshold = 0.05 * em                       # overlapping lines are always one row
    for k, (a, b) in enumerate(itertools.pairwise(positive)):
        if b - a >= _ROW_STEP * em and b >= 1.4 * a:     # the first clear step up from a cell's leading
            if a - positive[0] < _ROW_STEP * em and len(positive) - k - 1 >= 2:
                threshold = (a + b) / 2
            break

    def has_figure(b: int) -> bool:
        return any(p.figure for p in cut[b])

    widest = widest_figures(block, cut, column)

    def figures(b: int) -> dict[int, Piece]:
        return {column(p.glyphs[0].cx): p for p in cut[b] if p.figure}

    def wrapped(head: Piece, tail: Piece) -> bool:
        """A figure too wide for its column goes on below it: the head is the column's widest."""
        return head.x1 >= widest[column(head.glyphs[0].cx)] - slack * em and tail.x1 - tail.x0 < head.x1 - head.x0

    rows = [[block[0]]]
    anchor = block[0]
    held = figures(block[0])
    previous = block[0]
    for line in block[1:]:
        mine = figures(line)
        gap = top(lines[line]) - bottom(lines[anchor if mine else previous])
        clash = [c for c in mine if c in held]
        if gap < threshold and not (clash and (gap <= 0.05 * em or not all(wrapped(held[c], mine[c]) for c in clash))):
            rows[-1].append(line)
            held.update(mine)
        else:
            if gap < threshold and gap > 0.05 * em:      # a long figure wrapped, or the next row: not read
                doubtful.update((p.line, c) for c in clash for p in (held[c], mine[c])
                                if _long_figure(held[c].text + mine[c].text))
            rows.append([line])
            anchor, held = line, mine
        if mine or not has_figure(anchor):
            anchor = line
        previous = line
    return rows


def continued(rows: list[list[int]], cut: list[list[Piece]], column: Callable[[float], int],
               em: float, slack: float = SLACK) -> tuple[list[list[int]], set[tuple[int, int]]]:
    """Rows that only continue the row above (top-aligned cells whose text wrapped) joined to it,
    and the (line, column) cells whose figure may have wrapped, to be left unread.

    Text wraps only where a line is full: a line continues the one above when it has no more
    pieces than it and each starts under a piece of the line above that its first unbreakable
    chunk (a character, a Latin word, a bracket with what it opens) would have carried past the
    column's right edge (the widest text seen in that column). A bare figure under the column's
    widest figure may be the tail of the figure above ('658.5' over '3') or a row of its own:
    the geometry cannot tell, so neither figure is read.
    """
    reach: dict[int, float] = {}
    for row in rows:
        for b in row:
            for p in cut[b]:
                c = column(p.glyphs[-1].cx)
                reach[c] = max(reach.get(c, p.x1), p.x1)
    widest = widest_figures([b for row in rows for b in row], cut, column)
    out: list[list[int]] = []
    doubtful: set[tuple[int, int]] = set()
    for row in rows:
        verdict = (_continues(cut[out[-1][-1]], cut[row[0]], column, reach, widest, em, slack)
                   if out and len(row) == 1 else "no")
        if verdict == "yes":
            out[-1].extend(row)
            continue
        if verdict == "figures":
            for p in cut[row[0]]:
                if p.figure:
                    c = column(p.glyphs[0].cx)
                    doubtful.update({(out[-1][-1], c), (row[0], c)})
        out.append(list(row))
    return out, doubtful


def _first_chunk(glyphs: list[Glyph]) -> float:
    """The width of what could not be split from the start of a wrapped line: a Latin word or a
    number whole, an opening bracket or quote with the character after it."""
    end = 0
    if glyphs[0].text.isascii() and glyphs[0].text.isalnum():
        while end + 1 < len(glyphs) and glyphs[end + 1].text.isascii() and glyphs[end + 1].text.isalnum():
            end += 1
    elif glyphs[0].text in _OPENING and len(glyphs) > 1:
        end = 1
    return glyphs[end].x1 - glyphs[0].x0


_OPENING = frozenset("（(［[【〔《“‘「『")


def _continues(above: list[Piece], line: list[Piece], column: Callable[[float], int],
               reach: dict[int, float], widest: dict[int, float], em: float, slack: float = SLACK) -> str:
    """'yes' (``line`` continues ``above``), 'no', or 'figures': it would, but for a bare figure
    under a figure (see ``continued``)."""
    if len(line) > len(above):
        return "no"
    figures = False
    for p in line:
        c = column(p.glyphs[0].cx)
        chunk = max(_first_chunk(p.glyphs), em)
        full = [q for q in above if column(q.glyphs[-1].cx) == c and q.x1 + chunk >= reach[c] - slack * em
                and abs(q.x0 - p.x0) <= em]
        if not full:
            return "no"
        if p.figure:         # a figure wraps only where the one above is the column's widest
            if not any(q.x1 >= widest.get(c, q.x1) - slack * em and (q.text[-1:].isdigit() or q.text.endswith("."))
                       for q in full):
                return "no"
            figures = True
    return "figures" if figures else "yes"
