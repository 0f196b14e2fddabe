"""Departments, roles and API tokens: who may see and do what is decided from these rows only."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models


class Department(models.Model):
    """A 主管部门; a department's projects are invisible to other departments' users."""

    name = models.CharField("部门名称", max_length=200, unique=True)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PREPARER = "preparer", "填报人"
    REVIEWER = "reviewer", "审核人"
    FINANCE = "finance", "财政"
    ADMIN = "admin", "管理员"


class Profile(models.Model):
    """A user's one role; preparers and reviewers belong to exactly one department."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField("角色", max_length=16, choices=Role.choices)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="members")
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)

    def __str__(self) -> str:
        return f"{self.user.get_username()}（{self.get_role_display()}）"


class ApiToken(models.Model):
    """A bearer token for the JSON API; only its SHA-256 is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    label = models.CharField(max_length=100, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, user: object, label: str = "") -> str:
        """Create a token and return its clear text, which is shown once and never stored."""
        raw = "jx_" + secrets.token_urlsafe(32)
        cls.objects.create(user=user, digest=cls.hash(raw), label=label)
        return raw


class RegisteredFramework(models.Model):
    """An indicator system an administrator registered: the only frameworks besides the shipped ones.

    The web app never reads a framework from a path; projects name one of these or a shipped one.
    """

    name = models.CharField("名称", max_length=100, unique=True)
    title = models.CharField("标题", max_length=200, blank=True)
    text = models.TextField("指标体系 YAML")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name
