"""XLSX/XLS (python-calamine) to layout lines with cells; DOCX is read by ``docx_grid`` (zip + lxml)."""

from __future__ import annotations

import datetime as dt
import functools
import io
from decimal import Decimal
from typing import Any

from .docx_grid import read_docx as read_docx  # re-exported: callers that convert .doc to DOCX use it
from .grid_model import TableGrid, grid_lines
from .layout import Document


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


def sheet_grid(rows: list[list[Any]], merged: list[tuple[tuple[int, int], tuple[int, int]]] | None,
               top: int, left: int) -> TableGrid:
    """A sheet's used range as a canonical grid: values as printed, merged ranges as spans (a
    covered cell holds no value of its own), rows numbered and lettered as the sheet does."""
    texts = [[value if type(value) is str else _cell_text(value) for value in row] for row in rows]
    grid = TableGrid(texts, lines=list(range(top + 1, top + 1 + len(texts))))
    for (r0, c0), (r1, c1) in merged or ():
        r0, r1, c0, c1 = r0 - top, r1 - top, c0 - left, c1 - left
        if r0 < 0 or c0 < 0 or r0 >= len(texts) or (r1 == r0 and c1 == c0):
            continue
        grid.spans[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        for r in range(r0, min(r1, len(texts) - 1) + 1):
            row = texts[r]
            for c in range(c0, min(c1, len(row) - 1) + 1):
                if (r, c) != (r0, c0):
                    row[c] = ""
    width = max([0, *map(len, texts), *(c1 - left + 1 for _, (_, c1) in merged or ())])
    grid.columns = [_column(c + left) for c in range(width)]
    return grid


def read_workbook(data: bytes, file: str) -> Document:
    """Every sheet, row by row, through the canonical grid: a merged range's label repeats down its
    first column, a merged figure counts once; empty rows and trailing empty cells make no cells."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    doc = Document(file)
    for name in book.sheet_names:
        sheet = book.get_sheet_by_name(name)
        top, left = sheet.start or (0, 0)
        grid = sheet_grid(sheet.to_python(), sheet.merged_cell_ranges, top, left)   # starts at sheet.start
        doc.lines.extend(grid_lines(grid, sheet=name, trim=True))
    return doc


def workbook_grids(data: bytes) -> list[TableGrid]:
    """Every sheet of a workbook as one canonical grid (tests compare the formats on these)."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    out = []
    for name in book.sheet_names:
        sheet = book.get_sheet_by_name(name)
        top, left = sheet.start or (0, 0)
        out.append(sheet_grid(sheet.to_python(), sheet.merged_cell_ranges, top, left))
    return out
