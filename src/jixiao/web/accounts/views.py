"""API tokens: each user issues and revokes their own; the clear text is shown exactly once."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import ApiToken


def tokens(request: HttpRequest) -> HttpResponse:
    issued = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            ApiToken.objects.filter(user=request.user, pk=request.POST.get("id") or 0).delete()
        else:
            issued = ApiToken.issue(request.user, request.POST.get("label", "").strip()[:100])
    return render(request, "jixiao/tokens.html", {
        "tokens": ApiToken.objects.filter(user=request.user).order_by("-created"), "issued": issued})
