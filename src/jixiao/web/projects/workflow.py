"""Saving and the review workflow: 草稿 → 已提交 → 已审核, or 退回 (with a comment) → 再提交.

Every save writes a new immutable ``Revision``. A save names the revision its author last
saw; the row is updated only ``WHERE revision = seen``, so of two concurrent saves exactly
one wins and the other is told, never silently overwritten.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from ...core.model import Project
from ...io.frameworks import known_names, looks_like_path
from ..accounts.models import Department
from ..audit.models import record
from ..engine import Evaluation, evaluate_document, sources_to_json, summary, to_document
from ..limits import BadInput
from ..public import public_name
from .models import ProjectRecord, Revision, Status


class StaleWrite(Exception):
    """The project changed since the user loaded it."""

    def __init__(self, seen: int, current: ProjectRecord) -> None:
        super().__init__(f"stale revision {seen} (current {current.revision})")
        self.seen, self.current = seen, current

    @property
    def message(self) -> str:
        rev = self.current.revisions.first()
        who = (rev.author.get_full_name() or rev.author.get_username()) if rev and rev.author else "他人"
        return (f"保存未成功：你编辑的是第{self.seen}版，但{who}已保存了第{self.current.revision}版。"
                f"你的修改仍在下面的表单中，请对照最新版本后再保存。"
                f" / Not saved: you edited revision {self.seen}, but revision {self.current.revision} "
                f"was saved meanwhile. Your changes are kept in the form below.")


class WorkflowError(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


def _columns(evaluation: Evaluation) -> dict[str, Any]:
    """The summary columns, refused (422) when a text does not fit its column: never a database error."""
    cols = summary(evaluation)
    if not cols["name"]:
        cols.pop("name")
    for name, value in cols.items():
        field = ProjectRecord._meta.get_field(name)
        limit = getattr(field, "max_length", None)
        if limit and isinstance(value, str) and len(value) > limit:
            raise BadInput(422, f"{field.verbose_name}过长：{len(value)}个字，最多{limit}个字",
                           f"{name} is too long: {len(value)} characters, at most {limit}")
    return cols


def _refuse_framework_path(document: dict[str, Any]) -> None:
    """A stored project names a shipped (or registered) framework, never a file of the server."""
    name = document.get("framework")
    if isinstance(name, str) and name not in known_names() and looks_like_path(name):
        raise BadInput(422, f"指标体系只能填写内置名称（{'、'.join(known_names())}），不接受文件路径",
                       f"the framework must be a built-in name ({', '.join(known_names())}), not a file path")


def _public_sources(sources: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Where values were read, with file names only: the web never shows a server directory."""
    out = {}
    for path, item in sources.items():
        file = str(item.get("file") or "")
        out[path] = {**item, "file": public_name(file)} if file else item
    return out


def _with_department(document: dict[str, Any], department: Department) -> dict[str, Any]:
    """The department on the document is always the owning department's name."""
    doc = dict(document)
    doc["project"] = {**doc.get("project", {}), "department": department.name}
    return doc


def create_project(project: Project, department: Department, user: Any, note: str = "新建",
                   request: Any = None) -> ProjectRecord:
    document = _with_department(to_document(project), department)
    _refuse_framework_path(document)
    sources = _public_sources(sources_to_json(project))
    evaluation = evaluate_document(document, sources=sources)
    columns = _columns(evaluation)
    with transaction.atomic():
        rec = ProjectRecord.objects.create(department=department, document=document, created_by=user,
                                           sources=sources, **columns)
        Revision.objects.create(project=rec, number=1, author=user, status=rec.status, note=note[:300],
                                document=document)
        record("create", request, user=user, project=rec, revision=1)
    return rec


def save_document(rec: ProjectRecord, document: dict[str, Any], seen: int, user: Any,
                  note: str = "", request: Any = None) -> tuple[ProjectRecord, Evaluation]:
    """Store a new revision if ``seen`` is still current; raise StaleWrite otherwise."""
    document = _with_department(document, rec.department)
    _refuse_framework_path(document)
    evaluation = evaluate_document(document, sources=rec.sources)
    columns = _columns(evaluation)
    with transaction.atomic():
        updated = ProjectRecord.objects.filter(pk=rec.pk, revision=seen, status__in=["draft", "returned"]) \
            .update(revision=seen + 1, document=document, updated=timezone.now(), **columns)
        if not updated:
            current = ProjectRecord.objects.get(pk=rec.pk)
            if current.status not in ("draft", "returned"):
                raise WorkflowError("项目已提交或已审核，版本已锁定，不能修改",
                                    "submitted and approved versions are locked")
            raise StaleWrite(seen, current)
        current = ProjectRecord.objects.select_related("department").get(pk=rec.pk)
        Revision.objects.create(project=current, number=seen + 1, author=user, status=current.status,
                                note=note[:300], document=document)
        record("save", request, user=user, project=current, revision=seen + 1, base=seen)
    return current, evaluation


def _transition(rec: ProjectRecord, allowed_from: set[str], to: str, kind: str, user: Any,
                request: Any, comment: str = "", **fields: Any) -> ProjectRecord:
    with transaction.atomic():
        updated = ProjectRecord.objects.filter(pk=rec.pk, status__in=allowed_from, revision=rec.revision) \
            .update(status=to, updated=timezone.now(), **fields)
        if not updated:
            raise WorkflowError("项目状态已变化，请刷新页面后重试",
                                "the project changed meanwhile; reload and try again")
        record(kind, request, user=user, project=rec, revision=rec.revision, comment=comment,
               status_from=rec.status, status_to=to)
    rec.refresh_from_db()
    return rec


def submit(rec: ProjectRecord, user: Any, request: Any = None, errors: int = 0,
           acknowledgement: str = "") -> ProjectRecord:
    """Submit; with error findings only together with an explicit reason."""
    acknowledgement = acknowledgement.strip()
    if errors and not acknowledgement:
        raise WorkflowError(f"项目仍有{errors}个错误，提交前须勾选确认并说明理由",
                            f"{errors} error(s) remain: acknowledge them with a reason to submit")
    kind = "resubmit" if rec.status == Status.RETURNED else "submit"
    return _transition(rec, {"draft", "returned"}, "submitted", kind, user, request, acknowledgement,
                       submitted_count=rec.submitted_count + 1, acknowledgement=acknowledgement)


def approve(rec: ProjectRecord, user: Any, request: Any = None, comment: str = "") -> ProjectRecord:
    return _transition(rec, {"submitted"}, "approved", "approve", user, request, comment.strip())


def send_back(rec: ProjectRecord, user: Any, request: Any = None, comment: str = "") -> ProjectRecord:
    comment = comment.strip()
    if not comment:
        raise WorkflowError("退回时必须填写退回意见", "a return needs a comment")
    return _transition(rec, {"submitted", "approved"}, "returned", "return", user, request, comment,
                       return_comment=comment)


def rereview(rec: ProjectRecord, score: Decimal, user: Any, request: Any = None, comment: str = "") -> None:
    if not Decimal(0) <= score <= Decimal(100):
        raise WorkflowError("复核得分应在0到100之间", "the re-review score must be between 0 and 100")
    ProjectRecord.objects.filter(pk=rec.pk).update(review_score=score)
    record("rereview", request, user=user, project=rec, revision=rec.revision, comment=comment.strip(),
           score=str(score))
    rec.refresh_from_db()
