"""Putting a run's files on the queue: procrastinate jobs on PostgreSQL, the in-process runner on SQLite.

Jobs are deferred inside the caller's transaction (procrastinate's Django connector uses the
same connection), so a job never refers to a file or run that was rolled back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import transaction


def enqueue(run_id: int, file_ids: Sequence[int]) -> None:
    if not file_ids:
        return
    if settings.QUEUE_ON_POSTGRES:
        from .tasks import check_file
        jobs: list[dict[str, Any]] = [{"run": run_id, "file": f} for f in file_ids]
        check_file.batch_defer(*jobs)
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
