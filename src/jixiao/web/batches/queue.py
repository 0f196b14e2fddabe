"""Putting a run's files on the queue: procrastinate jobs on PostgreSQL, the in-process runner on SQLite.

A job holds a few files: a worker killed mid-job redoes only the files it had not recorded,
and a file that kills its worker every time is split from its companions (see ``worker``).

Jobs are deferred inside the caller's transaction (procrastinate's Django connector uses the
same connection), so a job never refers to a file or run that was rolled back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import transaction

from .jobs import chunks


def enqueue(run_id: int, file_ids: Sequence[int]) -> None:
    if not file_ids:
        return
    if settings.QUEUE_ON_POSTGRES:
        from .tasks import check_files
        jobs: list[dict[str, Any]] = [{"run": run_id, "files": part} for part in chunks(file_ids)]
        check_files.batch_defer(*jobs)
        return
    from . import runner
    transaction.on_commit(runner.wake)


def workers_online(seconds: float = 60) -> int | None:
    """Workers with a recent heartbeat (PostgreSQL), or None on SQLite where ``serve`` does the work."""
    if not settings.QUEUE_ON_POSTGRES:
        return None
    from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM procrastinate_workers "
                       "WHERE last_heartbeat > now() - make_interval(secs => %s)", [seconds])
        row = cursor.fetchone()
    return int(row[0]) if row else 0
