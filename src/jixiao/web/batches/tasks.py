"""The procrastinate task (PostgreSQL only): one job per few files of a run, retried when it raises.

Imported by procrastinate's Django app (it autodiscovers ``tasks`` modules) and by ``queue``.
procrastinate runs synchronous tasks in its executor's threads and Django connections belong
to the thread that opened them, so each job starts and ends by dropping broken or expired ones.
"""

from __future__ import annotations

from django.db import close_old_connections
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from . import jobs

QUEUE = "batch"
TASK = "jixiao.batch.check_files"


@app.task(name=TASK, queue=QUEUE, retry=RetryStrategy(max_attempts=3, wait=2))
def check_files(run: int, files: list[int]) -> None:
    close_old_connections()
    try:
        jobs.process_many(run, files)
    finally:
        close_old_connections()
