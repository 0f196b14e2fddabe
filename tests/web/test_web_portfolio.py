"""The 财政 portfolio: filters, indexed columns, charts, XLSX export, self vs re-review."""

from __future__ import annotations

import io
from decimal import Decimal

import oracle
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from jixiao.web.accounts.models import Department
from jixiao.web.demo import bulk_synthetic
from jixiao.web.projects.models import ProjectRecord


def _fill(world, n: int = 60) -> None:
    bulk_synthetic(n, [world.a, world.b], world.users["adm"], variants=12)


def test_stored_columns_follow_the_rules(world) -> None:
    """The indexed columns against figures computed from the stored document by rules.md (oracle)."""
    for rec in (world.project_a, world.project_b):
        total = oracle.selfeval_total(rec.document)
        assert rec.computed_total == total and rec.grade == oracle.grade(total)
        assert rec.execution_rate == oracle.execution_rate(rec.document)
        assert rec.stated_total == Decimal(rec.document["stated"]["total"])
        # the leaves weigh 90 (+10 for 预算执行率) and every unmet target gives its reason: no errors
        assert sum(Decimal(leaf["weight"]) for leaf in oracle.leaves(rec.document["indicators"])) == 90
        assert all(t["deviation_reason"] for t in rec.document["targets"] if Decimal(t["actual"]) < Decimal(t["value"]))
        assert rec.n_errors == 0


def test_portfolio_table_filters_and_charts(world) -> None:
    _fill(world)
    fin = world.client("fin")
    html = fin.get("/portfolio/").content.decode()
    assert "<svg" in html and "各部门等级分布" in html and "计算得分与预算执行率" in html
    assert "甲部门" in html and "乙部门" in html
    only_b = fin.get(f"/portfolio/?department={world.b.pk}&year=2022").content.decode()
    rows = ProjectRecord.objects.filter(department=world.b, year=2022)
    assert rows.exists()
    assert all(r.name in only_b for r in rows[:20])
    assert world.project_a.name not in only_b
    grade = ProjectRecord.objects.exclude(grade="").values_list("grade", flat=True).first()
    graded = fin.get("/portfolio/", {"grade": grade}).content.decode()
    assert f"<td>{grade}</td>" in graded
    assert "项目A" not in fin.get("/portfolio/?findings=errors").content.decode()


def test_portfolio_table_is_one_query(world) -> None:
    _fill(world, 120)
    fin = world.client("fin")
    fin.get("/portfolio/")                       # warm the chart cache
    with CaptureQueriesContext(connection) as queries:
        assert fin.get("/portfolio/?page=2").status_code == 200
    table = [q["sql"] for q in queries.captured_queries if "projects_projectrecord" in q["sql"]]
    assert len([q for q in table if not q.startswith("SELECT COUNT(*)")]) == 1, table


def test_xlsx_export_has_filtered_rows(world) -> None:
    _fill(world, 40)
    response = world.client("fin").get(f"/portfolio/export.xlsx?department={world.a.pk}")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb.active
    header = [c.value for c in ws[1]]
    assert header[:4] == ["项目名称", "年度", "主管部门", "状态"]
    departments = {row[2] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert departments == {"甲部门"}
    assert ws.max_row - 1 == ProjectRecord.objects.filter(department=world.a).count()


def test_self_score_against_rereview(world) -> None:
    ProjectRecord.objects.filter(pk=world.project_a.pk).update(self_score=Decimal(95), review_score=Decimal(80),
                                                               status="approved")
    ProjectRecord.objects.filter(pk=world.project_b.pk).update(self_score=Decimal(82), review_score=Decimal(81),
                                                               status="approved")
    html = world.client("fin").get("/portfolio/").content.decode()
    table = html[html.index("平均自评"):]
    assert table.index("甲部门") < table.index("乙部门")     # the bigger self-flatterer first
    assert "15.00" in table


def test_department_filter_ignores_garbage(world) -> None:
    assert world.client("fin").get("/portfolio/?department=abc&year=x&status=zzz").status_code == 200
    assert Department.objects.count() == 2
