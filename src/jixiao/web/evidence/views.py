"""Upload, list (on the project page) and download 佐证材料; files live under the data directory."""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from ..accounts.permissions import can_edit, get_visible, require
from ..audit.models import record
from .models import EvidenceFile
from .uploads import EVIDENCE_TYPES, Refusal, check_upload


def storage_path(item: EvidenceFile) -> Path:
    return Path(settings.EVIDENCE_DIR) / str(item.project_id) / item.sha256


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
    except Refusal as exc:
        messages.error(request, f"上传被拒绝：{exc}")
        return redirect("project", pk=pk)
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
    response = FileResponse(path.open("rb"), content_type=item.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(item.filename)}"
    return response
