"""Upload, list (on the project page), download and delete 佐证材料; files live under the data directory.

A project holds at most ``EVIDENCE_PROJECT_MAX_FILES`` files and ``EVIDENCE_PROJECT_MAX_BYTES``
in total. The preparer deletes a file while the project is a draft or returned; once it is
submitted the evidence is part of what was reviewed and stays.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.db.models import Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from ..accounts.permissions import require
from ..audit.models import record
from ..limits import refusal_response
from ..projects.access import can_edit, get_visible
from ..uploads import EVIDENCE_TYPES, Refusal, check_upload
from .models import EvidenceFile


def storage_path(item: EvidenceFile) -> Path:
    return Path(settings.EVIDENCE_DIR) / str(item.project_id) / item.sha256


def _quota(project: object, adding: int) -> None:
    """Refuse an upload that would pass the project's file count or total size."""
    files = EvidenceFile.objects.filter(project=project)
    count = files.count()
    used = files.aggregate(total=Sum("size"))["total"] or 0
    max_files, max_bytes = settings.EVIDENCE_PROJECT_MAX_FILES, settings.EVIDENCE_PROJECT_MAX_BYTES
    if count >= max_files:
        raise Refusal(f"本项目的佐证材料已达{max_files}个上限，请先删除不需要的文件",
                      f"this project already has {max_files} evidence files (the limit); delete some first")
    if used + adding > max_bytes:
        mb = 1024 * 1024
        raise Refusal(f"本项目的佐证材料总量将超过{max_bytes // mb}MB上限（已用{used / mb:.1f}MB）",
                      f"the project's evidence would exceed {max_bytes // mb} MB (used {used / mb:.1f} MB)")


@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_visible(request.user, pk)
    require(can_edit(request.user, project), "只有本部门填报人可在草稿或退回状态上传佐证材料",
            "only the department's preparer may upload evidence to a draft or returned project")
    upload_file = request.FILES.get("file")
    if upload_file is None:
        messages.error(request, "请选择文件 / choose a file")
        return redirect("project", pk=pk)
    data = upload_file.read(settings.EVIDENCE_MAX_BYTES + 1)
    try:
        suffix = check_upload(upload_file.name or "", data, set(EVIDENCE_TYPES), settings.EVIDENCE_MAX_BYTES)
        _quota(project, len(data))
    except Refusal as exc:
        status = 413 if len(data) > settings.EVIDENCE_MAX_BYTES else 422
        return refusal_response(request, status, f"上传被拒绝：{exc.zh}", f"upload refused: {exc.en}")
    digest = hashlib.sha256(data).hexdigest()
    item = EvidenceFile(project=project, supports=request.POST.get("supports", "")[:500],
                        filename=Path(upload_file.name or "file").name[:255], content_type=EVIDENCE_TYPES[suffix],
                        size=len(data), sha256=digest, uploaded_by=request.user)
    path = storage_path(item)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    item.save()
    record("upload", request, project=project, revision=project.revision, filename=item.filename)
    messages.success(request, f"已上传佐证材料「{item.filename}」")
    return redirect(f"/projects/{pk}/#evidence")


def download(request: HttpRequest, pk: int, item_id: int) -> FileResponse:
    project = get_visible(request.user, pk)
    item = get_object_or_404(EvidenceFile, pk=item_id, project=project)
    path = storage_path(item)
    if not path.is_file():
        raise Http404("文件已丢失 / file missing")
    record("download", request, project=project, revision=project.revision, evidence=item.filename)
    response = FileResponse(path.open("rb"), content_type=item.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(item.filename)}"
    return response


@require_POST
def delete(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    project = get_visible(request.user, pk)
    require(can_edit(request.user, project), "只有本部门填报人可在草稿或退回状态删除佐证材料",
            "only the department's preparer may delete evidence of a draft or returned project")
    item = get_object_or_404(EvidenceFile, pk=item_id, project=project)
    path = storage_path(item)
    with transaction.atomic():
        item.delete()
        shared = EvidenceFile.objects.filter(project=project, sha256=item.sha256).exists()
        record("evidence_delete", request, project=project, revision=project.revision, filename=item.filename)
    if not shared:                        # the same content uploaded twice is stored once
        path.unlink(missing_ok=True)
    messages.success(request, f"已删除佐证材料「{item.filename}」")
    return redirect(f"/projects/{pk}/#evidence")
