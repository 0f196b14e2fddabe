"""Published records from batch files: one ``ProjectRecord`` per project read, made once per file.

The summary columns come from the card and findings the job already computed, so a record
costs database writes only, not a second scoring pass. A re-check run refreshes the derived
columns of the record it made before (the rules changed; the document did not).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from .. import engine
from ..accounts.models import Department
from ..audit.models import record as audit
from ..projects.models import ProjectRecord, Revision, Status
from .evaluate import Item
from .models import BatchFile, FileRecord, Run

_DECIMAL_COLUMNS = ("stated_total", "computed_total", "self_score", "execution_rate")


def _document(document: dict[str, Any], dept: Department) -> dict[str, Any]:
    return {**document, "project": {**document.get("project", {}), "department": dept.name}}


def _columns(item: Item) -> dict[str, Any]:
    evaluation = engine.Evaluation(item.project, item.card, list(item.findings))
    cols = engine.summary(evaluation)
    cols["name"] = (cols["name"] or "（未读出项目名称）")[:300]
    return cols


def _create(file: BatchFile, index: int, document: dict[str, Any], sources: dict[str, Any],
            columns: dict[str, Any], dept: Department, user: Any) -> ProjectRecord:
    document = _document(document, dept)
    rec = ProjectRecord.objects.create(department=dept, document=document, sources=sources, created_by=user,
                                       status=Status.SUBMITTED, submitted_count=1, **columns)
    Revision.objects.create(project=rec, number=1, author=user, status=rec.status,
                            note=f"批量复核「{file.batch.name}」：{file.name}"[:300], document=document)
    audit("create", None, user=user, project=rec, revision=1, batch=file.batch_id)
    FileRecord.objects.create(file=file, index=index, record=rec)
    return rec


DERIVED = ("stated_total", "computed_total", "self_score", "grade", "execution_rate", "n_errors", "n_warnings",
           "n_infos", "year")


def new(item: Item, dept: Department, user: Any) -> ProjectRecord:
    """An unsaved published record of one project read from a batch file (stored in bulk)."""
    document = _document(engine.to_document(item.project), dept)
    return ProjectRecord(department=dept, document=document, sources=engine.sources_to_json(item.project),
                         created_by=user, status=Status.SUBMITTED, submitted_count=1, **_columns(item))


def refresh(rec: ProjectRecord, item: Item) -> None:
    """A re-check run: the record's derived columns under the current rules (the document stays)."""
    columns = _columns(item)
    for key in DERIVED:
        setattr(rec, key, columns.get(key))
    rec.updated = timezone.now()


def pending(index: int, item: Item) -> dict[str, Any]:
    """What a record needs once a person chooses the department, as plain JSON."""
    columns = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in _columns(item).items()}
    return {"index": index, "document": engine.to_document(item.project),
            "sources": engine.sources_to_json(item.project), "columns": columns}


def attach_pending(file: BatchFile, item: dict[str, Any], dept: Department, run: Run, user: Any) -> ProjectRecord:
    link = FileRecord.objects.filter(file=file, index=item["index"]).select_related("record").first()
    if link is not None:
        return link.record
    columns = {k: (Decimal(v) if k in _DECIMAL_COLUMNS and v is not None else v) for k, v in item["columns"].items()}
    return _create(file, item["index"], item["document"], item["sources"], columns, dept,
                   user or run.created_by)


def move(rec: ProjectRecord, dept: Department) -> None:
    ProjectRecord.objects.filter(pk=rec.pk).update(department=dept, document=_document(rec.document, dept),
                                                   updated=timezone.now())
