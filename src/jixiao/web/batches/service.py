"""What the pages and the API do to batches: create, add files, re-check, record a 复核, read progress.

Nothing here reads or checks a document: files are stored and put on the queue, and the
workers do the rest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Max, Q, QuerySet
from django.utils import timezone

from ..accounts import permissions as perm
from ..accounts.models import Department, Role
from ..projects import access
from ..projects.models import ProjectRecord
from ..projects.workflow import WorkflowError, rereview
from ..uploads import Refusal
from . import intake, queue
from .models import Batch, BatchFile, FileRecord, Result, Run, State


def can_batch(user: object) -> bool:
    """财政 and admins review any department; a 审核人 reviews batches of their own department."""
    return perm.role_of(user) in {Role.FINANCE, Role.ADMIN, Role.REVIEWER}


def visible_batches(user: object) -> QuerySet[Batch]:
    qs = Batch.objects.select_related("department", "created_by")
    if perm.sees_all(user):
        return qs
    dept = perm.department_of(user)
    if perm.role_of(user) != Role.REVIEWER or dept is None:
        return qs.none()
    return qs.filter(department=dept)


def get_batch(user: object, pk: int) -> Batch:
    from django.http import Http404
    batch = visible_batches(user).filter(pk=pk).first()
    if batch is None:
        raise Http404("批次不存在 / no such batch")
    return batch


def create(name: str, user: Any) -> Batch:
    name = name.strip()
    if not name:
        raise Refusal("请填写批次名称", "the batch needs a name")
    if len(name) > 200:
        raise Refusal("批次名称不能超过200个字", "the batch name is longer than 200 characters")
    dept = None if perm.sees_all(user) else perm.department_of(user)
    with transaction.atomic():
        batch = Batch.objects.create(name=name, department=dept, created_by=user)
        Run.objects.create(batch=batch, number=1, created_by=user)
    return batch


def add_files(batch: Batch, uploads: Iterable[tuple[str, bytes]], user: Any) -> intake.Intake:
    """Store the report files of these uploads and queue them on the batch's latest run."""
    taken = intake.expand(uploads, already=batch.files.count())
    with transaction.atomic():
        run = Run.objects.select_for_update().filter(batch=batch).order_by("-number").first()
        if run is None:
            run = Run.objects.create(batch=batch, number=1, created_by=user)
        created = BatchFile.objects.bulk_create([
            BatchFile(batch=batch, name=name[:500], size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                      content=data) for name, data in taken.files])
        ids = [f.pk for f in created]
        if not all(ids):      # backends that do not return ids from bulk inserts
            ids = list(batch.files.order_by("-id").values_list("pk", flat=True)[:len(created)])
        Run.objects.filter(pk=run.pk).update(total=F("total") + len(ids))
        queue.enqueue(run.pk, ids)
    return taken


def recheck(batch: Batch, user: Any) -> Run:
    """A new run over every file, kept beside the earlier ones."""
    with transaction.atomic():
        Batch.objects.select_for_update().filter(pk=batch.pk).first()
        number = (batch.runs.aggregate(n=Max("number"))["n"] or 0) + 1
        ids = list(batch.files.values_list("pk", flat=True))
        run = Run.objects.create(batch=batch, number=number, total=len(ids), created_by=user)
        queue.enqueue(run.pk, ids)
    return run


@dataclass
class Progress:
    run: Run
    total: int
    done: int
    unreadable: int
    with_errors: int

    @property
    def finished(self) -> bool:
        return self.done >= self.total

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(self.done * 100 / self.total)

    def as_dict(self) -> dict[str, Any]:
        return {"run": self.run.number, "total": self.total, "done": self.done, "unreadable": self.unreadable,
                "with_errors": self.with_errors, "finished": self.finished, "percent": self.percent}


def progress(run: Run) -> Progress:
    counts = Result.objects.filter(run=run).aggregate(
        done=Count("id"), unreadable=Count("id", filter=Q(state=State.UNREADABLE)),
        errors=Count("id", filter=Q(state=State.OK, n_errors__gt=0)))
    return Progress(run, run.total, counts["done"], counts["unreadable"], counts["errors"])


