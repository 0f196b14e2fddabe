"""Login required everywhere but the login page and static files; the API answers 401 JSON.

A user whose password an administrator reset reaches only the password page (and logout)
until they set a new one.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from ..errors import envelope
from .passwords import must_change

OPEN_PREFIXES = ("/login/", "/static/", "/healthz")
PASSWORD_PATHS = ("/password/", "/logout/", "/static/")


class LoginRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if request.user.is_authenticated and must_change(request.user) and not path.startswith(PASSWORD_PATHS):
            if path.startswith("/api/"):
                return envelope(403, "管理员已重置密码，请先在网页上修改密码", "change your password first",
                                code="password_change_required")
            return redirect("/password/")
        if request.user.is_authenticated or path.startswith(OPEN_PREFIXES) or path.startswith("/api/"):
            return self.get_response(request)
        # the API authenticates itself (session or bearer token) and answers with the JSON envelope
        return redirect(f"{settings.LOGIN_URL}?next={request.get_full_path()}")
