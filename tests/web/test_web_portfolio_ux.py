"""The portfolio as 财政 uses it: a blank project has no grade (not 差) and stays out of the grade
chart, columns sort, a totals/averages row, full department names, and an export that reads
like the page (widths, 81.90, frozen header, 再提交)."""

from __future__ import annotations

import io
import re
from decimal import Decimal

from openpyxl import load_workbook

from jixiao.core.model import Project
from jixiao.web.accounts.models import Department
from jixiao.web.projects.models import ProjectRecord
from jixiao.web.projects.workflow import create_project


def test_blank_project_has_no_score_and_no_grade(world) -> None:
    rec = create_project(Project(name="空白项目", year=2025, framework="mof-2020-selfeval"), world.a,
                         world.users["prep_a"])
    assert rec.computed_total is None and rec.grade == ""
    page = world.client("prep_a").get(f"/projects/{rec.pk}/").content.decode()
    assert re.search(r'id="grade">—<', page) and "差" not in re.search(r'id="grade">[^<]*<', page).group(0)
    html = world.client("fin").get("/portfolio/").content.decode()
    chart = html[html.index("各部门等级分布"):html.index("计算得分与预算执行率")]
    # two scored projects (one per department) are drawn; the blank one is neither 差 nor 未评
    assert chart.count('<g id="seg-') == 2 and "未评" not in chart


def test_sort_and_totals_row(world) -> None:
    ProjectRecord.objects.filter(pk=world.project_a.pk).update(computed_total=Decimal("70.10"),
                                                               execution_rate=Decimal("80.00"))
    ProjectRecord.objects.filter(pk=world.project_b.pk).update(computed_total=Decimal("90.20"),
                                                               execution_rate=Decimal("90.00"))
    fin = world.client("fin")
    up = fin.get("/portfolio/?sort=computed").content.decode()
    down = fin.get("/portfolio/?sort=-computed").content.decode()
    a, b = world.project_a.name, world.project_b.name
    assert up.index(a) < up.index(b) and down.index(b) < down.index(a)
    assert "计算得分 ▼" in down and "sort=computed" in down        # the header flips the order back
    totals = down[down.index("<tfoot>"):]
    assert "合计 2 个项目" in totals and "80.15" in totals and "85.00%" in totals   # (70.10+90.20)/2, (80+90)/2
    assert fin.get("/portfolio/?sort=__class__").status_code == 200              # unknown keys are ignored


def test_full_department_names_in_charts(world) -> None:
    long_name = "深圳市某某区城市管理和综合执法局"
    Department.objects.filter(pk=world.a.pk).update(name=long_name)
    ProjectRecord.objects.filter(pk=world.project_a.pk).update(review_score=Decimal(80), self_score=Decimal(90))
    html = world.client("fin").get("/portfolio/").content.decode()
    assert html.count(f">{long_name}</text>") == 2                    # grade bars and self vs review


def test_export_reads_like_the_page(world) -> None:
    ProjectRecord.objects.filter(pk=world.project_a.pk).update(status="submitted", submitted_count=2,
                                                               computed_total=Decimal("81.9"), name="=1+1")
    response = world.client("fin").get("/portfolio/export.xlsx?sort=name")
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["A"].width >= 30 and ws.column_dimensions["C"].width >= 20
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    row = rows["=1+1"]                                                  # text, not a formula
    assert row[0].data_type == "s"
    assert row[3].value == "再提交"
    assert row[5].value == Decimal("81.9") or float(row[5].value) == 81.9
    assert row[5].number_format == "0.00" and row[8].number_format == "0.00"
