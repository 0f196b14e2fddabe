"""The JSON API (django-ninja): projects, score, findings, upload; OpenAPI at /api/openapi.json.

Authentication is the browser session or ``Authorization: Bearer <token>``. Every error,
whatever raised it, leaves as the one envelope from ``jixiao.web.errors``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from ninja import File, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.files import UploadedFile
from ninja.security import APIKeyCookie, HttpBearer

from ...io.serialize import dump_json, scorecard_to_dict
from .. import engine
from ..accounts import permissions as perm
from ..accounts.models import ApiToken
from ..batches.api import router as batches_router
from ..errors import envelope
from ..limits import as_refusal
from ..projects import access
from ..projects.models import ProjectRecord
from ..projects.workflow import create_project
from ..public import public_finding
from ..uploads import REPORT_SUFFIXES, Refusal, check_upload
from .throttle import WINDOW, BadTokens, PerUser


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        BadTokens.check(request)        # an address spraying wrong tokens is refused before the lookup
        found = ApiToken.objects.select_related("user__profile").filter(digest=ApiToken.hash(token)).first()
        if found is None or not found.user.is_active:
            BadTokens.failed(request)
            return None
        request.user = found.user
        return found.user


class Session(APIKeyCookie):
    """The logged-in browser session; unsafe methods also need the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        return user if user is not None and user.is_authenticated else None


def _logged_in_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """/api/docs and /api/openapi.json: a logged-in session or a valid token; the browser is sent to log in."""

    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = getattr(request, "user", None)
        header = request.headers.get("Authorization", "")
        if not (user is not None and user.is_authenticated) and header.lower().startswith("bearer "):
            try:
                user = BearerToken().authenticate(request, header[7:].strip())
            except Throttled:
                return _throttled(Throttled(wait=WINDOW))
        if user is None or not user.is_authenticated:
            if request.path.endswith("/docs"):
                return redirect(f"{settings.LOGIN_URL}?next={request.path}")
            return envelope(401)
        return view(request, *args, **kwargs)
    return guarded


# The Swagger UI is served from django-ninja's bundled static files ("ninja" in INSTALLED_APPS), never a CDN.
# Rate limits (``throttle``): API_REQUESTS_PER_MINUTE per user, API_BAD_TOKENS_PER_MINUTE per address.
api = NinjaAPI(title="jixiao 绩效 API", version="1", auth=[BearerToken(), Session()],
               urls_namespace="api", docs_url="/docs", docs_decorator=_logged_in_only, throttle=[PerUser()])
api.add_router("/batches", batches_router)

MAX_OFFSET = 10**9       # far beyond any table; keeps the value inside every database's integer range


class ProjectOut(Schema):
    id: int
    name: str
    year: int | None
    department: str
    status: str
    revision: int
    stated_total: str | None
    computed_total: str | None
    review_score: str | None
    grade: str
    execution_rate: str | None
    errors: int
    warnings: int
    infos: int


class ProjectList(Schema):
    count: int
    items: list[ProjectOut]


class ProjectDetail(ProjectOut):
    document: dict[str, Any]


class FindingOut(Schema):
    """``jixiao.io.findings.finding_to_dict``: the same shape as ``jixiao check --format json``."""

    code: str
    slug: str
    severity: str
    message: str
    message_en: str
    hint: str
    file: str
    line: int | None
    column: int | None
    page: int | None
    sheet: str | None
    cell: str | None
    fragment: str | None
    where: str
    model_path: str
    data: dict[str, Any]


class Created(Schema):
    id: int
    name: str
    url: str
    projects: list[dict[str, Any]] | None = None   # every project created (a report may hold several)


def _num(value: Any) -> str | None:
    return None if value is None else format(value, "f")


def _out(rec: ProjectRecord) -> dict[str, Any]:
    return {"id": rec.pk, "name": rec.name, "year": rec.year, "department": rec.department.name,
            "status": rec.status, "revision": rec.revision, "stated_total": _num(rec.stated_total),
            "computed_total": _num(rec.computed_total), "review_score": _num(rec.review_score),
            "grade": rec.grade, "execution_rate": _num(rec.execution_rate), "errors": rec.n_errors,
            "warnings": rec.n_warnings, "infos": rec.n_infos}


@api.get("/projects", response=ProjectList, summary="项目列表 / list projects")
def list_projects(request: HttpRequest, year: int | None = None, status: str | None = None,
                  limit: int = 100, offset: int = 0) -> dict[str, Any]:
    if not 1 <= limit <= 1000 or not 0 <= offset <= MAX_OFFSET:
        raise HttpError(422, f"limit 应在1到1000之间，offset 应在0到{MAX_OFFSET}之间 / limit must be 1..1000, "
                             f"offset 0..{MAX_OFFSET}")
    if year is not None and not 1 <= year <= 9999:
        raise HttpError(422, "year 应为四位年度 / year must be a four-digit year")
    qs = access.visible_projects(request.user).defer("document").order_by("id")
    if year is not None:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    return {"count": qs.count(), "items": [_out(r) for r in qs[offset:offset + limit]]}


