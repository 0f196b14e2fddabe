"""User and department administration and the audit log page (admins only): the smallest set that runs a bureau."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ...io.frameworks import builtin_names, looks_like_path, parse_framework
from ..audit.models import AuditEvent, record
from .models import Department, Profile, RegisteredFramework, Role
from .permissions import can_see_audit, require

NEEDS_DEPARTMENT = {Role.PREPARER, Role.REVIEWER}


def users(request: HttpRequest) -> HttpResponse:
    require(can_see_audit(request.user), "只有管理员可以管理用户", "only administrators manage users")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "department":
            name = request.POST.get("name", "").strip()
            if name:
                dept, created = Department.objects.get_or_create(name=name[:200])
                if created:
                    record("department_create", request, department=dept.name, department_id=dept.pk)
                messages.success(request, f"已添加部门「{name}」")
        elif action == "framework":
            _register_framework(request)
        elif action == "create":
            _create(request)
        elif action in ("update", "deactivate", "reset"):
            _update(request, action)
        return redirect("users")
    people = get_user_model().objects.select_related("profile__department").order_by("username")
    return render(request, "jixiao/users.html", {"people": people, "roles": Role.choices,
                                                 "departments": Department.objects.all(),
                                                 "frameworks": RegisteredFramework.objects.all()})


FRAMEWORK_MAX_BYTES = 512 * 1024


def _register_framework(request: HttpRequest) -> None:
    """An administrator registers (or replaces) an indicator system from its YAML; nothing else may."""
    name = request.POST.get("name", "").strip()
    item = request.FILES.get("file")
    if not name or looks_like_path(name) or len(name) > 100 or name in builtin_names():
        messages.error(request, "指标体系名称无效：不能为空、不能是文件路径，也不能与内置名称相同")
        return
    data = item.read(FRAMEWORK_MAX_BYTES + 1) if item is not None else b""
    if not data or len(data) > FRAMEWORK_MAX_BYTES:
        messages.error(request, f"请选择不超过{FRAMEWORK_MAX_BYTES // 1024}KB的指标体系 YAML 文件")
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        messages.error(request, "指标体系文件不是 UTF-8 编码")
        return
    framework, problems = parse_framework(text, name)
    if framework is None:
        for f in problems[:10]:
            messages.error(request, f"{f.source.label() if f.source else name} {f.message}")
        return
    RegisteredFramework.objects.update_or_create(name=name, defaults={
        "title": framework.title[:200], "text": text, "registered_by": request.user})
    record("framework_register", request, framework=name, title=framework.title)
    messages.success(request, f"已登记指标体系「{name}」")


def _role_and_department(request: HttpRequest) -> tuple[str, Department | None] | None:
    role = request.POST.get("role", "")
    if role not in Role.values:
        messages.error(request, "请选择角色 / choose a role")
        return None
    dept = Department.objects.filter(pk=request.POST.get("department") or 0).first()
    if role in NEEDS_DEPARTMENT and dept is None:
        messages.error(request, "填报人和审核人必须属于一个部门 / preparers and reviewers need a department")
        return None
    return role, (dept if role in NEEDS_DEPARTMENT else None)


def _create(request: HttpRequest) -> None:
    username = request.POST.get("username", "").strip()
    password = request.POST.get("password", "")
    chosen = _role_and_department(request)
    if not username or chosen is None:
        if not username:
            messages.error(request, "用户名不能为空 / the user name is required")
        return
    model = get_user_model()
    if model.objects.filter(username=username).exists():
        messages.error(request, f"用户名「{username}」已存在 / user name taken")
        return
    full_name = request.POST.get("full_name", "").strip()[:150]
    try:
        validate_password(password, user=model(username=username[:150], first_name=full_name))
    except ValidationError as exc:
        messages.error(request, "密码不符合要求：" + "；".join(exc.messages))
        return
    with transaction.atomic():
        user = model.objects.create_user(username=username[:150], password=password, first_name=full_name)
        Profile.objects.create(user=user, role=chosen[0], department=chosen[1])
        record("user_create", request, target=user.get_username(), role=chosen[0],
               department=chosen[1].name if chosen[1] else "")
    messages.success(request, f"已创建用户「{username}」")


def _update(request: HttpRequest, action: str) -> None:
    user = get_user_model().objects.filter(pk=request.POST.get("id") or 0).first()
    if user is None or user.pk == request.user.pk:
        messages.error(request, "不能修改该用户（不能修改自己）/ cannot change this user")
        return
    if action == "deactivate":
        user.is_active = not user.is_active
        user.save(update_fields=["is_active"])
        record("user_active", request, target=user.get_username(), active=user.is_active)
        messages.success(request, f"已{'启用' if user.is_active else '停用'}「{user.get_username()}」")
        return
    if action == "reset":
        _reset(request, user)
        return
    chosen = _role_and_department(request)
    if chosen is None:
        return
    Profile.objects.update_or_create(user=user, defaults={"role": chosen[0], "department": chosen[1]})
    record("user_update", request, target=user.get_username(), role=chosen[0],
           department=chosen[1].name if chosen[1] else "")
    messages.success(request, f"已更新「{user.get_username()}」的角色")


def _reset(request: HttpRequest, user: Any) -> None:
    """Set a temporary password the user must replace at their next login."""
    password = request.POST.get("password", "")
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        messages.error(request, "临时密码不符合要求：" + "；".join(exc.messages))
        return
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        Profile.objects.filter(user=user).update(must_change_password=True)
        record("password_reset", request, target=user.get_username())
    messages.success(request, f"已重置「{user.get_username()}」的密码，该用户下次登录时须修改密码")


def audit_log(request: HttpRequest) -> HttpResponse:
    require(can_see_audit(request.user))
    events = AuditEvent.objects.select_related("project", "user")
    kind = request.GET.get("kind", "")
    if kind:
        events = events.filter(kind=kind)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(request, "jixiao/audit.html", {"page": page, "kinds": AuditEvent.KINDS, "kind": kind})