def run_of(batch: Batch, number: str | int | None) -> Run:
    from django.http import Http404
    runs = batch.runs.all()
    text = str(number or "")
    run = runs.filter(number=int(text)).first() if text.isdigit() else runs.first()
    if run is None:
        raise Http404("复核轮次不存在 / no such run")
    return run


def set_department(batch: Batch, file_id: int, dept_id: str, user: Any) -> int:
    from .jobs import assign_department
    if batch.department_id:
        raise Refusal("本部门批次的文件只能属于本部门", "files of a department's batch stay in that department")
    file = batch.files.filter(pk=file_id).first()
    dept = Department.objects.filter(pk=dept_id).first() if str(dept_id).isdigit() else None
    if file is None or dept is None:
        raise Refusal("请选择文件和部门", "choose a file and a department")
    return assign_department(file, dept, user)


class StaleReview(Exception):
    """A 复核 made on a state someone else has changed since: nothing was written."""

    def __init__(self, current: dict[str, Any]) -> None:
        super().__init__("stale review")
        self.current = current


class NoTag(Refusal):
    """A 复核 that does not say which version of the review it was made on."""

    def __init__(self) -> None:
        super().__init__("页面已过期，请刷新后再填写复核得分（请求须注明所依据的版本）",
                         "the write does not name the version it was made on (If-Match); read the review first")


def review_tag(link: FileRecord) -> str:
    """The review's entity tag: its version and the record's re-review score, so a score set on the
    record's own page (which does not know the batch's version) also makes older writes stale."""
    score = link.record.review_score
    return f'"{link.review_version}-{"" if score is None else format(score, "f")}"'


def review_state(link: FileRecord) -> dict[str, Any]:
    rec = link.record
    return {"record_id": rec.pk, "score": None if rec.review_score is None else format(rec.review_score, "f"),
            "comment": link.review_comment, "version": link.review_version, "etag": review_tag(link),
            "reviewed_by": link.reviewed_by.get_username() if link.reviewed_by else None,
            "reviewed": link.reviewed.isoformat() if link.reviewed else None}


def review_link(batch: Batch, record_id: int, lock: bool = False) -> FileRecord:
    qs = FileRecord.objects.filter(file__batch=batch, record_id=record_id).select_related("record", "reviewed_by")
    link = (qs.select_for_update(of=("self", "record")) if lock else qs).first()
    if link is None:
        raise Refusal("该记录不属于此批次", "the record is not part of this batch")
    return link


def _score(text: str) -> Decimal:
    try:
        score = Decimal(text.strip())
        if not score.is_finite():
            raise InvalidOperation
        return score.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, AttributeError) as exc:
        raise Refusal(f"复核得分不是数字：{text}", f"the review score is not a number: {text}") from exc


def review(batch: Batch, record_id: int, score_text: str, comment: str, user: Any, request: Any = None,
           if_match: str | None = None) -> dict[str, Any]:
    """Record the 复核得分 and comment of one record of this batch (it feeds the portfolio calibration).

    ``if_match`` is the tag the writer last saw (``review_tag``; ``*`` for any): without one NoTag,
    on another tag StaleReview is raised, and nothing is written. The row locks make check and write one step.
    """
    with transaction.atomic():
        link = review_link(batch, record_id, lock=True)
        rec: ProjectRecord = link.record
        perm.require(access.can_rereview(user, rec), "只有财政可以在已提交或已审核的记录上填写复核得分",
                     "only 财政 records a review score, on submitted or approved records")
        tags = [t.strip() for t in (if_match or "").split(",") if t.strip()]
        if not tags:
            raise NoTag
        if tags != ["*"] and review_tag(link) not in tags:
            raise StaleReview(review_state(link))
        score = _score(score_text)
        try:
            rereview(rec, score, user, request, comment)
        except WorkflowError as exc:
            raise Refusal(exc.zh, exc.en) from exc
        FileRecord.objects.filter(pk=link.pk).update(review_comment=comment.strip()[:2000], reviewed_by=user,
                                                     reviewed=timezone.now(), review_version=F("review_version") + 1)
        link.refresh_from_db()
        return review_state(link)
