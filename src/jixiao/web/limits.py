"""Request limits and the one refusal path for bad input.

- ``MaxBodyMiddleware`` refuses oversized bodies from their Content-Length, before Django
  spools them to disk.
- ``ServerFilesMiddleware`` runs every request inside ``frameworks.named_only``: no project
  file a user sends can make the server open a path (item: no server file read on a user's behalf).
- ``BadInput`` is raised anywhere a request carries input we refuse; it, and the database's
  own refusals (a value too long for its column, an id out of range), become a 400/413/422
  page or JSON envelope with a Chinese (and English) message, never a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DataError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..io.frameworks import named_only
from .accounts.registry import registered_frameworks
from .errors import envelope

# the largest value a database id column holds (PostgreSQL bigint, SQLite integer)
MAX_ID = 2**63 - 1


class BadInput(Exception):
    """Input refused with an HTTP status (400, 413 or 422) and a bilingual message."""

    def __init__(self, status: int, zh: str, en: str, details: list[Any] | None = None) -> None:
        super().__init__(f"{zh} / {en}")
        self.status, self.zh, self.en, self.details = status, zh, en, details or []


def refusal_response(request: HttpRequest, status: int, zh: str, en: str,
                     details: list[Any] | None = None) -> HttpResponse:
    if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
        return envelope(status, zh, en, details)
    return render(request, "jixiao/error.html", {"code": status, "message": zh, "message_en": en,
                                                 "details": details or []}, status=status)


def bounded_int(value: Any, default: int, low: int, high: int, what: str = "数值", what_en: str = "value") -> int:
    """An integer form or query parameter within [low, high]; anything else is BadInput (400)."""
    if value in (None, ""):
        return default
    text = str(value).strip()
    if not (text.isdigit() or (text.startswith("-") and text[1:].isdigit())) or len(text) > 20:
        raise BadInput(400, f"{what}应为整数：「{text[:30]}」", f"{what_en} must be an integer: '{text[:30]}'")
    number = int(text)
    if not low <= number <= high:
        raise BadInput(400, f"{what}超出允许范围（{low}–{high}）：{number}",
                       f"{what_en} out of range ({low}..{high}): {number}")
    return number


def database_id(value: Any) -> int | None:
    """An id from a filter: None when absent or not a valid database id (never an overflow)."""
    text = str(value or "").strip()
    if not text.isdigit() or len(text) > 19 or int(text) > MAX_ID:
        return None
    return int(text)


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
            return refusal_response(request, 413, zh, en)
        return self.get_response(request)




class ServerFilesMiddleware:
    """Every request is confined to shipped / registered frameworks; bad input becomes 400/422."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with named_only(registered_frameworks):   # also registered process-wide (accounts app ready)
            return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        refused = as_refusal(exception)
        if refused is None:
            return None
        return refusal_response(request, refused.status, refused.zh, refused.en, refused.details)


def as_refusal(exception: BaseException) -> BadInput | None:
    """BadInput itself, or the database refusing a value (too long, out of range) as a 422."""
    if isinstance(exception, BadInput):
        return exception
    if isinstance(exception, (DataError, OverflowError)):
        return BadInput(422, "输入的值超出允许的长度或范围，未保存", "a value exceeds its allowed length or range; "
                        "nothing was saved")
    return None
