"""The in-process runner for SQLite (``jixiao serve``): the same job function, work found in the database.

procrastinate needs PostgreSQL, and its in-memory connector keeps jobs in one process's
memory, so a restart would lose them. Instead the runner asks the database which files of
which runs have no result yet and processes them one by one in a daemon thread; a server
restarted mid-batch simply carries on where it stopped.
"""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections
from django.db.models import Count, F

from . import jobs
from .jobs import chunks
from .models import BatchFile, Run

log = logging.getLogger("jixiao.batches")
_WAKE = threading.Event()
_STARTED: list[threading.Thread] = []


def pending(limit: int = 100) -> list[tuple[int, int]]:
    """(run, file) pairs still to do; a run's files are those uploaded before the next run began."""
    work: list[tuple[int, int]] = []
    runs = Run.objects.annotate(done=Count("results")).filter(done__lt=F("total")).order_by("id")
    for run in runs:
        later = Run.objects.filter(batch_id=run.batch_id, number__gt=run.number).order_by("number").first()
        files = BatchFile.objects.filter(batch_id=run.batch_id).exclude(results__run=run)
        if later is not None:
            files = files.filter(created__lt=later.created)
        work.extend((run.pk, pk) for pk in files.values_list("pk", flat=True)[:limit - len(work)])
        if len(work) >= limit:
            break
    return work


def drain() -> int:
    """Process everything pending now, in this thread; how many files were recorded."""
    done = 0
    while work := pending():
        by_run: dict[int, list[int]] = {}
        for run_id, file_id in work:
            by_run.setdefault(run_id, []).append(file_id)
        for run_id, files in by_run.items():
            for part in chunks(files):
                done += jobs.process_many(run_id, part)
    return done


def _loop() -> None:
    while True:
        _WAKE.wait(timeout=5)
        _WAKE.clear()
        try:
            close_old_connections()
            drain()
        except Exception:   # keep serving; the next wake retries what is left
            log.exception("batch runner")
        finally:
            close_old_connections()


def wake() -> None:
    _WAKE.set()


def start() -> None:
    """Start the runner thread once per process."""
    if _STARTED:
        return
    thread = threading.Thread(target=_loop, name="jixiao-batch-runner", daemon=True)
    thread.start()
    _STARTED.append(thread)
    wake()
