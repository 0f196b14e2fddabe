"""The one job of batch review: read, score and check a few files of one run, and record each once.

Both queues call ``process_many``: procrastinate's workers on PostgreSQL and the in-process
runner on SQLite. It is idempotent: a retried job (its worker was killed mid-file) skips the
files already recorded, and an insert that loses against the unique (run, file) constraint
rolls back with the records it made. Any exception while reading or checking a file becomes
an unreadable result with its reason; it never fails the job or blocks the batch.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import DataError, IntegrityError, connection, transaction

from ...core.findings import Finding, Severity
from ..accounts.models import Department
from . import evaluate, limit, records, store
from .models import BatchFile, FileRecord, Result, State

CHUNK = 8      # files per job: a job costs two commits and a fetch, a few ms that one file does not need


def chunks(file_ids: Sequence[int], size: int | None = None) -> list[list[int]]:
    size = size or CHUNK      # read at call time: benchmarks/batch_review.py --chunk tunes it
    return [list(file_ids[i:i + size]) for i in range(0, len(file_ids), size)]


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


def timed_out(seconds: float) -> str:
    return f"读取超时（超过{seconds:g}秒）/ read timed out (over {seconds:g} s)"


def outcome_of(data: bytes, name: str) -> Outcome:
    """Never raises: a crash in a reader or the checker, or a read over the time limit, is the
    file's unreadable reason (``JIXIAO_BATCH_READ_TIMEOUT`` seconds, see ``limit``)."""
    try:
        evaluated = limit.within(settings.BATCH_READ_TIMEOUT, evaluate.evaluate, data, name)
    except limit.ReadTimeout as exc:
        return Outcome(reason=timed_out(exc.seconds))
    except Exception as exc:    # any reader crash is data about this file
        return Outcome(reason=f"读取或复核时出错 / failed while reading or checking: {type(exc).__name__}: {exc}"[:2000])
    if not evaluated.projects:
        return Outcome(read_findings=evaluated.findings, reason=_reason(evaluated.findings)[:2000])
    return Outcome(list(evaluated.projects), evaluated.findings)


def _evaluated(file: BatchFile) -> store.Evaluated:
    started = time.perf_counter()
    outcome = outcome_of(bytes(file.content), file.name)
    return store.Evaluated(file, outcome.items, outcome.read_findings, outcome.reason, time.perf_counter() - started)


def _relaxed_commit() -> None:
    """PostgreSQL: do not wait for this transaction's WAL flush.

    Safe here: procrastinate marks the job done afterwards with a synchronous commit, which
    flushes the WAL up to and including this transaction. If the server crashed before that,
    the job is still open and is simply run again.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def process_many(run_id: int, file_ids: Sequence[int]) -> int:
    """Record each of these files in ``run`` unless it already is; how many this call recorded."""
    done = set(Result.objects.filter(run_id=run_id, file_id__in=file_ids).values_list("file_id", flat=True))
    files = list(BatchFile.objects.select_related("batch__department", "batch__created_by", "department")
                 .filter(pk__in=[f for f in file_ids if f not in done]).order_by("id"))
    if not files:
        return 0
    evaluated = [_evaluated(f) for f in files]
    try:
        with transaction.atomic():
            _relaxed_commit()
            store.store(run_id, evaluated)
        return len(evaluated)
    except (IntegrityError, DataError, ValueError, TypeError):
        pass            # some file was recorded meanwhile, or one cannot be stored: file by file
    return sum(_store_one(run_id, e) for e in evaluated)


def _store_one(run_id: int, done: store.Evaluated) -> int:
    try:
        with transaction.atomic():
            store.store(run_id, [done])
        return 1
    except IntegrityError:
        if Result.objects.filter(run_id=run_id, file_id=done.file.pk).exists():
            return 0      # another worker recorded this file of this run first
        reason = "结果无法保存 / the result could not be stored"
    except (DataError, ValueError, TypeError) as exc:
        reason = f"结果无法保存 / the result could not be stored: {type(exc).__name__}: {exc}"
    return int(record_unreadable(run_id, done.file.pk, reason))


def process(run_id: int, file_id: int) -> bool:
    """One file: True when this call recorded it."""
    return process_many(run_id, [file_id]) == 1


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
