"""What leaves the server from a batch: a run's review workbook and the files as uploaded, each audited.

The pages and the API both answer through here, so no download of batch data escapes the
audit log (kind ``download``, with the batch, run or file in its detail).
"""

from __future__ import annotations

import io
import mimetypes
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse

from ...io.review_xlsx import write_review
from ..audit.models import record
from .models import Batch, BatchFile, Result, Run

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def workbook(request: HttpRequest, batch: Batch, run: Run) -> HttpResponse:
    """The same two-sheet review workbook that ``jixiao check --summary`` writes."""
    results = Result.objects.filter(run=run).select_related("file").only("rows", "findings", "state", "reason",
                                                                       "file__name")
    reports: list[dict[str, Any]] = []
    findings: list[dict[str, Any]] = []
    for r in results.iterator(chunk_size=200):
        reports.extend(r.rows)
        findings.extend(r.findings)
    buffer = io.BytesIO()
    write_review(buffer, reports, findings)   # type: ignore[arg-type]   # openpyxl saves to any binary file
    record("download", request, format="batch-review-xlsx", batch=batch.pk, run=run.number, files=len(reports))
    return _attachment(buffer.getvalue(), XLSX, f"{batch.name}-第{run.number}次复核.xlsx")


def original(request: HttpRequest, batch: Batch, file_id: int) -> HttpResponse:
    """One file as it was uploaded (a ZIP member under its own name), always as an attachment."""
    file = BatchFile.objects.filter(batch=batch, pk=file_id).only("name", "content", "sha256").first()
    if file is None:
        raise Http404("文件不存在 / no such file")
    name = PurePosixPath(file.name).name or "file"
    record("download", request, format="batch-file", batch=batch.pk, file=file.pk, filename=file.name[:300],
           sha256=file.sha256)
    # the browser never renders it in our origin: a generic type, an attachment, nosniff (settings)
    guessed = mimetypes.guess_type(name)[0] or "application/octet-stream"
    content_type = guessed if guessed.startswith(("application/pdf", "application/vnd.")) else \
        "application/octet-stream"
    return _attachment(bytes(file.content), content_type, name)
