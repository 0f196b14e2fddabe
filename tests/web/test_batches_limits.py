"""A reader that hangs: the file is recorded unreadable ("读取超时") and the rest of the batch goes on.

Only the hang is a test double, at the reader boundary (``jixiao.readers.read_bytes``); the
upload, the queue runner, the job, its time limit and the stored result are the real ones.
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
