"""Which projects a user sees and which workflow actions the role may take on one.

These rules read `ProjectRecord`, so they live beside it rather than in `accounts` (which
`projects` imports): role-only rules stay in `accounts.permissions`. Projects of another
department answer 404 (their existence is not disclosed); a visible project whose action
the role may not perform answers 403 through `permissions.require`.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from ..accounts.models import Role
from ..accounts.permissions import department_of, role_of, sees_all
from .models import ProjectRecord

EDITABLE = {"draft", "returned"}


def visible_projects(user: object) -> QuerySet[ProjectRecord]:
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
    try:
        return visible_projects(user).get(pk=pk)
    except (ProjectRecord.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("项目不存在 / no such project") from exc


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
