"""Batch pages: list and create, the batch page (progress, results, corrections), findings, workbook."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..accounts import permissions as perm
from ..accounts.models import Department
from ..uploads import Refusal
from . import downloads, queue, service
from .models import Batch, FileRecord, Result, Run, State

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

FILTERS: dict[str, tuple[str, dict[str, Any]]] = {"errors": ("有错误", {"state": State.OK, "n_errors__gt": 0}),
           "warnings": ("有警告", {"state": State.OK, "n_warnings__gt": 0}),
           "clean": ("无错误和警告", {"state": State.OK, "n_errors": 0, "n_warnings": 0}),
           "unreadable": ("无法读取", {"state": State.UNREADABLE}),
           "unmatched": ("待确认部门", {"department__isnull": True})}


def _require(request: HttpRequest) -> None:
    perm.require(service.can_batch(request.user), "只有财政和审核人可以批量复核", "only 财政 and reviewers run batches")


def _uploads(request: HttpRequest) -> list[tuple[str, bytes]]:
    from django.conf import settings
    limit = settings.PROJECT_UPLOAD_MAX_BYTES * 2    # a ZIP may be larger than one report
    return [(item.name or "upload", item.read(limit + 1)) for item in request.FILES.getlist("files")]


def _report(request: HttpRequest, taken: Any) -> None:
    if taken.files:
        messages.success(request, f"已加入{len(taken.files)}个文件，正在后台复核")
    for name, refusal in taken.refused[:20]:
        messages.error(request, f"{name}：{refusal.zh}")
    if len(taken.refused) > 20:
        messages.error(request, f"另有{len(taken.refused) - 20}个文件被拒绝")


def batches(request: HttpRequest) -> HttpResponse:
    _require(request)
    if request.method == "POST":
        try:
            batch = service.create(request.POST.get("name", ""), request.user)
        except Refusal as exc:
            messages.error(request, exc.zh)
            return redirect("batches")
        _report(request, service.add_files(batch, _uploads(request), request.user))
        return redirect("batch", pk=batch.pk)
    page = Paginator(service.visible_batches(request.user), 50).get_page(request.GET.get("page"))
    rows = [(b, service.progress(b.latest_run()) if b.latest_run() else None) for b in page]
    return render(request, "jixiao/batches/list.html", {"page": page, "rows": rows})


def _results(run: Run, chosen: dict[str, str]) -> Any:
    qs = Result.objects.filter(run=run).select_related("file", "department").defer("findings", "file__content",
                                                                                   "pending")
    if chosen["show"] in FILTERS:
        qs = qs.filter(**FILTERS[chosen["show"]][1])
    if chosen["department"].isdigit():
        qs = qs.filter(department_id=int(chosen["department"]))
    if chosen["grade"]:
        qs = qs.filter(grade=chosen["grade"])
    if chosen["q"]:
        qs = qs.filter(file__name__icontains=chosen["q"]) | qs.filter(project__icontains=chosen["q"])
    return qs.order_by("file_id")


def _reviews(results: list[Result]) -> dict[int, FileRecord]:
    ids = [row["record_id"] for r in results for row in r.rows if row.get("record_id")]
    links = FileRecord.objects.filter(record_id__in=ids).select_related("record", "reviewed_by")
    for link in links:
        link.tag = service.review_tag(link)     # the form's If-Match
    return {link.record_id: link for link in links}


def batch(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    b = service.get_batch(request.user, pk)
    run = service.run_of(b, request.GET.get("run"))
    chosen = {k: request.GET.get(k, "").strip() for k in ("show", "department", "grade", "q")}
    page = Paginator(_results(run, chosen), 100).get_page(request.GET.get("page"))
    results = list(page)
    reviews = _reviews(results)
    table = [{"r": r, "rows": [{**row, "link": reviews.get(row.get("record_id") or 0)} for row in r.rows]}
             for r in results]
    query = urlencode({k: v for k, v in {**chosen, "run": run.number}.items() if v})
    return render(request, "jixiao/batches/batch.html", {
        "batch": b, "run": run, "runs": b.runs.all(), "progress": service.progress(run), "table": table,
        "page": page, "chosen": chosen, "filters": FILTERS, "query": query,
        "departments": Department.objects.all(), "workers": queue.workers_online(),
        "can_review": perm.sees_all(request.user), "grades": ["优", "良", "中", "差"],
        "unmatched": b.files.filter(department__isnull=True, results__run=run,
                                    results__state=State.OK).defer("content").distinct()})


def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The live progress bar (htmx polls it while the run is unfinished)."""
    _require(request)
    b = service.get_batch(request.user, pk)
    run = service.run_of(b, request.GET.get("run"))
    state = service.progress(run)
    if state.finished and request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"      # the run just finished: reload the page with its full table
        return response
    return render(request, "jixiao/batches/_progress.html", {"batch": b, "run": run, "progress": state,
                                                              "workers": queue.workers_online()})


