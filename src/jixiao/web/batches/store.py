"""Recording a job's evaluated files in one transaction, with as few queries as a file allows.

A job carries a few files. One query each finds the departments and existing links for all
of them; then each file costs one INSERT per record, revision and result (their JSON is large:
see ONE_ROW) and one UPDATE of its department, and the audit events and links of the whole
job go in one statement each. The unique (run, file) constraint on the results still
decides: if another worker recorded one of these files meanwhile, the whole transaction
rolls back and ``jobs`` records the files one by one instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ...core.findings import Severity
from ..accounts.models import Department
from ..audit.models import AuditEvent
from ..projects.models import ProjectRecord, Revision
from . import departments, evaluate, records
from .models import BatchFile, FileRecord, Result, State

# Rows with large JSON documents go one per INSERT: Django's multi-row path on PostgreSQL sends
# them as text arrays (UNNEST), and escaping every quote of the JSON costs more CPU than the
# round trips it saves.
ONE_ROW = 1


@dataclass
class Evaluated:
    """One file after reading and checking, before anything is written."""

    file: BatchFile
    items: list[evaluate.Item]
    read_findings: list[Any]
    reason: str
    seconds: float


def _num(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _department(file: BatchFile, item: evaluate.Item | None, known: list[Department]) -> Department | None:
    if file.batch.department_id:
        return file.batch.department
    if file.department_id:
        return file.department
    if item is None:
        return None
    read = [n for n in (item.project.department, item.project.implementing_unit) if n]
    return departments.match(read, known)


def _result(run_id: int, done: Evaluated, dept: Department | None, rows: list[dict[str, Any]],
            findings: list[dict[str, Any]], pending: list[dict[str, Any]]) -> Result:
    first = bool(done.items)
    if not first:
        rows = [evaluate.unread_row(done.file.name, findings)]
    counts = {sev.value: sum(1 for f in findings if f["severity"] == sev.value) for sev in Severity}
    head = rows[0] if first else {}
    return Result(run_id=run_id, file=done.file, state=State.OK if first else State.UNREADABLE, reason=done.reason,
                  department=dept, seconds=done.seconds, rows=rows, findings=findings, pending=pending,
                  n_errors=counts["error"], n_warnings=counts["warning"], n_infos=counts["info"],
                  project=(head.get("project") or "")[:300], stated_total=_num(head.get("stated_total")),
                  computed_total=_num(head.get("computed_total")), grade=head.get("computed_grade") or "",
                  execution_rate=_num(head.get("execution_rate")))


def store(run_id: int, evaluated: list[Evaluated]) -> None:
    """Write every file's records and result; the caller holds the transaction."""
    need_match = any(e.items and not e.file.batch.department_id and not e.file.department_id for e in evaluated)
    known_depts = list(Department.objects.only("id", "name").order_by()) if need_match else []
    linked = {(link.file_id, link.index): link.record for link in
              FileRecord.objects.filter(file__in=[e.file for e in evaluated]).select_related("record")}
    moved: list[BatchFile] = []
    refreshed: list[ProjectRecord] = []
    new: list[tuple[ProjectRecord, BatchFile, int, dict[str, Any]]] = []
    results: list[Result] = []
    for done in evaluated:
        file, first = done.file, (done.items[0] if done.items else None)
        dept = _department(file, first, known_depts)
        if first is not None and not file.department_manual:
            file.department = dept
            file.department_read = (first.project.department or first.project.implementing_unit or "")[:300]
            moved.append(file)
        findings = [evaluate.finding_dict(f, file.name) for f in done.read_findings]
        rows, pending = [], []
        for index, item in enumerate(done.items):
            row = evaluate.row(file.name, item)
            findings.extend(evaluate.finding_dict(f, file.name) for f in item.findings)
            existing = linked.get((file.pk, index))
            if dept is None:
                pending.append(records.pending(index, item))
            elif existing is not None:
                records.refresh(existing, item)
                refreshed.append(existing)
                row["record_id"] = existing.pk
            else:
                new.append((records.new(item, dept, file.batch.created_by), file, index, row))
            rows.append(row)
        results.append(_result(run_id, done, dept, rows, findings, pending))
    # one plain UPDATE per row: bulk_update's CASE expressions cost Django more CPU (about 2 ms a
    # file) than the few extra statements cost the database
    for file in moved:
        BatchFile.objects.filter(pk=file.pk).update(department=file.department, department_read=file.department_read)
    for rec in refreshed:
        ProjectRecord.objects.filter(pk=rec.pk).update(**{k: getattr(rec, k) for k in (*records.DERIVED, "updated")})
    if new:
        _create(new)
    Result.objects.bulk_create(results, batch_size=ONE_ROW)


def _create(new: list[tuple[ProjectRecord, BatchFile, int, dict[str, Any]]]) -> None:
    made = ProjectRecord.objects.bulk_create([rec for rec, *_ in new], batch_size=ONE_ROW)
    for rec, (_, _, _, row) in zip(made, new, strict=True):
        row["record_id"] = rec.pk        # the row dict is the one held by its file's result
    Revision.objects.bulk_create([
        Revision(project=rec, number=1, author=rec.created_by, status=rec.status, document=rec.document,
                 note=f"批量复核「{file.batch.name}」：{file.name}"[:300]) for rec, (_, file, _, _) in zip(made, new, strict=True)],
        batch_size=ONE_ROW)
    AuditEvent.objects.bulk_create([
        AuditEvent(kind="create", user=rec.created_by, project=rec, revision=1,
                   username=rec.created_by.get_username() if rec.created_by else "",
                   detail={"batch": file.batch_id, "file": file.pk}) for rec, (_, file, _, _) in zip(made, new, strict=True)])
    FileRecord.objects.bulk_create([FileRecord(file=file, index=index, record=rec)
                                    for rec, (_, file, index, _) in zip(made, new, strict=True)])
