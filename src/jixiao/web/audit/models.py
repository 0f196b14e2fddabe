"""The audit log, append-only: who did what, when, from which address (see ``client.client_ip``).

Logged: logins (ok, failed, locked out), logouts, password changes and resets, every
workflow transition, saves and merges, uploads and deletions of evidence, downloads, the
administrator's actions on users, roles and departments, and API tokens issued and revoked.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from .client import client_ip


class AuditEvent(models.Model):
    KINDS = (
        ("login", "登录"), ("login_failed", "登录失败"), ("logout", "退出"),
        ("create", "新建项目"), ("submit", "提交"), ("resubmit", "再提交"), ("approve", "审核通过"),
        ("return", "退回"), ("rereview", "财政复核评分"), ("upload", "上传佐证材料"),
        ("lockout", "登录被锁定"), ("password_change", "修改密码"), ("password_reset", "管理员重置密码"),
        ("save", "保存"), ("merge", "合并保存"), ("evidence_delete", "删除佐证材料"), ("download", "下载"),
        ("user_create", "新建用户"), ("user_update", "修改角色或部门"), ("user_active", "启用或停用用户"),
        ("department_create", "新建部门"), ("token_issue", "签发API令牌"), ("token_revoke", "吊销API令牌"),
        ("framework_register", "登记指标体系"),
    )

    kind = models.CharField(max_length=20, choices=KINDS, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    username = models.CharField(max_length=150, blank=True)
    project = models.ForeignKey("projects.ProjectRecord", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="events")
    revision = models.PositiveIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)
    detail = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("-created", "-id",)

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.username} {self.get_kind_display()}"


def record(kind: str, request: object = None, *, user: Any = None, project: object = None,
           revision: int | None = None, comment: str = "", **detail: object) -> AuditEvent:
    user = user if user is not None else getattr(request, "user", None)
    authenticated = bool(getattr(user, "is_authenticated", False))
    return AuditEvent.objects.create(
        kind=kind, user=user if authenticated else None,
        username=user.get_username() if authenticated else str(detail.pop("username", "") or ""),
        project=project, revision=revision, comment=comment, detail=detail, ip=client_ip(request))
