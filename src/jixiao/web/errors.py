"""Error pages and the one JSON error envelope.

Users never see a stack trace: HTML requests get the 403/404/500 templates, API requests
get ``{"error": {"status", "code", "message", "message_en", "details"}}`` — the same shape
for every JSON error, pinned by a test.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

CODES = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_type",
         422: "invalid", 428: "precondition_required", 429: "too_many_requests", 500: "internal_error", 503: "unavailable"}
MESSAGES = {400: ("请求有误", "bad request"), 401: ("请先登录或提供有效的令牌", "authentication required"),
            403: ("无权访问", "forbidden"), 404: ("未找到", "not found"), 413: ("上传内容过大", "request too large"),
            405: ("不支持该请求方法", "method not allowed"), 409: ("数据已被他人修改", "conflict"),
            422: ("输入有误", "invalid input"), 428: ("请求须注明所依据的版本（If-Match）", "precondition required"),
            429: ("请求过于频繁，请稍后再试", "too many requests"), 500: ("服务器内部错误，已记录", "internal server error"),
            503: ("功能暂不可用", "unavailable")}


def envelope(status: int, message: str | None = None, message_en: str | None = None,
             details: list[Any] | None = None, code: str | None = None) -> JsonResponse:
    zh, en = MESSAGES.get(status, ("错误", "error"))
    return JsonResponse({"error": {"status": status, "code": code or CODES.get(status, "error"),
                                   "message": message or zh, "message_en": message_en or en,
                                   "details": details or []}},
                        status=status, json_dumps_params={"ensure_ascii": False})


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def _page(request: HttpRequest, status: int, exception: Any = None) -> HttpResponse:
    zh, en = MESSAGES[status]
    detail = str(exception) if status in (403, 404) and exception else ""
    if detail and " / " in detail:
        zh, en = detail.split(" / ", 1)
    if _wants_json(request):
        return envelope(status, zh, en)
    return render(request, "jixiao/error.html", {"code": status, "message": zh, "message_en": en}, status=status)


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _page(request, 400)


def forbidden(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _page(request, 403, exception)


def not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _page(request, 404, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return envelope(500)
    zh, en = MESSAGES[500]
    return render(request, "jixiao/error.html", {"code": 500, "message": zh, "message_en": en}, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    msg = ("页面已过期或请求来源不可信（CSRF 校验失败），请刷新页面后重试",
           "CSRF verification failed; reload the page and try again")
    if _wants_json(request):
        return envelope(403, *msg, code="csrf_failed")
    return render(request, "jixiao/error.html", {"code": 403, "message": msg[0], "message_en": msg[1]}, status=403)


class ApiEnvelopeMiddleware:
    """Any non-JSON error leaving /api/ (405 from routing, 413 from Django…) becomes the envelope."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response: HttpResponse = self.get_response(request)
        if (request.path.startswith("/api/") and response.status_code >= 400
                and not response.get("Content-Type", "").startswith("application/json")):
            return envelope(response.status_code)
        return response
