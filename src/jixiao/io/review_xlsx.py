"""The review workbook of a batch check (``jixiao check --summary review.xlsx``).

Sheet 1 has one row per report (project, department, year, stated and computed score and
grade, execution rate, findings by severity); sheet 2 lists every finding. Only plain cell
values, an auto-filter and frozen headers: what Excel and WPS both open without repair.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..core.money import to_decimal
from .xlsx_cells import assign

REPORT_COLUMNS = (
    ("file", "文件 File", 36), ("status", "状态 Status", 10), ("project", "项目 Project", 28), ("department", "部门 Department", 28),
    ("year", "年度 Year", 8), ("stated_total", "填报总分 Stated score", 12),
    ("computed_total", "计算总分 Computed score", 12), ("stated_grade", "填报等级 Stated grade", 10),
    ("computed_grade", "计算等级 Computed grade", 10), ("stated_execution_rate", "填报执行率% Stated rate", 12),
    ("execution_rate", "计算执行率% Computed rate", 12), ("errors", "错误 Errors", 8),
    ("warnings", "警告 Warnings", 8), ("infos", "提示 Infos", 8),
)
FINDING_COLUMNS = (
    ("file", "文件 File", 36), ("line", "行 Line", 7), ("column", "列 Col", 6), ("code", "代码 Code", 8),
    ("severity", "级别 Severity", 9), ("slug", "规则 Rule", 28), ("message", "说明 Message", 70),
    ("hint", "提示 Hint", 40), ("model_path", "位置 Model path", 30),
)
_NUMERIC = {"stated_total", "computed_total", "stated_execution_rate", "execution_rate"}
_HEAD = PatternFill("solid", fgColor="DDEBF7")


_STATUS = {"read": "已读取 read", "unreadable": "无法读取 unreadable"}


def _cell(key: str, value: Any) -> Any:
    if value is None:
        return None
    if key == "status":
        value = _STATUS.get(value, value)
    if key in _NUMERIC:
        number = to_decimal(str(value))
        return number if number is not None else value
    return value


def _sheet(ws: Any, columns: tuple[tuple[str, str, int], ...], rows: Iterable[Mapping[str, Any]]) -> None:
    ws.append([title for _, title, _ in columns])
    for i, (_, _, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
        head = ws.cell(row=1, column=i)
        head.font = Font(bold=True)
        head.fill = _HEAD
        head.alignment = Alignment(vertical="center", wrap_text=True)
    count = 0
    for row in rows:
        count += 1
        for col, (key, _, _) in enumerate(columns, start=1):
            assign(ws.cell(row=count + 1, column=col), _cell(key, row.get(key)))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"


def write_review(path: Path, reports: Iterable[Mapping[str, Any]], findings: Iterable[Mapping[str, Any]]) -> None:
    """Write the two-sheet review workbook."""
    wb = Workbook()
    ws = wb.active
    ws.title = "报告 Reports"
    _sheet(ws, REPORT_COLUMNS, reports)
    _sheet(wb.create_sheet("问题 Findings"), FINDING_COLUMNS, findings)
    wb.save(path)
