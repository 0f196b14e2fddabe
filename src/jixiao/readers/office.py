"""XLSX/XLS (python-calamine) to layout lines with cells; DOCX is read by ``docx_grid`` (zip + lxml)."""

from __future__ import annotations

import datetime as dt
import functools
import io
from decimal import Decimal
from typing import Any

from .docx_grid import read_docx as read_docx  # re-exported: callers that convert .doc to DOCX use it
from .layout import MAX_LINE, Document, Line, clean, new_cell
from .numbers import number


@functools.lru_cache(maxsize=4096)
def _float_text(value: float) -> str:
    text = format(Decimal(repr(value)), "f")
    return text[:-2] if text.endswith(".0") else text


def _cell_text(value: object) -> str:
    """Spreadsheet values as printed: floats by their shortest repr, never binary noise."""
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if type(value) is float:
        return _float_text(value)
    if isinstance(value, float):
        return _float_text(float(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


@functools.lru_cache(maxsize=1024)
def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def _fill_merged(grid: list[list[Any]], merged: list[tuple[tuple[int, int], tuple[int, int]]],
                 top: int, left: int) -> None:
    """A merged range's text label fills the empty cells below it in its first column."""
    for (r0, c0), (r1, _c1) in merged:
        r0, r1, c0 = r0 - top, r1 - top, c0 - left
        if r0 < 0 or c0 < 0:
            continue
        if r0 >= len(grid) or c0 >= len(grid[r0]):
            continue
        label = grid[r0][c0]
        if not isinstance(label, str) or not label or number(label) is not None:
            continue
        for r in range(r0 + 1, min(r1, len(grid) - 1) + 1):
            if c0 < len(grid[r]) and grid[r][c0] in ("", None):
                grid[r][c0] = label


def read_workbook(data: bytes, file: str) -> Document:
    """Every sheet, row by row; a merged range's label fills the rows below it (inherit the label above).

    Cells are built once, straight from calamine's values: empty trailing cells and empty rows
    are dropped before any object is made, and column letters are computed once per sheet.
    """
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    doc = Document(file)
    lines = doc.lines
    for name in book.sheet_names:
        sheet = book.get_sheet_by_name(name)
        grid = sheet.to_python()                       # starts at sheet.start, not A1
        top, left = sheet.start or (0, 0)
        merged = sheet.merged_cell_ranges
        if merged:
            _fill_merged(grid, merged, top, left)
        letters: list[str] = []
        for r, row in enumerate(grid):
            last = len(row)
            while last and row[last - 1] in ("", None):
                last -= 1
            if not last:
                continue
            if last > len(letters):
                letters.extend(_column(c + left) for c in range(len(letters), last))
            ref = str(r + top + 1)
            cells = []
            for c in range(last):
                value = row[c]
                text = value if type(value) is str else _cell_text(value)
                if text:
                    if len(text) > MAX_LINE:
                        text = text[:MAX_LINE]
                    text = clean(text)
                cells.append(new_cell(text, c + 1, letters[c] + ref))
            lines.append(Line(r + top + 1, "\t".join([c.text for c in cells]), tuple(cells), sheet=name,
                              exact=True, grid=True))
    return doc