@api.get("/projects/{int:pk}", response=ProjectDetail, summary="项目详情 / project detail")
def project_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    rec = access.get_visible(request.user, pk)
    return {**_out(rec), "document": rec.document}


@api.get("/projects/{int:pk}/score", summary="计分结果 / score card")
def project_score(request: HttpRequest, pk: int) -> HttpResponse:
    rec = access.get_visible(request.user, pk)
    evaluation = engine.evaluate_record(rec)
    if evaluation.card is None:
        raise HttpError(422, "项目无法计分 / the project cannot be scored")
    return HttpResponse(dump_json(scorecard_to_dict(evaluation.card)), content_type="application/json")


@api.get("/projects/{int:pk}/findings", response=list[FindingOut], summary="复核发现 / findings")
def project_findings(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    rec = access.get_visible(request.user, pk)
    evaluation = engine.evaluate_record(rec)
    return [public_finding(f) for f in evaluation.findings]


@api.post("/projects/upload", response={201: Created}, summary="上传项目文件或报告 / upload a project")
def upload_project(request: HttpRequest, file: File[UploadedFile]) -> HttpResponse:
    if not perm.can_create(request.user):
        raise PermissionDenied("只有填报人可以新建项目 / only preparers create projects")
    dept = perm.department_of(request.user)
    if dept is None:
        raise HttpError(422, "管理员请在网页上选择部门后上传 / administrators upload through the web page")
    data = file.read(settings.PROJECT_UPLOAD_MAX_BYTES + 1)
    name = Path(file.name or "upload").name
    try:
        check_upload(name, data, REPORT_SUFFIXES, settings.PROJECT_UPLOAD_MAX_BYTES)
    except Refusal as exc:
        return_status = 413 if len(data) > settings.PROJECT_UPLOAD_MAX_BYTES else 415
        raise _Envelope(return_status, exc.zh, exc.en) from exc
    loaded = engine.read_upload(data, name)
    if not loaded.projects:
        details = [public_finding(f, name) for f in loaded.findings]
        raise _Envelope(422, "文件无法读取为项目", "the file could not be read as a project", details)
    created = [create_project(project, dept, request.user, note=f"API 上传 {name}", request=request)
               for project in loaded.projects]   # a report may hold several projects: one record each
    items = [{"id": rec.pk, "name": rec.name, "url": f"/projects/{rec.pk}/"} for rec in created]
    return JsonResponse({**items[0], "projects": items}, status=201, json_dumps_params={"ensure_ascii": False})


class _Envelope(Exception):
    def __init__(self, status: int, zh: str, en: str, details: list[Any] | None = None) -> None:
        super().__init__(zh)
        self.status, self.zh, self.en, self.details = status, zh, en, details or []


@api.exception_handler(_Envelope)
def _on_envelope(request: HttpRequest, exc: _Envelope) -> HttpResponse:
    return envelope(exc.status, exc.zh, exc.en, exc.details)


def _split(message: str) -> tuple[str | None, str | None]:
    if " / " in message:
        zh, en = message.split(" / ", 1)
        return zh, en
    return None, message or None


def _throttled(exc: Throttled) -> HttpResponse:
    response = envelope(429)
    if exc.wait:
        response["Retry-After"] = str(math.ceil(exc.wait))
    return response


@api.exception_handler(Throttled)
def _on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    return _throttled(exc)


@api.exception_handler(HttpError)
def _on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return envelope(exc.status_code, *_split(str(exc)))


@api.exception_handler(ValidationError)
def _on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = json.loads(json.dumps(exc.errors, default=str))
    return envelope(422, "参数有误", "invalid parameters", details)


@api.exception_handler(AuthenticationError)
def _on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return envelope(401)


@api.exception_handler(PermissionDenied)
def _on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return envelope(403, *_split(str(exc)))


@api.exception_handler(Http404)
def _on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return envelope(404, *_split(str(exc)))


@api.exception_handler(Exception)
def _on_crash(request: HttpRequest, exc: Exception) -> HttpResponse:
    refused = as_refusal(exc)        # BadInput, or the database refusing a value: 400/413/422
    if refused is not None:
        return envelope(refused.status, refused.zh, refused.en, refused.details)
    import logging
    logging.getLogger("django.request").exception("API error on %s", request.path)
    return envelope(500)
