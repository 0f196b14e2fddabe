"""Batch review in the JSON API: create a batch, upload files, poll progress, fetch results, record 复核.

Mounted on the project's NinjaAPI (same authentication and error envelope); documented in
/api/docs like every other endpoint.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import File, Header, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from ..errors import envelope
from ..uploads import Refusal
from . import downloads, service
from .models import Batch, Result

router = Router(tags=["batches"])


class BatchIn(Schema):
    name: str


class ProgressOut(Schema):
    run: int
    total: int
    done: int
    unreadable: int
    with_errors: int
    finished: bool
    percent: int


class BatchOut(Schema):
    id: int
    name: str
    department: str | None
    url: str
    runs: list[ProgressOut]


class RefusedOut(Schema):
    name: str
    message: str
    message_en: str


class UploadOut(Schema):
    added: int
    refused: list[RefusedOut]
    run: int


class ResultOut(Schema):
    file_id: int
    file: str
    state: str
    reason: str
    department: str | None
    rows: list[dict[str, Any]]
    findings_url: str


class ResultList(Schema):
    run: int
    count: int
    items: list[ResultOut]


class ReviewIn(Schema):
    score: str
    comment: str = ""


class ReviewOut(Schema):
    record_id: int
    score: str | None
    comment: str
    version: int
    etag: str
    reviewed_by: str | None
    reviewed: str | None


class ErrorOut(Schema):
    """The one error envelope (``jixiao.web.errors.envelope``); a 409's details hold the current review."""

    error: dict[str, Any]


def _allowed(request: HttpRequest) -> None:
    if not service.can_batch(request.user):
        raise PermissionDenied("只有财政和审核人可以批量复核 / only 财政 and reviewers run batches")


def _batch_out(batch: Batch) -> dict[str, Any]:
    return {"id": batch.pk, "name": batch.name, "department": batch.department.name if batch.department else None,
            "url": f"/batches/{batch.pk}/",
            "runs": [service.progress(run).as_dict() for run in batch.runs.order_by("number")]}


def _refusal(exc: Refusal, status: int = 422) -> HttpError:
    return HttpError(status, f"{exc.zh} / {exc.en}")


@router.post("", response={201: BatchOut}, summary="新建批次 / create a batch")
def create_batch(request: HttpRequest, payload: BatchIn) -> Status[dict[str, Any]]:
    _allowed(request)
    try:
        batch = service.create(payload.name, request.user)
    except Refusal as exc:
        raise _refusal(exc) from exc
    return Status(201, _batch_out(batch))


