"""The one job of batch review: read, score and check one file of one run, and record it once.

Both queues call ``process``: procrastinate's workers on PostgreSQL and the in-process runner
on SQLite. It is idempotent: a retried job (its worker was killed mid-file) finds the result
already recorded, or its insert loses against the unique (run, file) constraint and the whole
transaction, records included, rolls back. Any exception while reading or checking becomes an
unreadable result with its reason; it never fails the job or blocks the batch.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, transaction

from ...core.findings import Finding, Severity
from ..accounts.models import Department
from . import departments, evaluate, records
from .models import BatchFile, FileRecord, Result, State


@dataclass
class Outcome:
    """What one file gave: projects with their card and findings, or why it could not be read."""

    items: list[evaluate.Item] = field(default_factory=list)
    read_findings: list[Finding] = field(default_factory=list)
    reason: str = ""


def _reason(findings: list[Finding]) -> str:
    errors = [f for f in findings if f.severity is Severity.ERROR] or findings
    if not errors:
        return "未读出任何项目 / no project could be read"
    f = errors[0]
    return f"{f.message} / {f.message_en}" if f.message_en else f.message


def outcome_of(data: bytes, name: str) -> Outcome:
    """Never raises: a crash in a reader or the checker is the file's unreadable reason."""
    try:
        evaluated = evaluate.evaluate(data, name)
    except Exception as exc:    # any reader crash is data about this file
        return Outcome(reason=f"读取或复核时出错 / failed while reading or checking: {type(exc).__name__}: {exc}"[:2000])
    if not evaluated.projects:
        return Outcome(read_findings=evaluated.findings, reason=_reason(evaluated.findings)[:2000])
    return Outcome(list(evaluated.projects), evaluated.findings)


def _department(file: BatchFile, item: evaluate.Item | None) -> Department | None:
    if file.batch.department_id:
        return file.batch.department
    if file.department_id:
        return file.department
    if item is None:
        return None
    read = [n for n in (item.project.department, item.project.implementing_unit) if n]
    return departments.match(read, Department.objects.only("id", "name").order_by())


def _num(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def process(run_id: int, file_id: int) -> bool:
    """Record ``file`` in ``run`` unless it is already; True when this call recorded it."""
    if Result.objects.filter(run_id=run_id, file_id=file_id).exists():
        return False
    file = BatchFile.objects.select_related("batch__department", "batch__created_by", "department") \
        .get(pk=file_id)
    started = time.perf_counter()
    outcome = outcome_of(bytes(file.content), file.name)
    try:
        with transaction.atomic():
            _relaxed_commit()
            _store(run_id, file, outcome, time.perf_counter() - started)
    except IntegrityError:
        if Result.objects.filter(run_id=run_id, file_id=file_id).exists():
            return False      # another worker recorded this file of this run first
        raise
    return True


def _relaxed_commit() -> None:
    """PostgreSQL: do not wait for this transaction's WAL flush.

    Safe here: procrastinate marks the job done afterwards with a synchronous commit, which
    flushes the WAL up to and including this transaction. If the server crashed before that,
    the job is still open and is simply run again.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _store(run_id: int, file: BatchFile, outcome: Outcome, seconds: float) -> Result:
    """Records first, then the result in one insert: the unique (run, file) check comes last and
    rolls back the records with it when another worker got there first."""
    first = outcome.items[0] if outcome.items else None
    dept = _department(file, first)
    if first is not None and not file.department_manual:
        read = first.project.department or first.project.implementing_unit or ""
        BatchFile.objects.filter(pk=file.pk).update(department=dept, department_read=read[:300])
    findings = [evaluate.finding_dict(f, file.name) for f in outcome.read_findings]
    rows, pending = [], []
    known = {link.index: link.record for link in FileRecord.objects.filter(file=file).select_related("record")} \
        if dept is not None and outcome.items else {}
    for index, item in enumerate(outcome.items):
        row = evaluate.row(file.name, item)
        findings.extend(evaluate.finding_dict(f, file.name) for f in item.findings)
        if dept is not None:
            row["record_id"] = records.attach(file, index, item, dept, known.get(index)).pk
        else:
            pending.append(records.pending(index, item))
        rows.append(row)
    if first is None:
        rows = [evaluate.unread_row(file.name, findings)]
    counts = records.severity_counts(findings)
    head = rows[0] if first is not None else {}
    return Result.objects.create(
        run_id=run_id, file=file, state=State.UNREADABLE if first is None else State.OK, reason=outcome.reason,
        department=dept, seconds=seconds, rows=rows, findings=findings, pending=pending,
        n_errors=counts["error"], n_warnings=counts["warning"], n_infos=counts["info"],
        project=(head.get("project") or "")[:300], stated_total=_num(head.get("stated_total")),
        computed_total=_num(head.get("computed_total")), grade=head.get("computed_grade") or "",
        execution_rate=_num(head.get("execution_rate")))


def assign_department(file: BatchFile, dept: Department, user: Any) -> int:
    """The manual correction step: the file's records go to ``dept``; returns how many were made.

    Records waiting in any run's ``pending`` are created from the data stored there (nothing
    is read or checked again in the request); records that exist move to the department.
    """
    made = 0
    with transaction.atomic():
        BatchFile.objects.filter(pk=file.pk).update(department=dept, department_manual=True)
        file.department, file.department_manual = dept, True
        for link in FileRecord.objects.filter(file=file).select_related("record"):
            records.move(link.record, dept)
        for result in Result.objects.select_for_update().filter(file=file).select_related("run"):
            rows = list(result.rows)
            for item in result.pending:
                rec = records.attach_pending(file, item, dept, result.run, user)
                rows[item["index"]] = {**rows[item["index"]], "record_id": rec.pk}
                made += 1
            result.rows, result.pending, result.department = rows, [], dept
            result.save(update_fields=["rows", "pending", "department"])
    return made


def record_unreadable(run_id: int, file_id: int, reason: str) -> bool:
    """Record a file as unreadable without reading it (its worker kept dying); True if recorded now."""
    file = BatchFile.objects.select_related("batch__department", "department").get(pk=file_id)
    try:
        with transaction.atomic():
            Result.objects.create(run_id=run_id, file=file, state=State.UNREADABLE, reason=reason[:2000],
                                  department=file.batch.department or file.department)
    except IntegrityError:
        if Result.objects.filter(run_id=run_id, file_id=file_id).exists():
            return False
        raise
    return True
