"""Refuse oversized request bodies from their Content-Length, before Django spools them to disk."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .errors import envelope


class MaxBodyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if length > limit:
            zh = f"上传内容超过{limit // (1024 * 1024)}MB上限，已拒绝"
            en = f"request body larger than {limit // (1024 * 1024)} MB; refused"
            if request.path.startswith("/api/"):
                return envelope(413, zh, en)
            return render(request, "jixiao/error.html", {"code": 413, "message": zh, "message_en": en}, status=413)
        return self.get_response(request)