@router.get("", response=list[BatchOut], summary="批次列表 / list batches")
def list_batches(request: HttpRequest, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    _allowed(request)
    if not 1 <= limit <= 500 or offset < 0:
        raise HttpError(422, "limit 应在1到500之间，offset 不能为负 / limit must be 1..500, offset ≥ 0")
    return [_batch_out(b) for b in service.visible_batches(request.user)[offset:offset + limit]]


@router.get("/{int:pk}", response=BatchOut, summary="批次进度 / batch status and progress of every run")
def batch_status(request: HttpRequest, pk: int) -> dict[str, Any]:
    _allowed(request)
    return _batch_out(service.get_batch(request.user, pk))


@router.post("/{int:pk}/files", response=UploadOut,
             summary="上传报告或 ZIP / upload report files or ZIP archives (multipart field 'files')")
def upload_files(request: HttpRequest, pk: int, files: File[list[UploadedFile]]) -> dict[str, Any]:
    _allowed(request)
    batch = service.get_batch(request.user, pk)
    from django.conf import settings
    limit = settings.PROJECT_UPLOAD_MAX_BYTES * 2
    taken = service.add_files(batch, [(f.name or "upload", f.read(limit + 1)) for f in files], request.user)
    run = batch.latest_run()
    return {"added": len(taken.files), "run": run.number if run else 1,
            "refused": [{"name": n, "message": r.zh, "message_en": r.en} for n, r in taken.refused]}


@router.post("/{int:pk}/recheck", response={201: ProgressOut}, summary="重新复核（新一轮）/ re-check as a new run")
def recheck(request: HttpRequest, pk: int) -> Status[dict[str, Any]]:
    _allowed(request)
    run = service.recheck(service.get_batch(request.user, pk), request.user)
    return Status(201, service.progress(run).as_dict())


@router.get("/{int:pk}/results", response=ResultList, summary="复核结果 / results of a run (latest by default)")
def results(request: HttpRequest, pk: int, run: int | None = None, limit: int = 200,
            offset: int = 0) -> dict[str, Any]:
    _allowed(request)
    if not 1 <= limit <= 1000 or offset < 0:
        raise HttpError(422, "limit 应在1到1000之间，offset 不能为负 / limit must be 1..1000, offset ≥ 0")
    batch = service.get_batch(request.user, pk)
    chosen = service.run_of(batch, run)
    qs = Result.objects.filter(run=chosen).select_related("file", "department").defer(
        "findings", "pending", "file__content").order_by("file_id")
    items = [{"file_id": r.file_id, "file": r.file.name, "state": r.state, "reason": r.reason,
              "department": r.department.name if r.department else None, "rows": r.rows,
              "findings_url": f"/api/batches/{batch.pk}/runs/{chosen.number}/files/{r.file_id}/findings"}
             for r in qs[offset:offset + limit]]
    return {"run": chosen.number, "count": qs.count(), "items": items}


@router.get("/{int:pk}/runs/{int:number}/files/{int:file_id}/findings", response=list[dict[str, Any]],
            summary="一个文件的复核发现（含页/行/单元格和原文）/ findings of one file, located")
def file_findings(request: HttpRequest, pk: int, number: int, file_id: int) -> list[dict[str, Any]]:
    _allowed(request)
    batch = service.get_batch(request.user, pk)
    result = Result.objects.filter(run=service.run_of(batch, number), file_id=file_id).only("findings").first()
    if result is None:
        raise HttpError(404, "该文件尚未复核 / the file has not been checked yet")
    return list(result.findings)


REVIEW_DOC = """The review's current state; its `ETag` header (also `etag` in the body) goes in the
`If-Match` of the next PUT."""


@router.get("/{int:pk}/records/{int:record_id}/review", response=ReviewOut,
            summary="复核得分和意见（含 ETag）/ the review score and comment of one record, with its ETag",
            description=REVIEW_DOC)
def get_review(request: HttpRequest, response: HttpResponse, pk: int, record_id: int) -> dict[str, Any]:
    _allowed(request)
    try:
        state = service.review_state(service.review_link(service.get_batch(request.user, pk), record_id))
    except Refusal as exc:
        raise _refusal(exc, 404) from exc
    response["ETag"] = state["etag"]
    return state


@router.put("/{int:pk}/records/{int:record_id}/review", response={200: ReviewOut, 409: ErrorOut, 428: ErrorOut},
            summary="填写复核得分和意见 / record the review score and comment of one record",
            description="Optimistic concurrency: send `If-Match` with the ETag from GET (or an earlier PUT). "
                        "Without it: 428. If someone changed the review since (here or on the record's own "
                        "page): 409, nothing written, `error.details[0]` is the current review with its new "
                        "`etag`. `If-Match: *` overwrites whatever is there.")
def review(request: HttpRequest, response: HttpResponse, pk: int, record_id: int, payload: ReviewIn,
           if_match: str | None = Header(None, alias="If-Match")) -> Any:
    _allowed(request)
    batch = service.get_batch(request.user, pk)
    try:
        state = service.review(batch, record_id, payload.score, payload.comment, request.user, request,
                               if_match=if_match)
    except service.NoTag:
        return envelope(428, "请先读取复核的当前版本，并在 If-Match 中注明其 ETag",
                        "send If-Match with the ETag of the review you are changing (GET it first)")
    except Refusal as exc:
        raise _refusal(exc) from exc
    except service.StaleReview as exc:
        stale = envelope(409, "复核已被他人修改，未保存；请核对当前内容后重新提交",
                         "the review was changed by someone else since your version; nothing was written",
                         [exc.current])
        stale["ETag"] = exc.current["etag"]
        return stale
    response["ETag"] = state["etag"]
    return state


@router.get("/{int:pk}/runs/{int:number}/review.xlsx", response={200: None},
            summary="下载复核汇总工作簿 / the run's review workbook (as `jixiao check --summary` writes it)")
def review_workbook(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    _allowed(request)
    batch = service.get_batch(request.user, pk)
    return downloads.workbook(request, batch, service.run_of(batch, number))


@router.get("/{int:pk}/files/{int:file_id}/original", response={200: None},
            summary="下载原文件 / one batch file as uploaded")
def original_file(request: HttpRequest, pk: int, file_id: int) -> HttpResponse:
    _allowed(request)
    return downloads.original(request, service.get_batch(request.user, pk), file_id)
