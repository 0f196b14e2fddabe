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
    try:
        return int(request.POST.get("revision", "0"))
    except ValueError:
        return 0


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    rec = perm.get_visible(request.user, pk)
    perm.require(perm.can_edit(request.user, rec), "只有本部门填报人可以修改草稿或被退回的项目；已提交和已审核的版本已锁定",
                 "only the department's preparer edits drafts and returned projects; submitted and approved "
                 "versions are locked")
    if request.method == "GET":
        return _edit_page(request, rec, rec.document)
    seen = _seen(request)
    card = engine.evaluate_record(rec).card
    if seen != rec.revision:
        # the form was built from an older tree: re-derive against what the user saw
        old = rec.revisions.filter(number=seen).first()
        if old is not None:
            card = engine.evaluate_document(old.document).card
    document, errors = apply_form(rec.document, request.POST, card)
    if not errors:
        loaded = engine.from_document(document)
        errors = [FieldError(f.path, f.message, f.message_en)
                  for f in loaded.findings if f.is_error and not loaded.projects]
    if errors:
        return _edit_page(request, rec, rec.document, post=request.POST, seen=seen, errors=errors, status=400)
    try:
        rec, _ = save_document(rec, document, seen, request.user, request.POST.get("note", ""))
    except StaleWrite as exc:
        return _edit_page(request, exc.current, document, seen=exc.current.revision, stale=exc, status=409)
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
    rec = perm.get_visible(request.user, pk)
    perm.require(perm.can_edit(request.user, rec))
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
    rec = perm.get_visible(request.user, pk)
    perm.require(allowed(request.user, rec), *denied)
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
        rec.revision = _seen(request) or rec.revision
        submit(rec, request.user, request, errors=errors, acknowledgement=reason)
    return _transition(request, pk, perm.can_submit,
                       ("只有本部门填报人可以提交草稿或被退回的项目",
                        "only the department's preparer submits a draft or returned project"), act,
                       lambda rec: "已再提交审核" if rec.status == "returned" else "已提交审核")


@require_POST
def do_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, perm.can_approve,
                       ("只有审核人或财政可以审核已提交的项目", "only reviewers and finance approve submitted projects"),
                       lambda rec: approve(rec, request.user, request, request.POST.get("comment", "")), "已审核通过")


@require_POST
def do_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, perm.can_return, ("当前状态下无权退回该项目", "you may not return this project now"),
                       lambda rec: send_back(rec, request.user, request, request.POST.get("comment", "")),
                       "已退回填报人修改")


@require_POST
def do_rereview(request: HttpRequest, pk: int) -> HttpResponse:
    def act(rec: Any) -> None:
        score: Decimal | None = to_decimal(request.POST.get("score", "").strip())
        if score is None:
            raise WorkflowError("复核得分应为数字", "the re-review score must be a number")
        rereview(rec, score, request.user, request, request.POST.get("comment", ""))
    return _transition(request, pk, perm.can_rereview,
                       ("只有财政可以在项目提交后记录复核得分", "only finance records a re-review score, after submission"),
                       act, "已记录财政复核得分")
