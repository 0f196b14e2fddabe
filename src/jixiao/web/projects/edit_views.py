"""Editing (with live re-scoring through htmx) and the workflow actions."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ...core.model import normalise_name
from ...core.money import to_decimal
from .. import engine
from ..accounts import permissions as perm
from ..limits import MAX_ID, BadInput, bounded_int, refusal_response
from . import access
from .conflict_views import conflict_page
from .editor import FieldError, apply_form, build_form
from .grid import COMPARATOR_LABELS, TIERS, Grid, build_grid
from .grid_apply import GridError, posted_rows
from .models import ProjectRecord
from .views import finding_rows, framework_titles
from .workflow import StaleWrite, WorkflowError, approve, rereview, save_document, send_back, submit


def _edit_page(request: HttpRequest, rec: ProjectRecord, document: dict[str, Any], *, post: Any = None,
               seen: int | None = None, errors: list[Any] | None = None, status: int = 200,
               stale: StaleWrite | None = None) -> HttpResponse:
    evaluation = engine.evaluate_document(document, sources=rec.sources)
    form = build_form(document, evaluation.card, post)
    return render(request, "jixiao/edit.html", {
        "rec": rec, "ev": evaluation, "card": evaluation.card, "form": form,
        "findings": finding_rows(evaluation, form.paths, rec.pk), "seen": seen or rec.revision,
        "errors": errors or [], "stale": stale, "frameworks": framework_titles(),
        "comparators": COMPARATOR_LABELS, "tiers": TIERS, "grid": form.grid,
        "blank": {"k": "open", "c": "≥"},
    }, status=status)


def _seen(request: HttpRequest) -> int:
    """The revision the user's page showed; every save and workflow step must name it (400 if absent)."""
    seen = bounded_int(request.POST.get("revision"), 0, 1, MAX_ID, "版本号", "revision")
    if not seen:
        raise BadInput(400, "请求缺少版本号（页面可能已过期），请刷新页面后重试",
                       "the request does not name the revision it was made on; reload the page")
    return seen


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    rec = access.get_visible(request.user, pk)
    perm.require(access.can_edit(request.user, rec), "只有本部门填报人可以修改草稿或被退回的项目；已提交和已审核的版本已锁定",
                 "only the department's preparer edits drafts and returned projects; submitted and approved "
                 "versions are locked")
    if request.method == "GET":
        return _edit_page(request, rec, rec.document)
    seen = _seen(request)
    base_document = rec.document
    card = engine.evaluate_record(rec).card
    if seen != rec.revision:
        # the form was built on an older revision: the user's edit is that revision plus the form
        old = rec.revisions.filter(number=seen).first()
        if old is None:
            return refusal_response(request, 409, f"第{seen}版不存在，请刷新页面后重新编辑",
                                    f"revision {seen} does not exist; reload and edit again")
        base_document = old.document
        card = engine.evaluate_document(old.document).card
    document, errors = apply_form(base_document, request.POST, card)
    if not errors:
        loaded = engine.from_document(document)
        errors = [FieldError(f.path, f.message, f.message_en)
                  for f in loaded.findings if f.is_error and not loaded.projects]
    if errors:
        return _edit_page(request, rec, base_document, post=request.POST, seen=seen, errors=errors, status=400)
    if seen != rec.revision:
        return conflict_page(request, rec, seen, document)
    try:
        rec, _ = save_document(rec, document, seen, request.user, request.POST.get("note", ""), request)
    except StaleWrite:
        return conflict_page(request, rec, seen, document)
    except WorkflowError as exc:
        messages.error(request, exc.zh)
        return redirect("project", pk=pk)
    messages.success(request, f"已保存为第{rec.revision}版")
    if request.POST.get("then") == "stay":
        return redirect("edit", pk=pk)
    return redirect("project", pk=pk)


