"""Login required everywhere but the login page and static files; the API answers 401 JSON."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

OPEN_PREFIXES = ("/login/", "/static/", "/healthz")


class LoginRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if request.user.is_authenticated or path.startswith(OPEN_PREFIXES) or path.startswith("/api/"):
            return self.get_response(request)
        # the API authenticates itself (session or bearer token) and answers with the JSON envelope
        return redirect(f"{settings.LOGIN_URL}?next={request.get_full_path()}")
