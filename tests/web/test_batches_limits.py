"""Limits of one batch job: a reader that hangs, and the queries a job may cost.

A hanging reader: the file is recorded unreadable ("读取超时") and the rest of the batch goes
on. Only the hang is a test double, at the reader boundary (``jixiao.readers.read_bytes``);
the upload, the queue runner, the job, its time limit and the stored result are the real ones.
"""

from __future__ import annotations

import threading
import time

import pytest
from batchdata import report, upload
from django.conf import settings

import jixiao.readers
from jixiao.web.batches import runner
from jixiao.web.batches.models import Batch, Result

LIMIT = 0.5


@pytest.fixture
def short_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "BATCH_READ_TIMEOUT", LIMIT)


def _hanging_reader(monkeypatch: pytest.MonkeyPatch, hang: object) -> None:
    real = jixiao.readers.read_bytes

    def reader(data: bytes, filename: str):  # type: ignore[no-untyped-def]
        if filename.startswith("hang"):
            hang()  # type: ignore[operator]
        return real(data, filename)

    monkeypatch.setattr(jixiao.readers, "read_bytes", reader)


def _run_batch(world) -> tuple[dict[str, Result], float]:  # type: ignore[no-untyped-def]
    files = [("hang.txt", "某部门项目支出绩效自评报告\n一、项目概况\n".encode()), ("ok.yaml", report(1, "甲部门"))]
    assert upload(world.client("fin"), "/batches/", files, name="读取超时").status_code == 200
    batch = Batch.objects.get(name="读取超时")
    started = time.monotonic()
    assert runner.drain() == 2
    elapsed = time.monotonic() - started
    return {r.file.name: r for r in Result.objects.filter(run__batch=batch).select_related("file")}, elapsed


def test_a_reader_stuck_in_a_loop_is_stopped_and_the_file_recorded_as_timed_out(
        world, monkeypatch: pytest.MonkeyPatch, short_limit: None) -> None:
    def spin() -> None:
        while True:
            pass

    _hanging_reader(monkeypatch, spin)
    results, elapsed = _run_batch(world)
    hung = results["hang.txt"]
    assert hung.state == "unreadable"
    assert hung.reason.startswith("读取超时") and "read timed out" in hung.reason
    assert results["ok.yaml"].state == "ok" and results["ok.yaml"].computed_total is not None
    assert elapsed < 30                                              # the limit, not the hang, ended it
    time.sleep(0.2)
    assert not [t for t in threading.enumerate() if t.name == "jixiao-batch-read"]   # the loop was stopped


def test_a_reader_blocked_for_ever_does_not_block_the_batch(
        world, monkeypatch: pytest.MonkeyPatch, short_limit: None) -> None:
    release = threading.Event()           # a wait no exception can interrupt, released after the test
    _hanging_reader(monkeypatch, release.wait)
    try:
        results, elapsed = _run_batch(world)
        assert results["hang.txt"].state == "unreadable" and results["hang.txt"].reason_zh.startswith("读取超时")
        assert results["ok.yaml"].state == "ok"
        assert elapsed < 30
    finally:
        release.set()


def test_a_job_costs_a_fixed_number_of_queries_per_file(world) -> None:
    """The per-file write path stays at one INSERT per record, revision and result and one UPDATE."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jixiao.web.batches import jobs
    n = 8
    files = [(f"q{i}.yaml", report(i, "甲部门")) for i in range(n)]
    assert upload(world.client("fin"), "/batches/", files, name="查询计数").status_code == 200
    batch = Batch.objects.get(name="查询计数")
    ids, run = list(batch.files.values_list("pk", flat=True)), batch.latest_run()
    with CaptureQueriesContext(connection) as queries:
        assert jobs.process_many(run.pk, ids) == n
    statements = [q["sql"].split()[0].upper() for q in queries.captured_queries]
    per_file = sum(1 for q in queries.captured_queries
                   if q["sql"].startswith(('INSERT INTO "projects_projectrecord"', 'INSERT INTO "projects_revision"',
                                           'INSERT INTO "batches_result"', 'UPDATE "batches_batchfile"')))
    assert per_file == 4 * n
    # and per job: which files are done, the files, departments, existing links; audit events and links
    assert len([s for s in statements if s in {"SELECT", "INSERT", "UPDATE"}]) == 4 * n + 6, statements
