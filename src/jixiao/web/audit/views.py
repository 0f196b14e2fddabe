"""The audit log page (admins only)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..accounts.permissions import can_see_audit, require
from .models import AuditEvent


def audit_log(request: HttpRequest) -> HttpResponse:
    require(can_see_audit(request.user))
    events = AuditEvent.objects.select_related("project", "user")
    kind = request.GET.get("kind", "")
    if kind:
        events = events.filter(kind=kind)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(request, "jixiao/audit.html", {"page": page, "kinds": AuditEvent.KINDS, "kind": kind})
