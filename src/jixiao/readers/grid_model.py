"""One canonical table grid with spans, filled by every real-grid reader, and its rows as layout lines.

Each format says where its merges are in its own way: DOCX ``w:gridSpan`` / ``w:vMerge`` (and
``w:gridBefore`` for a row that starts further right), XLSX merged ranges, HTML ``colspan`` /
``rowspan``, a PDF lattice cell spanning several column bands. Resolving them per reader drifted
apart (a row with ``w:gridBefore`` slid its values one column left per skipped column), so the
readers only record the grid — the text at each merge's origin and the merge's extent — and one
function here decides what a covered position shows:

* a position a merge covers is ``covered``; it never carries text of its own;
* the first column of a vertical merge repeats a label down (rows keep their 一级/二级 names)
  but not a figure, which counts once; every other covered position is empty.

Values are bound by grid column everywhere, never by their order in the row, so padding left by
a merge can never shift a value into the wrong column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .layout import MAX_LINE, Line, clean, new_cell
from .numbers import number

_FIGURE = re.compile(r"[\d.,%％\s]+")


@dataclass(frozen=True, slots=True)
class TableCell:
    """A cell as the table draws it: its origin (0-based row, column) and how far it spans."""

    row: int
    col: int
    text: str
    row_span: int = 1
    col_span: int = 1


@dataclass
class TableGrid:
    """A table as rows of texts at grid positions and its merges.

    ``texts[r][c]`` is the text of the cell whose origin is (r, c), ``""`` elsewhere (a covered
    position or an empty cell); rows may be ragged. ``spans`` maps each merge origin to
    (row span, column span). ``lines`` is each row's line number in the file; ``columns``, when
    given, the column names (spreadsheet letters) for cell references.
    """

    texts: list[list[str]]
    spans: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    lines: list[int] = field(default_factory=list)
    columns: list[str] | None = None

    def cells(self) -> Iterator[TableCell]:
        """Every cell that is not covered by a merge, row by row, with its spans."""
        covered = self.covered()
        for r, row in enumerate(self.texts):
            for c, text in enumerate(row):
                if (r, c) not in covered:
                    rows, cols = self.spans.get((r, c), (1, 1))
                    yield TableCell(r, c, clean(text), rows, cols)

    def covered(self) -> dict[tuple[int, int], tuple[int, int]]:
        """Each position a merge covers -> the merge's origin."""
        out: dict[tuple[int, int], tuple[int, int]] = {}
        for (r0, c0), (rows, cols) in self.spans.items():
            for r in range(r0, r0 + rows):
                for c in range(c0, c0 + cols):
                    if (r, c) != (r0, c0):
                        out[(r, c)] = (r0, c0)
        return out


def is_figure(text: str) -> bool:
    """A number or a rate ('95', '1,375.72', '98%'): a merged figure counts once, it is not repeated."""
    return number(text) is not None or bool(_FIGURE.fullmatch(text) and any(ch.isdigit() for ch in text))


def grid_lines(grid: TableGrid, *, page: int | None = None, sheet: str | None = None,
               drop_empty: bool = False, trim: bool = False) -> list[Line]:
    """The grid's rows as layout lines (one cell per grid column, spans kept on the cells).

    ``trim`` drops trailing positions with nothing in them (spreadsheets report the used range);
    ``drop_empty`` drops rows that show no text at all. Without either, line k is row k.
    """
    covered = grid.covered() if grid.spans else {}
    texts_of = grid.texts
    labels: dict[tuple[int, int], str] = {}
    for (r0, c0), (rows, _cols) in grid.spans.items():
        if rows > 1 and r0 < len(texts_of) and c0 < len(texts_of[r0]):
            label = clean(texts_of[r0][c0][:MAX_LINE])
            if label and not is_figure(label):
                for r in range(r0 + 1, r0 + rows):
                    labels[(r, c0)] = label
    reach: dict[int, int] = {}                  # row -> width its covered positions need
    for (r, c) in covered:
        reach[r] = max(reach.get(r, 0), c + 1)
    columns = grid.columns
    out: list[Line] = []
    for r, row in enumerate(texts_of):
        no = grid.lines[r] if r < len(grid.lines) else r + 1
        last = max(len(row), reach.get(r, 0))
        if trim:
            while last and not (row[last - 1] if last <= len(row) else "") and (r, last - 1) not in labels:
                last -= 1
            if not last:
                continue
        ref = str(no)
        cells = []
        for c in range(last):
            raw = row[c] if c < len(row) else ""
            cref = columns[c] + ref if columns is not None and c < len(columns) else None
            if (r, c) in covered:
                cells.append(new_cell(labels.get((r, c), ""), c + 1, cref, covered=True))
                continue
            text = clean(raw[:MAX_LINE]) if raw else ""
            rows, cols = grid.spans.get((r, c), (1, 1)) if covered else (1, 1)
            cells.append(new_cell(text, c + 1, cref, rows, cols))
        if drop_empty and not any(cell.text for cell in cells):
            continue
        out.append(Line(no, "\t".join([cell.text for cell in cells]), tuple(cells), page=page, sheet=sheet,
                        exact=True, grid=True))
    return out
