"""The portfolio as an XLSX workbook people can print and file: set column widths, scores
with two places (81.90), rates as 0.00, a frozen header row, and the page's status words.

Written in openpyxl's write-only mode, so memory stays flat for 10,000 rows. Every string
goes through ``jixiao.io.xlsx_cells.assign`` (the one helper of every workbook we write): a
project named ``=HYPERLINK(…)`` stays text, never a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from ...core import field_labels as fl
from ...io.xlsx_cells import assign
from .table import status_label

# (header, row key or None for the status word, width in characters, number format)
# a project's own fields are named by core.field_labels, as on the portfolio page
COLUMNS = [(fl.of("project.name").zh, "name", 36, None), (fl.of("project.year").zh, "year", 7, "0"),
           (fl.of("project.department").zh, "department__name", 30, None),
           ("状态", None, 8, None), (fl.of("stated.total").zh, "stated_total", 10, "0.00"), ("计算得分", "computed_total", 10, "0.00"),
           ("财政复核得分", "review_score", 12, "0.00"), ("等级", "grade", 6, None),
           ("预算执行率(%)", "execution_rate", 13, "0.00"), ("错误", "n_errors", 6, "0"), ("警告", "n_warnings", 6, "0"),
           ("提示", "n_infos", 6, "0")]


def _cell(ws: Any, value: Any, number_format: str | None = None, **style: Any) -> WriteOnlyCell:
    cell = assign(WriteOnlyCell(ws, value=None), value)      # user text is never a formula
    if not isinstance(value, str) and number_format and value is not None:
        cell.number_format = number_format
    for key, item in style.items():
        setattr(cell, key, item)
    return cell


def workbook(rows: Iterable[dict[str, Any]]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("项目总览")
    for index, (_, _, width, _) in enumerate(COLUMNS, 1):
        ws.column_dimensions[_letter(index)].width = width
    ws.freeze_panes = "A2"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="F0F3F7")
    centre = Alignment(horizontal="center", vertical="center")
    ws.append([_cell(ws, header, font=bold, fill=fill, alignment=centre) for header, _, _, _ in COLUMNS])
    for r in rows:
        values = [status_label(r["status"], r["submitted_count"]) if key is None else r[key]
                  for _, key, _, _ in COLUMNS]
        ws.append([_cell(ws, v if v != "" else None, fmt) for v, (_, _, _, fmt) in zip(values, COLUMNS, strict=True)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter
    return str(get_column_letter(index))
