"""Pages to list, create, read, download and compare projects."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ...core.model import Project
from ...io.frameworks import builtin_names
from ...io.serialize import dump_yaml
from .. import engine
from ..accounts import permissions as perm
from ..accounts.models import Department
from ..evidence.uploads import REPORT_SUFFIXES, Refusal, check_upload
from .diff import diff_documents
from .editor import anchor, build_form, nearest_anchor
from .models import Revision, Status
from .workflow import create_project


def home(request: HttpRequest) -> HttpResponse:
    projects = perm.visible_projects(request.user)
    status = request.GET.get("status", "")
    if status in Status.values:
        projects = projects.filter(status=status)
    query = request.GET.get("q", "").strip()
    if query:
        projects = projects.filter(name__icontains=query)
    page = Paginator(projects.defer("document"), 50).get_page(request.GET.get("page"))
    return render(request, "jixiao/home.html", {
        "page": page, "status": status, "q": query, "statuses": Status.choices,
        "frameworks": builtin_names(), "departments": Department.objects.all()})


def _department_for_create(request: HttpRequest) -> Department:
    dept = perm.department_of(request.user)
    if perm.role_of(request.user) == "admin":
        chosen = request.POST.get("department")
        dept = Department.objects.filter(pk=chosen).first() if chosen else dept
    if dept is None:
        raise Refusal("请选择项目所属部门", "choose the project's department")
    return dept


@require_POST
def create(request: HttpRequest) -> HttpResponse:
    perm.require(perm.can_create(request.user), "只有填报人可以新建项目", "only preparers create projects")
    name = request.POST.get("name", "").strip()
    framework = request.POST.get("framework", "").strip()
    year_text = request.POST.get("year", "").strip()
    errors = []
    if not name:
        errors.append("项目名称不能为空 / the project name is required")
    if framework and framework not in builtin_names():
        errors.append(f"未知的指标体系「{framework}」 / unknown framework '{framework}'")
    if year_text and not (year_text.isdigit() and 1990 <= int(year_text) <= 2100):
        errors.append(f"年度无效：{year_text} / invalid year: {year_text}")
    try:
        dept = _department_for_create(request)
    except Refusal as exc:
        errors.append(str(exc))
    if errors:
        for e in errors:
            messages.error(request, e)
        return redirect("home")
    project = Project(name=name, year=int(year_text) if year_text else None, department=dept.name,
                      preparer=request.user.get_full_name() or request.user.get_username(),
                      framework=framework or None)
    rec = create_project(project, dept, request.user, request=request)
    messages.success(request, f"已新建项目「{rec.name}」")
    return redirect("edit", pk=rec.pk)


@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    """A project file or a published report becomes a new project in the user's department."""
    perm.require(perm.can_create(request.user), "只有填报人可以新建项目", "only preparers create projects")
    item = request.FILES.get("file")
    try:
        if item is None:
            raise Refusal("请选择文件", "choose a file")
        data = item.read(settings.PROJECT_UPLOAD_MAX_BYTES + 1)
        check_upload(item.name or "", data, REPORT_SUFFIXES, settings.PROJECT_UPLOAD_MAX_BYTES)
        dept = _department_for_create(request)
    except Refusal as exc:
        messages.error(request, f"上传被拒绝：{exc}")
        return redirect("home")
    loaded = engine.read_upload(data, Path(item.name or "upload").name)
    if not loaded.projects:
        for f in loaded.findings[:10]:
            where = f.source.label() if f.source else ""
            messages.error(request, f"{where} {f.message} / {f.message_en}".strip())
        return redirect("home")
    created = [create_project(project, dept, request.user, note=f"上传 {Path(item.name or '').name}"[:300],
                              request=request) for project in loaded.projects]   # one per project read
    for rec in created:
        messages.success(request, f"已从「{item.name}」建立项目「{rec.name}」")
    return redirect("project", pk=created[0].pk) if len(created) == 1 else redirect("home")


def finding_rows(evaluation: engine.Evaluation, known: set[str], pk: int) -> list[dict[str, Any]]:
    rows = []
    for f in evaluation.findings:
        target = nearest_anchor(f.path, known) if f.path else ""
        rows.append({"f": f, "link": f"/projects/{pk}/edit/#{target}" if target else "",
                     "where": f.source.label() if f.source and f.source.line else ""})
    return rows


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    rec = perm.get_visible(request.user, pk)
    evaluation = engine.evaluate_record(rec)
    form = build_form(rec.document, evaluation.card)
    user = request.user
    evidence = list(rec.evidence_files.all())
    by_support: dict[str, int] = {}
    for item in evidence:
        by_support[item.supports] = by_support.get(item.supports, 0) + 1
    return render(request, "jixiao/project.html", {
        "rec": rec, "ev": evaluation, "card": evaluation.card, "project": evaluation.project,
        "form": form, "findings": finding_rows(evaluation, form.paths, rec.pk),
        "events": rec.events.select_related("user")[:50],
        "evidence": evidence, "evidence_count": by_support, "anchor": anchor,
        "can_edit": perm.can_edit(user, rec), "can_submit": perm.can_submit(user, rec),
        "can_approve": perm.can_approve(user, rec), "can_return": perm.can_return(user, rec),
        "can_rereview": perm.can_rereview(user, rec), "formats": list(engine.REPORT_FORMATS),
        "last_return": rec.events.filter(kind="return").first(),
    })


def report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    rec = perm.get_visible(request.user, pk)
    if fmt == "yaml":
        loaded = engine.from_document(rec.document)
        text = dump_yaml(engine.project_to_dict(loaded.projects[0])) if loaded.projects else ""
        return _attachment(text.encode(), "application/yaml; charset=utf-8", f"{rec.name}.yaml")
    if fmt not in engine.REPORT_FORMATS:
        return render(request, "jixiao/error.html", {"code": 404, "message": f"不支持的格式「{fmt}」"}, status=404)
    try:
        data = engine.render_report(engine.evaluate_record(rec), fmt)
    except engine.ReportError as exc:
        return render(request, "jixiao/error.html", {"code": 503, "message": exc.zh, "message_en": exc.en},
                      status=503)
    return _attachment(data, engine.REPORT_FORMATS[fmt], f"{rec.name}绩效自评报告.{fmt}")


def _attachment(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def revisions(request: HttpRequest, pk: int) -> HttpResponse:
    rec = perm.get_visible(request.user, pk)
    revs = rec.revisions.select_related("author").defer("document")
    return render(request, "jixiao/revisions.html", {"rec": rec, "revisions": revs})


def revision_json(request: HttpRequest, pk: int, number: int) -> JsonResponse:
    rec = perm.get_visible(request.user, pk)
    rev = get_object_or_404(Revision, project=rec, number=number)
    return JsonResponse(rev.document, json_dumps_params={"ensure_ascii": False, "indent": 2})


@require_http_methods(["GET"])
def diff(request: HttpRequest, pk: int) -> HttpResponse:
    rec = perm.get_visible(request.user, pk)
    numbers = list(rec.revisions.values_list("number", flat=True))
    try:
        a = int(request.GET.get("a", max(1, rec.revision - 1)))
        b = int(request.GET.get("b", rec.revision))
    except ValueError:
        a, b = max(1, rec.revision - 1), rec.revision
    before = get_object_or_404(Revision, project=rec, number=a)
    after = get_object_or_404(Revision, project=rec, number=b)
    return render(request, "jixiao/diff.html", {
        "rec": rec, "a": before, "b": after, "numbers": numbers,
        "changes": diff_documents(before.document, after.document)})
