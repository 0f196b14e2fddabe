"""Real ``jixiao worker`` processes on PostgreSQL: one is killed mid-batch, and no file is lost or doubled.

Runs only when the tests run on PostgreSQL (``DATABASE_URL``); the data is committed (the
workers are other processes) and deleted afterwards.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
from batchdata import report
from django.conf import settings

pytestmark = [pytest.mark.postgres,
              pytest.mark.skipif(not settings.QUEUE_ON_POSTGRES, reason="the queue needs PostgreSQL")]


def _url() -> str:
    """The server of ``DATABASE_URL`` (credentials included), with the test database's name."""
    from urllib.parse import quote, urlsplit

    from django.db import connection
    return urlsplit(os.environ["DATABASE_URL"])._replace(path="/" + quote(connection.settings_dict["NAME"])).geturl()


def _worker(*args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": _url()}
    return subprocess.Popen([sys.executable, "-m", "jixiao.cli.main", "worker", "--heartbeat", "0.5",
                             "--stalled-after", "2", *args], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def _wait(condition: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


@pytest.fixture
def committed(django_db: None) -> Iterator[dict[str, Any]]:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from jixiao.web.accounts.models import Department, Profile
    from jixiao.web.batches.models import Batch
    from jixiao.web.projects.models import ProjectRecord
    dept = Department.objects.create(name="杀进程测试部门")
    user = get_user_model().objects.create_user("kill-test-fin")
    Profile.objects.create(user=user, role="finance")
    made: dict[str, Any] = {"dept": dept, "user": user}
    yield made
    batch = made.get("batch")
    if batch is not None:
        Batch.objects.filter(pk=batch.pk).delete()
    ProjectRecord.objects.filter(department=dept).delete()
    dept.delete()
    user.delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs WHERE queue_name = 'batch'")


def test_a_worker_killed_mid_batch_loses_and_doubles_nothing(committed: dict[str, Any]) -> None:
    from django.db import connection

    from jixiao.web.batches import service
    from jixiao.web.batches.models import FileRecord, Result
    n = 40
    batch = service.create("杀进程测试", committed["user"])
    committed["batch"] = batch
    service.add_files(batch, [(f"r{i:03d}.yaml", report(i, "杀进程测试部门")) for i in range(n)], committed["user"])

    def done() -> int:
        return Result.objects.filter(run__batch=batch).count()

    def doing() -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT id FROM procrastinate_jobs WHERE queue_name = 'batch' AND status = 'doing'")
            return [row[0] for row in cursor.fetchall()]

    first = _worker()
    try:
        _wait(lambda: done() >= 5 and doing(), 60, "the first worker to be mid-file")
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
    interrupted = doing()
    assert interrupted, "the worker was killed between two files, not in the middle of one"
    assert done() < n
    second = _worker()
    try:
        _wait(lambda: done() >= n and not doing(), 120, "the second worker to finish the batch")
    finally:
        second.send_signal(signal.SIGTERM)
        try:
            second.wait(20)
        except subprocess.TimeoutExpired:
            second.kill()
    per_file = list(Result.objects.filter(run__batch=batch).values_list("file_id", flat=True))
    assert len(per_file) == n and len(set(per_file)) == n                 # every file, each once
    assert FileRecord.objects.filter(file__batch=batch).count() == n        # one record per file
    assert set(Result.objects.filter(run__batch=batch).values_list("state", flat=True)) == {"ok"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT status, attempts FROM procrastinate_jobs WHERE id = ANY(%s)", [interrupted])
        retried = cursor.fetchall()
    assert retried and all(status == "succeeded" and attempts >= 1 for status, attempts in retried)


def test_a_file_that_keeps_killing_its_worker_is_recorded_unreadable(committed: dict[str, Any]) -> None:
    import asyncio

    from django.db import connection
    from procrastinate.contrib.django import app

    from jixiao.web.batches import service
    from jixiao.web.batches.models import Result
    from jixiao.web.batches.worker import MAX_ATTEMPTS, sweep
    batch = service.create("反复崩溃", committed["user"])
    committed["batch"] = batch
    service.add_files(batch, [("crash.yaml", report(1, "杀进程测试部门"))], committed["user"])
    file_id = batch.files.get().pk
    with connection.cursor() as cursor:     # as if two workers had died on it already and a third now
        cursor.execute("UPDATE procrastinate_jobs SET status = 'doing', attempts = %s, worker_id = NULL "
                       "WHERE queue_name = 'batch' AND args->'files' @> to_jsonb(%s::bigint) RETURNING id",
                       [MAX_ATTEMPTS - 1, file_id])
        (job_id,) = cursor.fetchone()

    async def swept() -> int:
        with app.replace_connector(app.connector.get_worker_connector()) as worker_app:
            async with worker_app.open_async():
                return await sweep(worker_app, 1)

    assert asyncio.run(swept()) == 1
    result = Result.objects.get(file_id=file_id)
    assert result.state == "unreadable" and f"{MAX_ATTEMPTS}次中断" in result.reason
    with connection.cursor() as cursor:
        cursor.execute("SELECT status FROM procrastinate_jobs WHERE id = %s", [job_id])
        assert cursor.fetchone()[0] == "failed"
