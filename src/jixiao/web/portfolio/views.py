"""The 财政 portfolio: filters, one-query table over the indexed columns, charts, XLSX export.

Nothing here re-scores a project: every figure is a column written when the project was
saved. Chart aggregates are cached for a few seconds per filter, since a season's overview
does not need to change between two page views.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import quote, urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Avg, Count, F, IntegerField, Q, QuerySet, Sum
from django.db.models.functions import Cast, Floor
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from ...core import field_labels as fl
from ..accounts import permissions as perm
from ..accounts.models import Department
from ..audit.models import record
from ..limits import database_id
from ..projects.models import ProjectRecord, Status
from . import charts
from .export import workbook
from .table import table_body

FINDING_FILTERS = {"errors": ("有错误", Q(n_errors__gt=0)), "warnings": ("有警告", Q(n_warnings__gt=0)),
                   "clean": ("无错误和警告", Q(n_errors=0, n_warnings=0))}
COLUMNS = ["id", "name", "year", "department__name", "status", "submitted_count", "stated_total",
           "computed_total", "self_score", "review_score", "grade", "execution_rate", "n_errors",
           "n_warnings", "n_infos"]
CHART_TTL = 15
# the table's sortable columns: page key → (ORM field, header)
SORTS = {"name": "name", "year": "year", "department": "department__name", "status": "status",
         "stated": "stated_total", "computed": "computed_total", "review": "review_score", "grade": "grade",
         "rate": "execution_rate", "errors": "n_errors", "warnings": "n_warnings", "infos": "n_infos"}
# a project's own fields are named by core.field_labels; 计算/复核得分, 等级 and 执行率 are the checker's results
HEADERS = [("name", fl.of("project.name").zh, ""), ("year", fl.of("project.year").zh, ""),
           ("department", fl.of("project.department").zh, ""), ("status", "状态", ""),
           ("stated", fl.of("stated.total").zh, "num"), ("computed", "计算得分", "num"), ("review", "复核得分", "num"),
           ("grade", "等级", ""), ("rate", "执行率", "num"), ("errors", "错误", "num"), ("warnings", "警告", "num"),
           ("infos", "提示", "num")]


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


def _sort(request: HttpRequest) -> str:
    """The chosen sort key ("-rate" is descending), or "" for the index order."""
    key = request.GET.get("sort", "")
    return key if key.lstrip("-") in SORTS else ""


def _rows(q: Q, sort: str = "") -> QuerySet[ProjectRecord, dict[str, Any]]:
    """By default in the (department, -year, id) index order, so a page is an index range, not a sort."""
    rows = ProjectRecord.objects.filter(q)
    if sort:
        column = F(SORTS[sort.lstrip("-")])
        ordered = column.desc(nulls_last=True) if sort.startswith("-") else column.asc(nulls_last=True)
        return rows.order_by(ordered, "id").values(*COLUMNS)
    return rows.order_by("department_id", "-year", "id").values(*COLUMNS)


class _Rows:
    """The table for the paginator: counted without the department join, sliced with it."""

    def __init__(self, q: Q, sort: str) -> None:
        self.q, self.sort = q, sort

    def count(self) -> int:
        return ProjectRecord.objects.filter(self.q).count()

    def __getitem__(self, item: slice) -> list[dict[str, Any]]:
        return list(_rows(self.q, self.sort)[item])


def _two(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _totals(qs: QuerySet[ProjectRecord]) -> dict[str, Any]:
    """The totals/averages row over every filtered project (not just this page)."""
    row = qs.aggregate(n=Count("id"), stated=Avg("stated_total"), computed=Avg("computed_total"),
                       review=Avg("review_score"), rate=Avg("execution_rate"), errors=Sum("n_errors"),
                       warnings=Sum("n_warnings"), infos=Sum("n_infos"), graded=Count("id", filter=~Q(grade="")))
    return {**row, **{k: _two(row[k]) for k in ("stated", "computed", "review", "rate")}}


def _aggregates(q: Q, key: str) -> dict[str, Any]:
    cached = cache.get(key)
    if cached is not None:
        return dict(cached)
    qs = ProjectRecord.objects.filter(q)
    # a project with nothing scored yet has no grade: it is not counted as 差, nor counted at all
    grade_rows = list(qs.exclude(grade="").values_list("department__name", "grade").annotate(n=Count("id"))
                      .order_by())
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
              "review_svg": charts.self_vs_review(review_rows), "review_rows": review_rows, "totals": _totals(qs)}
    cache.set(key, result, CHART_TTL)
    return result


def portfolio(request: HttpRequest) -> HttpResponse:
    perm.require(perm.can_see_portfolio(request.user), "财政总览仅对财政和管理员开放",
                 "the portfolio is for finance and administrators")
    chosen, q = _filters(request)
    sort = _sort(request)
    page = Paginator(_Rows(q, sort), 50).get_page(request.GET.get("page"))
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
        "totals": aggregates["totals"], "sort": sort,
        "page_query": urlencode({**{k: v for k, v in chosen.items() if v}, **({"sort": sort} if sort else {})}),
        "headers": [
            {"key": key, "label": label, "css": css, "arrow": "▲" if sort == key else "▼" if sort == f"-{key}" else "",
             "next": f"-{key}" if sort == key else key} for key, label, css in HEADERS],
    })


def export_xlsx(request: HttpRequest) -> HttpResponse:
    """The filtered table as a workbook, in the page's order and words (see ``export``)."""
    perm.require(perm.can_see_portfolio(request.user), "财政总览仅对财政和管理员开放",
                 "the portfolio is for finance and administrators")
    _, q = _filters(request)
    data = workbook(_rows(q, _sort(request)).iterator(chunk_size=2000))
    record("download", request, format="portfolio-xlsx", filters=request.GET.urlencode()[:500])
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('项目总览.xlsx')}"
    return response
