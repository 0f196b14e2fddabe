"""Passwords: a validator refusing the user name, the change page, and the forced change after a reset."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ..audit.models import record


class MinimumLength(MinimumLengthValidator):
    """Django's length rule with its message in Chinese (the zh-hans catalogue leaves this plural untranslated)."""

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(f"密码太短，至少需要{self.min_length}个字符", code="password_too_short")

    def get_help_text(self) -> str:
        return f"密码至少需要{self.min_length}个字符"


class NotUserName:
    """A password equal to the user name (ignoring case and spaces), or the name reversed, is refused."""

    def validate(self, password: str, user: Any = None) -> None:
        name = (user.get_username() if user is not None else "") or ""
        plain = password.strip().lower()
        if name and plain in {name.strip().lower(), name.strip().lower()[::-1]}:
            raise ValidationError("密码不能与用户名相同", code="password_is_username")

    def get_help_text(self) -> str:
        return "密码不能与用户名相同"


def must_change(user: Any) -> bool:
    profile = getattr(user, "profile", None)
    return bool(profile is not None and profile.must_change_password)


def change_password(request: HttpRequest) -> HttpResponse:
    """Every user changes their own password; after an administrator's reset this is the only page."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        profile = getattr(user, "profile", None)
        if profile is not None and profile.must_change_password:
            profile.must_change_password = False
            profile.save(update_fields=["must_change_password"])
        record("password_change", request, user=user)
        messages.success(request, "密码已修改")
        return redirect("home")
    return render(request, "jixiao/password.html", {"form": form, "forced": must_change(request.user)},
                  status=400 if request.method == "POST" else 200)
