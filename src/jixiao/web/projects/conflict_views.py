"""The 409 conflict page and the explicit merge: no acknowledged save is ever overwritten.

A save names the revision its author saw. When another save came first, the page shows,
field by field with Chinese labels, what the other person changed and what this user
changed since that revision, and which fields both changed. The user's edit travels in a
signed payload together with its base revision (never moved to the newest one), and it is
stored only by an explicit 合并保存 against the revision the page showed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .. import engine
from ..accounts import permissions as perm
from ..audit.models import record
from ..limits import MAX_ID, BadInput, bounded_int
from . import access
from .inbox import person
from .merge import MISSING, Merge, label, resolve, shown, three_way
from .models import ProjectRecord, Revision
from .workflow import StaleWrite, WorkflowError, save_document

SALT = "jixiao.projects.merge"
PAYLOAD_MAX_AGE = 7 * 24 * 3600


def _document(rec: ProjectRecord, number: int) -> dict[str, Any]:
    rev = Revision.objects.filter(project=rec, number=number).only("document").first()
    if rev is None:
        raise BadInput(400, f"第{number}版不存在，请刷新页面", f"revision {number} does not exist; reload the page")
    return dict(rev.document)


def _rows(fields: list[Any], document: dict[str, Any], after: str) -> list[dict[str, str]]:
    return [{"label": label(f.path, document), "before": shown(f.base), "after": shown(getattr(f, after))}
            for f in fields]


def conflict_page(request: HttpRequest, rec: ProjectRecord, base: int, yours: dict[str, Any],
                  error: str = "") -> HttpResponse:
    """409: theirs vs yours since ``base``; the form merges explicitly against the current revision."""
    rec = ProjectRecord.objects.select_related("department").get(pk=rec.pk)
    base_doc = _document(rec, base)
    theirs = dict(rec.document)
    merge = three_way(base_doc, theirs, yours)
    latest = rec.revisions.select_related("author").first()
    return render(request, "jixiao/conflict.html", {
        "rec": rec, "base": base, "current": rec.revision, "error": error,
        "author": person(latest.author) if latest and latest.author else "他人",
        "theirs_rows": _rows(merge.theirs_changed, theirs, "theirs"),
        "yours_rows": _rows(merge.yours_changed, yours, "yours"),
        "conflicts": [{"index": i, "label": label(c.path, theirs if c.theirs is not MISSING else yours),
                       "base": shown(c.base), "theirs": shown(c.theirs), "yours": shown(c.yours)}
                      for i, c in enumerate(merge.conflicts)],
        "payload": signing.dumps({"base": base, "yours": yours}, salt=SALT, compress=True),
    }, status=409)


def _choices(request: HttpRequest, merge: Merge) -> dict[str, str] | None:
    chosen = {}
    for i, conflict in enumerate(merge.conflicts):
        side = request.POST.get(f"c-{i}", "")
        if side not in ("yours", "theirs"):
            return None
        chosen[conflict.key] = side
    return chosen


@require_POST
def merge_save(request: HttpRequest, pk: int) -> HttpResponse:
    rec = access.get_visible(request.user, pk)
    perm.require(access.can_edit(request.user, rec), "只有本部门填报人可以修改草稿或被退回的项目",
                 "only the department's preparer edits drafts and returned projects")
    try:
        payload = signing.loads(request.POST.get("payload", ""), salt=SALT, max_age=PAYLOAD_MAX_AGE)
    except signing.BadSignature as exc:
        raise BadInput(400, "合并内容无效或已过期，请重新编辑", "the merge form is invalid or expired; edit again") from exc
    base, yours = int(payload["base"]), dict(payload["yours"])
    shown_revision = bounded_int(request.POST.get("current"), 0, 1, MAX_ID, "版本号", "revision")
    if shown_revision != rec.revision:       # yet another save came in: show the conflict again
        return conflict_page(request, rec, base, yours, "在你合并期间又有新的保存，请再次核对")
    merge = three_way(_document(rec, base), dict(rec.document), yours)
    choices = _choices(request, merge)
    if choices is None:
        return conflict_page(request, rec, base, yours, "请为每个双方都修改过的字段选择保留哪一方")
    merged = resolve(merge, choices)
    loaded = engine.from_document(merged)
    if not loaded.projects:
        problems = "；".join(f.message for f in loaded.findings if f.is_error)[:500]
        return conflict_page(request, rec, base, yours, f"合并结果无法保存：{problems}")
    try:
        saved, _ = save_document(rec, merged, shown_revision, request.user,
                                 f"合并：第{base}版上的修改并入第{shown_revision}版", request)
    except StaleWrite:
        return conflict_page(request, rec, shown_revision, merged, "在你合并期间又有新的保存，请再次核对")
    except WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("project", pk=pk)
    record("merge", request, project=saved, revision=saved.revision, base=base, theirs=shown_revision,
           conflicts=len(merge.conflicts), mine=sum(1 for v in choices.values() if v == "yours"))
    messages.success(request, f"已合并保存为第{saved.revision}版")
    return redirect("project", pk=pk)
