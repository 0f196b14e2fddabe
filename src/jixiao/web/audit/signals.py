"""Logins, failed logins, lockouts and logouts go to the audit log."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import record


@receiver(user_logged_in)
def _login(sender: Any, request: Any, user: Any, **_: Any) -> None:
    record("login", request, user=user)


@receiver(user_logged_out)
def _logout(sender: Any, request: Any, user: Any, **_: Any) -> None:
    if user is not None:
        record("logout", request, user=user)


@receiver(user_locked_out)
def _locked(sender: Any, request: Any = None, username: str | None = None, ip_address: str | None = None,
            **_: Any) -> None:
    record("lockout", request, username=str(username or "")[:150])


@receiver(user_login_failed)
def _failed(sender: Any, credentials: dict[str, Any], request: Any = None, **_: Any) -> None:
    record("login_failed", request, username=str(credentials.get("username", ""))[:150])
