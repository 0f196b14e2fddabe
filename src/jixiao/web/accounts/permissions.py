"""The role rules: who a user is, and what the role alone allows; every view asks these.

Rules that read a project (visibility, edit/submit/approve/return/re-review) live in
`web.projects.access`, beside the model, so `accounts` never imports `projects`. A refused
action answers 403 through `require`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from .models import Department, Role


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


def can_create(user: object) -> bool:
    return role_of(user) in {Role.PREPARER, Role.ADMIN}


def can_see_portfolio(user: object) -> bool:
    return sees_all(user)


def can_see_audit(user: object) -> bool:
    return role_of(user) == Role.ADMIN


def require(allowed: bool, zh: str = "无权执行此操作", en: str = "not allowed") -> None:
    if not allowed:
        raise PermissionDenied(f"{zh} / {en}")
