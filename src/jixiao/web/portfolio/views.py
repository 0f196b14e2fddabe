"""The 财政 portfolio: filters, one-query table over the indexed columns, charts, XLSX export.

Nothing here re-scores a project: every figure is a column written when the project was
saved. Chart aggregates are cached for a few seconds per filter, since a season's overview
does not need to change between two page views.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any
from urllib.parse import quote, urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Avg, Count, F, IntegerField, Q, QuerySet
from django.db.models.functions import Cast, Floor
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from ...io.xlsx_cells import row_cells
from ..accounts import permissions as perm
from ..accounts.models import Department
from ..audit.models import record
from ..limits import database_id
from ..projects.models import ProjectRecord, Status
from . import charts
from .table import table_body

FINDING_FILTERS = {"errors": ("有错误", Q(n_errors__gt=0)), "warnings": ("有警告", Q(n_warnings__gt=0)),
                   "clean": ("无错误和警告", Q(n_errors=0, n_warnings=0))}
COLUMNS = ["id", "name", "year", "department__name", "status", "submitted_count", "stated_total",
           "computed_total", "self_score", "review_score", "grade", "execution_rate", "n_errors",
           "n_warnings", "n_infos"]
CHART_TTL = 15


def _filters(request: HttpRequest) -> tuple[dict[str, str], Q]:
    chosen = {k: request.GET.get(k, "").strip() for k in ("year", "department", "grade", "status", "findings")}
    q = Q()
    if chosen["year"].isdigit() and len(chosen["year"]) <= 4:
        q &= Q(year=int(chosen["year"]))
    department = database_id(chosen["department"])     # a huge or odd id filters nothing, never a 500
    if department is not None:
        q &= Q(department_id=department)
    if chosen["grade"]:
        q &= Q(grade=chosen["grade"])
    if chosen["status"] in Status.values:
        q &= Q(status=chosen["status"])
    if chosen["findings"] in FINDING_FILTERS:
        q &= FINDING_FILTERS[chosen["findings"]][1]
    return chosen, q


def _rows(q: Q) -> QuerySet[ProjectRecord, dict[str, Any]]:
    """Ordered to match the (department, -year, id) index, so a page is an index range, not a sort."""
    return ProjectRecord.objects.filter(q).order_by("department_id", "-year", "id").values(*COLUMNS)


class _Rows:
    """The table for the paginator: counted without the department join, sliced with it."""

    def __init__(self, q: Q) -> None:
        self.q = q

    def count(self) -> int:
        return ProjectRecord.objects.filter(self.q).count()

    def __getitem__(self, item: slice) -> list[dict[str, Any]]:
        return list(_rows(self.q)[item])


def _aggregates(q: Q, key: str) -> dict[str, Any]:
    cached = cache.get(key)
    if cached is not None:
        return dict(cached)
    qs = ProjectRecord.objects.filter(q)
    grade_rows = list(qs.values_list("department__name", "grade").annotate(n=Count("id")).order_by())
    bins = list(qs.filter(computed_total__isnull=False, execution_rate__isnull=False)
                .annotate(rb=Cast(Floor(F("execution_rate") / 5), IntegerField()),
                          sb=Cast(Floor(F("computed_total") / 5), IntegerField()))
                .values_list("rb", "sb").annotate(n=Count("id")).order_by())
    review = list(qs.filter(review_score__isnull=False, self_score__isnull=False)
                  .values("department__name").annotate(avg_self=Avg("self_score"), avg_review=Avg("review_score"),
                                                       n=Count("id")).order_by())
    review_rows = sorted(({"department": r["department__name"], "self": Decimal(str(r["avg_self"])).quantize(Decimal("0.01")),
                           "review": Decimal(str(r["avg_review"])).quantize(Decimal("0.01")), "n": r["n"]}
                          for r in review), key=lambda r: r["review"] - r["self"])
    for row in review_rows:
        row["gap"] = row["self"] - row["review"]
    result = {"grade_svg": charts.grade_bars(grade_rows), "scatter_svg": charts.score_vs_rate(bins),
              "review_svg": charts.self_vs_review(review_rows), "review_rows": review_rows}
    cache.set(key, result, CHART_TTL)
    return result


def portfolio(request: HttpRequest) -> HttpResponse:
    perm.require(perm.can_see_portfolio(request.user), "财政总览仅对财政和管理员开放",
                 "the portfolio is for finance and administrators")
    chosen, q = _filters(request)
    page = Paginator(_Rows(q), 50).get_page(request.GET.get("page"))
    aggregates = _aggregates(q, "portfolio:" + urlencode(sorted(chosen.items())))
    years = cache.get_or_set("portfolio:years", lambda: sorted(
        {y for y in ProjectRecord.objects.values_list("year", flat=True).distinct() if y}, reverse=True), 60)
    departments = cache.get_or_set("portfolio:departments",
                                   lambda: list(Department.objects.values_list("pk", "name")), 60)
    return render(request, "jixiao/portfolio.html", {
        "page": page, "table_body": mark_safe(table_body(list(page.object_list))), "chosen": chosen, "query": urlencode({k: v for k, v in chosen.items() if v}),
        "departments": [(pk, name, str(pk) == chosen["department"]) for pk, name in departments],
        "years": [(y, str(y) == chosen["year"]) for y in years], "grades": charts.GRADES,
        "statuses": Status.choices, "status_labels": dict(Status.choices), "finding_filters": {k: v[0] for k, v in FINDING_FILTERS.items()},
        "grade_svg": mark_safe(aggregates["grade_svg"]), "scatter_svg": mark_safe(aggregates["scatter_svg"]),
        "review_svg": mark_safe(aggregates["review_svg"]), "review_rows": aggregates["review_rows"],
    })


def export_xlsx(request: HttpRequest) -> HttpResponse:
    """The filtered table as a workbook (write-only mode: memory stays flat for 10,000 rows)."""
    perm.require(perm.can_see_portfolio(request.user), "财政总览仅对财政和管理员开放",
                 "the portfolio is for finance and administrators")
    from openpyxl import Workbook
    _, q = _filters(request)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("项目总览")
    ws.append(["项目名称", "年度", "主管部门", "状态", "自评得分", "计算得分", "财政复核得分", "等级",
               "预算执行率(%)", "错误", "警告", "提示"])
    labels = dict(Status.choices)
    for r in _rows(q).iterator(chunk_size=2000):
        ws.append(row_cells(ws, [r["name"], r["year"], r["department__name"], labels.get(r["status"], r["status"]),
                                 r["stated_total"], r["computed_total"], r["review_score"], r["grade"],
                                 r["execution_rate"], r["n_errors"], r["n_warnings"], r["n_infos"]]))
    out = io.BytesIO()
    wb.save(out)
    record("download", request, format="portfolio-xlsx", filters=request.GET.urlencode()[:500])
    response = HttpResponse(out.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('项目总览.xlsx')}"
    return response
