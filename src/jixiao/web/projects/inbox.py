"""The 待办 inbox: what each role has to do next, first on the home page.

填报人: drafts and returned projects (returned first, with the 退回意见 and who wrote it);
审核人: submitted projects waiting for review, with counts by status;
财政: projects past review (submitted or approved) without a 复核 score yet, by department.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from ..accounts import permissions as perm
from ..audit.models import AuditEvent
from . import access
from .models import ProjectRecord, Status

LIMIT = 20


@dataclass
class Section:
    title: str
    key: str
    count: int
    rows: list[ProjectRecord]
    note: str = ""


@dataclass
class Inbox:
    title: str
    sections: list[Section] = field(default_factory=list)
    counts: list[tuple[str, str, int]] = field(default_factory=list)      # (status, label, n)
    departments: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(s.count for s in self.sections)


def person(user: Any, fallback: str = "") -> str:
    """A person by name (王美娴), falling back to the login only when no name is recorded."""
    if user is None:
        return fallback or "—"
    return str(user.get_full_name() or "").strip() or user.get_username()


def _section(title: str, key: str, projects: QuerySet[ProjectRecord], note: str = "") -> Section:
    return Section(title, key, projects.count(), list(projects[:LIMIT]), note)


def _with_returns(rows: list[ProjectRecord]) -> None:
    """Attach the latest 退回 event (comment and who) to each returned project."""
    returned = [r.pk for r in rows if r.status == Status.RETURNED]
    latest: dict[int, AuditEvent] = {}
    for event in AuditEvent.objects.filter(project_id__in=returned, kind="return").select_related("user"):
        latest.setdefault(event.project_id, event)      # newest first (model ordering)
    for r in rows:
        event = latest.get(r.pk)
        r.returned_by = person(event.user, event.username) if event else ""


def inbox_for(user: Any) -> Inbox | None:
    role = perm.role_of(user)
    visible = access.visible_projects(user).defer("document").select_related("department")
    if role == "preparer":
        box = Inbox("我的待办")
        box.sections.append(_section("被退回待修改", "returned", visible.filter(status=Status.RETURNED)
                                     .order_by("-updated"), "按退回意见修改后再提交"))
        box.sections.append(_section("草稿待提交", "draft", visible.filter(status=Status.DRAFT).order_by("-updated")))
        _with_returns(box.sections[0].rows)
    elif role == "reviewer":
        box = Inbox("待我审核")
        box.sections.append(_section("待审核", "submitted", visible.filter(status=Status.SUBMITTED)
                                     .order_by("updated")))
    elif role in ("finance", "admin"):
        box = Inbox("待财政复核")
        waiting = visible.filter(status__in=[Status.SUBMITTED, Status.APPROVED], review_score__isnull=True)
        box.sections.append(_section("已审核待复核", "approved", waiting.filter(status=Status.APPROVED)
                                     .order_by("department__name", "updated")))
        box.sections.append(_section("已提交待审核", "submitted", waiting.filter(status=Status.SUBMITTED)
                                     .order_by("department__name", "updated")))
        box.departments = list(waiting.order_by().values("department__name").annotate(
            approved=Count("id", filter=Q(status=Status.APPROVED)),
            submitted=Count("id", filter=Q(status=Status.SUBMITTED))).order_by("department__name"))
    else:
        return None
    by_status = {row["status"]: row["n"] for row in visible.order_by().values("status").annotate(n=Count("id"))}
    box.counts = [(value, str(label), by_status.get(value, 0)) for value, label in Status.choices]
    return box
