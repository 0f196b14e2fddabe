"""Template context: the user's role and department, for the navigation bar."""

from __future__ import annotations

from django.http import HttpRequest

from . import permissions


def role(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)      # absent when a request is refused before auth runs
    if user is None or not user.is_authenticated:
        return {}
    role_value = permissions.role_of(user)
    labels = {"preparer": "填报人", "reviewer": "审核人", "finance": "财政", "admin": "管理员"}
    return {"jx_role": role_value, "jx_role_label": labels.get(role_value or "", "无角色"),
            "jx_department": permissions.department_of(user),
            "jx_portfolio": permissions.can_see_portfolio(user),
            "jx_audit": permissions.can_see_audit(user),
            "jx_can_create": permissions.can_create(user)}
