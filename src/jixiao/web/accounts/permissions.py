"""The permission rules in one place: every view and API endpoint asks these functions.

Projects of another department answer 404 (their existence is not disclosed); a visible
project whose action the role may not perform answers 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .models import Department, Role

if TYPE_CHECKING:
    from ..projects.models import ProjectRecord

EDITABLE = {"draft", "returned"}


def role_of(user: object) -> str | None:
    profile = getattr(user, "profile", None) if getattr(user, "is_authenticated", False) else None
    if profile is None:
        # no Django stubs: mypy reads the member as its declared (value, label) tuple
        return Role.ADMIN.value if getattr(user, "is_superuser", False) else None  # type: ignore[attr-defined]
    return str(profile.role)


def department_of(user: object) -> Department | None:
    profile = getattr(user, "profile", None)
    return profile.department if profile is not None else None


def sees_all(user: object) -> bool:
    return role_of(user) in {Role.FINANCE, Role.ADMIN}


def visible_projects(user: object) -> QuerySet[ProjectRecord]:
    from ..projects.models import ProjectRecord
    qs = ProjectRecord.objects.select_related("department")
    if sees_all(user):
        return qs
    dept = department_of(user)
    if dept is None or role_of(user) is None:
        return qs.none()
    return qs.filter(department=dept)


def get_visible(user: object, pk: int) -> ProjectRecord:
    """The project if this user may see it; 404 for a missing, foreign or malformed id only.

    Any other failure (a database error, a bug) propagates as itself, so it is logged as a 500
    instead of being disguised as "no such project".
    """
    from ..projects.models import ProjectRecord
    try:
        return visible_projects(user).get(pk=pk)
    except (ProjectRecord.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("项目不存在 / no such project") from exc


def can_create(user: object) -> bool:
    return role_of(user) in {Role.PREPARER, Role.ADMIN}


def can_edit(user: object, project: ProjectRecord) -> bool:
    """Preparers of the department (and admins) edit drafts and returned projects only."""
    return role_of(user) in {Role.PREPARER, Role.ADMIN} and project.status in EDITABLE


def can_submit(user: object, project: ProjectRecord) -> bool:
    return can_edit(user, project)


def can_approve(user: object, project: ProjectRecord) -> bool:
    return role_of(user) in {Role.REVIEWER, Role.FINANCE, Role.ADMIN} and project.status == "submitted"


def can_return(user: object, project: ProjectRecord) -> bool:
    role = role_of(user)
    if role == Role.REVIEWER:
        return project.status == "submitted"
    return role in {Role.FINANCE, Role.ADMIN} and project.status in {"submitted", "approved"}


def can_rereview(user: object, project: ProjectRecord) -> bool:
    """财政 records a re-review score on submitted or approved projects."""
    return sees_all(user) and project.status in {"submitted", "approved"}


def can_see_portfolio(user: object) -> bool:
    return sees_all(user)


def can_see_audit(user: object) -> bool:
    return role_of(user) == Role.ADMIN


def require(allowed: bool, zh: str = "无权执行此操作", en: str = "not allowed") -> None:
    if not allowed:
        raise PermissionDenied(f"{zh} / {en}")
