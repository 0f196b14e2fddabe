"""The 自评表: both layouts, merged cells, print setup, live totals with their results cached."""

from __future__ import annotations

import io
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from publish_helpers import need
from python_calamine import CalamineWorkbook

from jixiao.publish import render
from jixiao.publish.xlsx_writer import is_selfeval


def values(data: bytes, sheet: int = 0) -> list[list[object]]:
    """What a reader that does not evaluate formulas sees (the cached results)."""
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(sheet).to_python()


def find(rows: list[list[object]], label: str) -> tuple[int, int]:
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v == label:
                return r, c
    raise AssertionError(f"{label} not found")


@pytest.fixture(scope="module")
def scoring_xlsx(pingshan) -> bytes:
    project, card = pingshan
    return render(project, card, "xlsx")


@pytest.fixture(scope="module")
def selfeval_xlsx(selfeval) -> bytes:
    project, card = selfeval
    return render(project, card, "xlsx")


def test_layout_follows_the_framework(pingshan, selfeval):
    assert not is_selfeval(pingshan[1])
    assert is_selfeval(selfeval[1])


def test_scoring_layout_has_merged_levels_and_live_totals(scoring_xlsx):
    wb = openpyxl.load_workbook(io.BytesIO(scoring_xlsx))
    ws = wb["评分表"]
    header = [c.value for c in ws[4]]
    assert header == ["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "指标解释", "得分"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A5:A7", "B5:B7", "A8:A15", "C9:C10"} <= merged
    assert ws["A21"].value == "合计"
    assert ws["H21"].value == "=SUM(H5:H20)"
    assert ws["B21"].value == "=SUM(B5:B20)"
    assert ws["B22"].value.startswith('=IF(H21>=90,"优",IF(H21>=80,"良"')
    assert ws.print_title_rows == "$4:$4"
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert wb.sheetnames == ["评分表", "项目资金与绩效目标"]


def test_cached_results_match_the_score_card(scoring_xlsx, pingshan):
    rows = values(scoring_xlsx)
    r, c = find(rows, "合计")
    assert rows[r][1] == 100 and rows[r][7] == 98
    assert rows[r + 1][1] == "优"
    assert sum(rows[i][7] for i in range(4, 20)) == 98
    funds = values(scoring_xlsx, 1)
    r, c = find(funds, "年度资金总额")
    assert funds[r][c + 1:c + 6] == [1423.71, 1375.72, 1372.97, "—", 99.8]


def test_selfeval_layout_scores_execution_in_the_funds_block(selfeval_xlsx, selfeval):
    _, card = selfeval
    wb = openpyxl.load_workbook(io.BytesIO(selfeval_xlsx))
    ws = wb["自评表"]
    labels = [c.value for c in ws[5]]
    assert labels[2:8] == ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    assert ws["B6"].value == "年度资金总额" and ws["H6"].value.startswith("=IF(N(D6)=0,0,ROUND(MIN(1,N(E6)/D6)*F6,2))")
    rows = values(selfeval_xlsx)
    assert rows[5][2:8] == [500, 480, 456.3, 10, 95.06, 9.51]
    # the form's own labels: the project's 本年财政拨款 is the form's 当年财政拨款, and 其他资金 is always there
    assert [rows[i][1] for i in (6, 7, 8)] == ["其中：当年财政拨款", "上年结转资金", "其他资金"]
    assert rows[6][2:5] == [400, 380, 361.3] and rows[6][5] == "—"
    assert rows[8][2:5] == ["—", "—", "—"]     # no such source: blank, not 0.00
    r, _ = find(rows, "一级指标")
    assert rows[r][1:9] == ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                            "偏差原因分析及改进措施"]
    visits = next(row for row in rows if row[3] == "居家养老上门服务人次")
    assert visits[4:8] == ["≥12000人次", "11400人次", 15, 14.25]
    assert visits[8].startswith("三季度两家服务机构更换")
    total_row = next(i for i, row in enumerate(rows) if row[0] == "总分")
    assert rows[total_row][6:8] == [100, float(card.total)]
    assert rows[total_row + 1][:2] == ["等级", card.grade]
    total = ws.cell(total_row + 1, 8).value
    assert total.startswith("=SUM(H6,H") and ws.cell(total_row + 1, 7).value.startswith("=SUM(F6,G")


def test_number_formats_print_area_and_row_heights(selfeval_xlsx):
    wb = openpyxl.load_workbook(io.BytesIO(selfeval_xlsx))
    ws = wb["自评表"]
    formats = {c.number_format for row in ws.iter_rows() for c in row if isinstance(c.value, int | float)}
    # "0.##" shows 10 as "10." in Excel and WPS; scores are General, money 0.00
    assert not [f for f in formats if f.endswith(".##") or f.endswith(".#")], formats
    assert ws.print_area == f"'自评表'!$A$1:$I${ws.max_row}"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    visits = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 4).value == "居家养老上门服务人次")
    reason = ws.cell(visits, 9).value
    # 31 CJK characters in a 32-wide column at ~1.8 units each: 2 lines at least → taller than one line
    assert len(reason) > 30 and ws.row_dimensions[visits].height >= 2 * 13.5


def test_every_formula_is_well_formed(scoring_xlsx, selfeval_xlsx):
    for data in (scoring_xlsx, selfeval_xlsx):
        wb = openpyxl.load_workbook(io.BytesIO(data))
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and cell.value.startswith("="):
                        assert cell.value.count("(") == cell.value.count(")"), cell.coordinate
                        assert "#REF" not in cell.value and "None" not in cell.value, cell.coordinate


@pytest.mark.slow
def test_libreoffice_opens_it_and_totals_follow_an_edit(selfeval_xlsx, selfeval, tmp_path: Path):
    """Edit a leaf score the way a user would; the total and grade recompute in a real spreadsheet."""
    soffice = need("soffice")
    _, card = selfeval
    wb = openpyxl.load_workbook(io.BytesIO(selfeval_xlsx))
    ws = wb["自评表"]
    visits_row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 4).value == "居家养老上门服务人次")
    ws.cell(visits_row, 8).value = 5           # was 14.25: the total drops by 9.25
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    subprocess.run([soffice, "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path), str(edited)],
                   check=True, capture_output=True, timeout=180)
    csv = (tmp_path / "edited.csv").read_text(encoding="utf-8")   # filter option 76: UTF-8
    total_line = next(line for line in csv.splitlines() if line.startswith("总分"))
    expected = card.total - Decimal("9.25")
    assert f"{expected:f}".rstrip("0").rstrip(".") in total_line
    assert "优" not in next(line for line in csv.splitlines() if line.startswith("等级")) or expected >= 90


def test_merges_never_overlap_or_hide_values(scoring_xlsx, selfeval_xlsx):
    """Overlapping merges or values under a merge make Excel offer to repair the file."""
    import itertools

    for data in (scoring_xlsx, selfeval_xlsx):
        wb = openpyxl.load_workbook(io.BytesIO(data))
        for ws in wb.worksheets:
            ranges = list(ws.merged_cells.ranges)
            assert ranges
            assert not [(str(a), str(b)) for a, b in itertools.combinations(ranges, 2) if not a.isdisjoint(b)]
            for rng in ranges:
                cells = ws.iter_rows(min_row=rng.min_row, max_row=rng.max_row, min_col=rng.min_col,
                                     max_col=rng.max_col)
                hidden = [c.coordinate for row in cells for c in row
                          if (c.row, c.column) != (rng.min_row, rng.min_col) and c.value not in (None, "")]
                assert not hidden, (ws.title, str(rng), hidden)
