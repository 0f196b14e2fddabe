"""Cells of every workbook we write: user text is always text, only our own formulas are formulas.

openpyxl turns any string starting with ``=`` into a formula, and Excel/WPS treat text
starting with ``= + - @`` (or a tab/CR before them) as the start of one when a cell is edited.
So a project named ``=HYPERLINK(…)`` would become a live link in the 财政 export. Here a
string is stored as a string cell, with the "quote prefix" style when it starts with such a
character, and illegal XML control characters removed; a formula the writer builds is
wrapped in ``Formula`` and is the only thing written as one.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

RISKY_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
MAX_CELL_TEXT = 32_000          # Excel's limit is 32,767 characters


class Formula(str):
    """A formula composed by our writer (``=SUM(…)``, ``=IF(…)``), never from user text."""


def clean_text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_TEXT]


def assign(cell: Any, value: object) -> Any:
    """Put ``value`` into an openpyxl cell (normal or write-only) safely; return the cell."""
    if isinstance(value, Formula):
        cell.value = str(value)
        return cell
    if isinstance(value, str):
        text = clean_text(value)
        cell.value = text
        cell.data_type = "s"                 # never "f", whatever the first character
        if text.lstrip(" ").startswith(RISKY_START):
            cell.quotePrefix = True          # Excel keeps it text when the cell is edited
        return cell
    cell.value = value
    return cell


def row_cells(ws: Any, values: list[object]) -> list[Any]:
    """A row for a write-only sheet: strings become safe text cells, other values pass through."""
    out: list[Any] = []
    for value in values:
        if isinstance(value, str):
            out.append(assign(WriteOnlyCell(ws), value))
        else:
            out.append(value)
    return out
