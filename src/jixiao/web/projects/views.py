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

from ...core import field_labels as fl
from ...core.model import Project
from ...io.frameworks import known_names, resolve_framework
from ...io.serialize import dump_yaml
from .. import engine
from ..accounts import permissions as perm
from ..accounts.models import Department
from ..audit.models import record
from ..limits import database_id, refusal_response
from ..public import finding_where
from ..uploads import REPORT_SUFFIXES, Refusal, check_upload
from . import access
from .diff import diff_documents
from .editor import anchor, build_form, nearest_anchor
from .grid import COMPARATOR_LABELS, TIERS
from .inbox import inbox_for
from .models import Revision, Status
from .start import declared
from .workflow import create_project


def home(request: HttpRequest) -> HttpResponse:
    projects = access.visible_projects(request.user)
    status = request.GET.get("status", "")
    if status in Status.values:
        projects = projects.filter(status=status)
    query = request.GET.get("q", "").strip()
    if query:
        projects = projects.filter(name__icontains=query)
    page = Paginator(projects.defer("document"), 50).get_page(request.GET.get("page"))
    return render(request, "jixiao/home.html", {
        "page": page, "status": status, "q": query, "statuses": Status.choices, "inbox": inbox_for(request.user),
        "frameworks": framework_titles(), "departments": Department.objects.all()})


def _department_for_create(request: HttpRequest) -> Department:
    dept = perm.department_of(request.user)
    if perm.role_of(request.user) == "admin":
        chosen = database_id(request.POST.get("department"))
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
        errors.append("项目名称不能为空")
    if framework and framework not in known_names():
        errors.append(f"未知的指标体系「{framework}」")
    if year_text and not (year_text.isdigit() and 1990 <= int(year_text) <= 2100):
        errors.append(f"年度无效：{year_text}")
    try:
        dept = _department_for_create(request)
    except Refusal as exc:
        errors.append(exc.zh)
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
    data = b""
    try:
        if item is None:
            raise Refusal("请选择文件", "choose a file")
        data = item.read(settings.PROJECT_UPLOAD_MAX_BYTES + 1)
        check_upload(item.name or "", data, REPORT_SUFFIXES, settings.PROJECT_UPLOAD_MAX_BYTES)
        dept = _department_for_create(request)
    except Refusal as exc:
        status = 413 if len(data) > settings.PROJECT_UPLOAD_MAX_BYTES else 422
        return refusal_response(request, status, f"上传被拒绝：{exc.zh}", f"upload refused: {exc.en}")
    loaded = engine.read_upload(data, Path(item.name or "upload").name)
    if not loaded.projects:
        details = [{"where": finding_where(f), "message": f.message, "message_en": f.message_en}
                   for f in loaded.findings if f.is_error][:10]
        return refusal_response(request, 422, "文件无法读取为项目", "the file could not be read as a project", details)
    created = [create_project(project, dept, request.user, note=f"上传 {Path(item.name or '').name}",
                              request=request) for project in loaded.projects]   # one per project read
    for rec in created:
        messages.success(request, f"已从「{item.name}」建立项目「{rec.name}」")
    return redirect("project", pk=created[0].pk) if len(created) == 1 else redirect("home")


def framework_titles() -> dict[str, str]:
    """Shipped frameworks by name, with the title people know them by."""
    titles = {}
    for name in known_names():
        framework, _ = resolve_framework(name)
        titles[name] = framework.title if framework is not None and framework.title else name
    return titles


@require_POST
def start(request: HttpRequest) -> HttpResponse:
    """A new project from a 绩效目标申报表 (or any readable file) or from an earlier project."""
    perm.require(perm.can_create(request.user), "只有填报人可以新建项目", "only preparers create projects")
    year_text = request.POST.get("year", "").strip()
    framework = request.POST.get("framework", "").strip()
    earlier, item = request.POST.get("from", "").strip(), request.FILES.get("file")
    try:
        if not (year_text.isdigit() and 1990 <= int(year_text) <= 2100):
            raise Refusal(f"年度无效：{year_text}", f"invalid year: {year_text}")
        if framework and framework not in known_names():
            raise Refusal(f"未知的指标体系「{framework}」", f"unknown framework '{framework}'")
        dept = _department_for_create(request)
        if earlier.isdigit():
            source = access.get_visible(request.user, int(earlier)).document
            label, keep_budget = "上年项目", False
        elif item is not None:
            data = item.read(settings.PROJECT_UPLOAD_MAX_BYTES + 1)
            check_upload(item.name or "", data, REPORT_SUFFIXES, settings.PROJECT_UPLOAD_MAX_BYTES)
            loaded = engine.read_upload(data, Path(item.name or "upload").name)
            if not loaded.projects:
                raise Refusal("未能从文件中读出绩效目标：" + "；".join(f.message for f in loaded.findings[:3]),
                              "no targets could be read from the file")
            source, label, keep_budget = engine.to_document(loaded.projects[0]), "申报表", True
        else:
            raise Refusal("请选择绩效目标申报表文件或上年项目", "choose a declared target table or an earlier project")
    except Refusal as exc:
        messages.error(request, f"未能新建：{exc.zh}")
        return redirect("home")
    document = declared(source, int(year_text), framework or None, keep_budget)
    loaded = engine.from_document(document)
    if not loaded.projects:
        messages.error(request, "未能新建：" + "；".join(f.message for f in loaded.findings[:3]))
        return redirect("home")
    project = loaded.projects[0]
    if not project.preparer:
        project = project.evolve(preparer=request.user.get_full_name() or request.user.get_username())
    rec = create_project(project, dept, request.user, note=f"从{label}新建", request=request)
    messages.success(request, f"已从{label}新建「{rec.name}」：{len(project.targets)}项绩效指标已带入，请填写实际完成值")
    return redirect("edit", pk=rec.pk)