@require_POST
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Score the form as typed, without saving: the live panel and each leaf's score cell."""
    rec = access.get_visible(request.user, pk)
    perm.require(access.can_edit(request.user, rec))
    card = engine.evaluate_record(rec).card
    document, errors = apply_form(rec.document, request.POST, card)
    evaluation = engine.evaluate_document(document, sources=rec.sources)
    form = build_form(document, evaluation.card)
    cells = _cells(request.POST, build_grid(card), form.grid)
    return render(request, "jixiao/_live.html", {
        "rec": rec, "ev": evaluation, "card": evaluation.card, "errors": errors, "cells": cells,
        "findings": finding_rows(evaluation, form.paths, rec.pk), "oob": True,
        "execution": form.grid.execution})


def _cells(post: Any, base: Grid, now: Grid) -> list[dict[str, Any]]:
    """Each posted row's new score, by its place on the page (rows are found by group and name)."""
    try:
        rows = posted_rows(post)
    except GridError:
        return []
    names = {g.key: g.names for g in base.groups}          # not the targets-only table: it has no scores
    scored = {(tuple(normalise_name(n) for n in g.names), normalise_name(r.name)): r.node
              for g in now.groups for r in g.rows if r.node is not None}
    cells = []
    for i, row in enumerate(rows):
        group = names.get(int(row["g"])) if row["g"].isdigit() else None
        if group is None:
            continue
        node = scored.get((tuple(normalise_name(n) for n in group), normalise_name(row["n"] or row["o"])))
        cells.append({"index": i, "node": node})
    return cells


def _transition(request: HttpRequest, pk: int, allowed: Callable[[Any, Any], bool], denied: tuple[str, str],
                act: Callable[[Any], object], done: str | Callable[[Any], str]) -> HttpResponse:
    """One workflow step: permission, the step itself, a message, back to the project page.

    A refused step (WorkflowError) is shown to the user; a forbidden one is a 403.
    """
    rec = access.get_visible(request.user, pk)
    perm.require(allowed(request.user, rec), *denied)
    seen = _seen(request)
    if seen != rec.revision:
        return refusal_response(
            request, 409, f"操作未执行：你的页面显示的是第{seen}版，但项目现在是第{rec.revision}版"
            f"（期间已被修改、退回或再次提交）。请刷新页面，查看最新版本后再操作",
            f"not done: your page shows revision {seen}, but the project is now at revision {rec.revision}; "
            "reload the page and review the latest revision")
    rec.revision = seen        # the step's UPDATE is conditional on this revision: a race is refused too
    message = done(rec) if callable(done) else done          # read before the step changes the status
    try:
        act(rec)
    except WorkflowError as exc:
        messages.error(request, exc.zh)
        return redirect("project", pk=pk)
    messages.success(request, message)
    return redirect("project", pk=pk)


@require_POST
def do_submit(request: HttpRequest, pk: int) -> HttpResponse:
    def act(rec: Any) -> None:
        errors = engine.evaluate_record(rec).errors
        reason = request.POST.get("reason", "") if request.POST.get("acknowledge") == "on" else ""
        submit(rec, request.user, request, errors=errors, acknowledgement=reason)
    return _transition(request, pk, access.can_submit,
                       ("只有本部门填报人可以提交草稿或被退回的项目",
                        "only the department's preparer submits a draft or returned project"), act,
                       lambda rec: "已再提交审核" if rec.status == "returned" else "已提交审核")


@require_POST
def do_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, access.can_approve,
                       ("只有审核人或财政可以审核已提交的项目", "only reviewers and finance approve submitted projects"),
                       lambda rec: approve(rec, request.user, request, request.POST.get("comment", "")), "已审核通过")


@require_POST
def do_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, access.can_return, ("当前状态下无权退回该项目", "you may not return this project now"),
                       lambda rec: send_back(rec, request.user, request, request.POST.get("comment", "")),
                       "已退回填报人修改")


@require_POST
def do_rereview(request: HttpRequest, pk: int) -> HttpResponse:
    def act(rec: Any) -> None:
        score: Decimal | None = to_decimal(request.POST.get("score", "").strip())
        if score is None:
            raise WorkflowError("复核得分应为数字", "the re-review score must be a number")
        rereview(rec, score, request.user, request, request.POST.get("comment", ""))
    return _transition(request, pk, access.can_rereview,
                       ("只有财政可以在项目提交后记录复核得分", "only finance records a re-review score, after submission"),
                       act, "已记录财政复核得分")