def file_findings(request: HttpRequest, pk: int, number: int, file_id: int) -> HttpResponse:
    _require(request)
    b = service.get_batch(request.user, pk)
    run = service.run_of(b, number)
    result = Result.objects.filter(run=run, file_id=file_id).select_related("file", "department") \
        .defer("file__content").first()
    if result is None:
        from django.http import Http404
        raise Http404("该文件尚未复核 / not checked yet")
    reviews = _reviews([result])
    return render(request, "jixiao/batches/file.html", {
        "batch": b, "run": run, "result": result,
        "findings": sorted(result.findings, key=lambda f: SEVERITY_ORDER.get(f.get("severity"), 3)),
        "rows": [{**row, "link": reviews.get(row.get("record_id") or 0)} for row in result.rows]})


def workbook(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The same two-sheet review workbook that ``jixiao check --summary`` writes (audited)."""
    _require(request)
    b = service.get_batch(request.user, pk)
    return downloads.workbook(request, b, service.run_of(b, number))


def original(request: HttpRequest, pk: int, file_id: int) -> HttpResponse:
    """A batch file as uploaded (audited)."""
    _require(request)
    return downloads.original(request, service.get_batch(request.user, pk), file_id)


@require_POST
def add(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    b = service.get_batch(request.user, pk)
    _report(request, service.add_files(b, _uploads(request), request.user))
    return redirect("batch", pk=b.pk)


@require_POST
def recheck(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request)
    b = service.get_batch(request.user, pk)
    run = service.recheck(b, request.user)
    messages.success(request, f"已开始第{run.number}次复核，此前的结果保留")
    return redirect(f"/batches/{b.pk}/?run={run.number}")


@require_POST
def department(request: HttpRequest, pk: int, file_id: int) -> HttpResponse:
    _require(request)
    b = service.get_batch(request.user, pk)
    try:
        made = service.set_department(b, file_id, request.POST.get("department", ""), request.user)
        messages.success(request, f"已确认部门，建立{made}条记录")
    except Refusal as exc:
        messages.error(request, exc.zh)
    return redirect(_safe_next(request.POST.get("next", ""), b))


@require_POST
def review(request: HttpRequest, pk: int, record_id: int) -> HttpResponse:
    _require(request)
    b = service.get_batch(request.user, pk)
    try:
        service.review(b, record_id, request.POST.get("score", ""), request.POST.get("comment", ""),
                       request.user, request, if_match=request.POST.get("tag"))
        messages.success(request, "复核得分已保存")
    except Refusal as exc:
        messages.error(request, exc.zh)
    except service.StaleReview as exc:
        score = exc.current["score"] or "（无）"
        who = exc.current["reviewed_by"] or "他人"
        messages.error(request, f"未保存：{who}已在你打开页面之后修改了这条复核（现为 {score}），请核对后重新填写")
    return redirect(_safe_next(request.POST.get("next", ""), b))


def _safe_next(value: str, batch: Batch) -> str:
    return value if value.startswith(f"/batches/{batch.pk}/") else f"/batches/{batch.pk}/"