def finding_rows(evaluation: engine.Evaluation, known: dict[str, str], pk: int,
                 editable: bool = True) -> list[dict[str, Any]]:
    """Findings with a link to the field that fixes each: the editor, or the read-only page there."""
    rows = []
    page = "edit/" if editable else ""
    for f in evaluation.findings:
        target = nearest_anchor(f.path, known, f.code) if f.path else ""
        rows.append({"f": f, "link": f"/projects/{pk}/{page}#{target}" if target else "",
                     "where": finding_where(f, need_line=True)})
    return rows


def support_labels(evaluation: engine.Evaluation) -> dict[str, str]:
    """What a piece of evidence supports, as people name it: 评分表「产出指标 › 数量指标 › 培训人次」,
    绩效目标「培训人次」 — the block's name from ``core.field_labels``, as the diff page writes it."""
    labels: dict[str, str] = {}
    project, card = evaluation.project, evaluation.card
    if project is not None:
        labels.update({t.id: f"{fl.of('targets').zh}「{t.name}」" for t in project.targets})
    if card is not None:
        stack: list[tuple[Any, tuple[str, ...]]] = [(node, (node.name,)) for node in card.roots]
        while stack:
            node, names = stack.pop()
            labels[node.path] = f"{fl.of('indicators').zh}「{' › '.join(names)}」"
            stack.extend((c, (*names, c.name)) for c in node.children)
    return labels


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    rec = access.get_visible(request.user, pk)
    evaluation = engine.evaluate_record(rec)
    form = build_form(rec.document, evaluation.card)
    user = request.user
    evidence = list(rec.evidence_files.all())
    by_support: dict[str, int] = {}
    for item in evidence:
        by_support[item.supports] = by_support.get(item.supports, 0) + 1
    return render(request, "jixiao/project.html", {
        "rec": rec, "ev": evaluation, "card": evaluation.card, "project": evaluation.project,
        "framework_title": framework_titles().get(rec.document.get("framework") or "", rec.document.get("framework")),
        "form": form, "grid": form.grid, "comparators": COMPARATOR_LABELS, "tiers": TIERS,
        "findings": finding_rows(evaluation, form.paths, rec.pk, access.can_edit(user, rec)),
        "events": rec.events.select_related("user")[:50],
        "evidence": evidence, "evidence_count": by_support, "anchor": anchor,
        "supports": support_labels(evaluation),
        "can_edit": access.can_edit(user, rec), "can_submit": access.can_submit(user, rec),
        "can_approve": access.can_approve(user, rec), "can_return": access.can_return(user, rec),
        "can_rereview": access.can_rereview(user, rec), "formats": list(engine.REPORT_FORMATS),
        "last_return": rec.events.filter(kind="return").first(),
    })


def report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    rec = access.get_visible(request.user, pk)
    if fmt == "yaml":
        loaded = engine.from_document(rec.document)
        text = dump_yaml(engine.project_to_dict(loaded.projects[0])) if loaded.projects else ""
        record("download", request, project=rec, revision=rec.revision, format="yaml")
        return _attachment(text.encode(), "application/yaml; charset=utf-8", f"{rec.name}.yaml")
    if fmt not in engine.REPORT_FORMATS:
        return render(request, "jixiao/error.html", {"code": 404, "message": f"不支持的格式「{fmt}」"}, status=404)
    try:
        data = engine.render_report(engine.evaluate_record(rec), fmt)
    except engine.ReportError as exc:
        return render(request, "jixiao/error.html", {"code": 503, "message": exc.zh, "message_en": exc.en},
                      status=503)
    record("download", request, project=rec, revision=rec.revision, format=fmt)
    return _attachment(data, engine.REPORT_FORMATS[fmt], f"{rec.name}绩效自评报告.{fmt}")


def _attachment(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def revisions(request: HttpRequest, pk: int) -> HttpResponse:
    rec = access.get_visible(request.user, pk)
    revs = rec.revisions.select_related("author").defer("document")
    return render(request, "jixiao/revisions.html", {"rec": rec, "revisions": revs})


def revision_json(request: HttpRequest, pk: int, number: int) -> JsonResponse:
    rec = access.get_visible(request.user, pk)
    rev = get_object_or_404(Revision, project=rec, number=number)
    record("download", request, project=rec, revision=number, format="json")
    return JsonResponse(rev.document, json_dumps_params={"ensure_ascii": False, "indent": 2})


@require_http_methods(["GET"])
def diff(request: HttpRequest, pk: int) -> HttpResponse:
    rec = access.get_visible(request.user, pk)
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
