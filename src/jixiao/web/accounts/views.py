"""API tokens: each user issues and revokes their own; the clear text is shown exactly once."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..audit.models import record
from .models import ApiToken


def tokens(request: HttpRequest) -> HttpResponse:
    issued = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            raw = str(request.POST.get("id") or "")
            token_id = int(raw) if raw.isdigit() and len(raw) <= 18 else None     # never an out-of-range id
            token = ApiToken.objects.filter(user=request.user, pk=token_id).first() if token_id else None
            if token is not None:
                record("token_revoke", request, token_id=token.pk, label=token.label)
                token.delete()
        else:
            label = request.POST.get("label", "").strip()[:100]
            issued = ApiToken.issue(request.user, label)
            record("token_issue", request, label=label)
    return render(request, "jixiao/tokens.html", {
        "tokens": ApiToken.objects.filter(user=request.user).order_by("-created"), "issued": issued})


def locked_out(request: HttpRequest, credentials: object = None, *args: object, **kwargs: object) -> HttpResponse:
    """django-axes' answer to a throttled login: the login page with a Chinese message, status 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "jixiao/login.html", {
        "locked": f"登录失败次数过多，该账号或地址已被暂时锁定，请{minutes}分钟后再试，或联系管理员",
        "locked_en": f"too many failed logins: this account or address is locked for {minutes} minutes"},
        status=429)
