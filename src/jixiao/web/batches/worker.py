"""A procrastinate worker for batch review, plus the sweep that retries the jobs of dead workers.

procrastinate marks a job 'doing' while a worker has it. When that worker is killed (power
cut, OOM, SIGKILL) its heartbeat stops; after ``stalled_after`` seconds any live worker puts
such jobs back on the queue. A file that kills its worker every time is not retried for
ever: after ``MAX_ATTEMPTS`` a job of several files is split into one job per file still to
do, and a single-file job is recorded as unreadable with that reason.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from pathlib import Path
from typing import Any

from asgiref.sync import sync_to_async
from django.db import connection
from procrastinate import jobs as pjobs
from procrastinate.contrib.django import app

from . import jobs
from .models import Result
from .tasks import QUEUE, check_files

log = logging.getLogger("jixiao.batches")
MAX_ATTEMPTS = 3


def _give_up(run: int, files: list[int], attempts: int) -> list[int]:
    """A job whose workers kept dying: a single file is recorded unreadable; several are split up.

    Returns the files still to do as single-file jobs, so the one that kills workers is found.
    Runs in a thread of the event loop's executor: its connection is closed before it returns.
    """
    try:
        if len(files) == 1:
            jobs.record_unreadable(run, files[0], f"处理该文件的工作进程{attempts}次中断（可能因文件导致进程崩溃），"
                                                  f"已放弃 / the worker processing this file died {attempts} times; "
                                                  "given up")
            return []
        done = set(Result.objects.filter(run_id=run, file_id__in=files).values_list("file_id", flat=True))
        return [f for f in files if f not in done]
    finally:
        connection.close()


async def sweep(worker_app: object, stalled_after: float) -> int:
    """Requeue (or give up on) the jobs of workers silent for ``stalled_after`` seconds; how many."""
    manager = worker_app.job_manager      # type: ignore[attr-defined]
    count = 0
    for job in await manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after, queue=QUEUE):
        try:
            if job.attempts + 1 >= MAX_ATTEMPTS:
                run, files = job.task_kwargs["run"], list(job.task_kwargs["files"])
                split = await sync_to_async(_give_up, thread_sensitive=False)(run, files, job.attempts + 1)
                if split:
                    await check_files.batch_defer_async(*({"run": run, "files": [f]} for f in split))
                await manager.finish_job(job, status=pjobs.Status.FAILED, delete_job=False)
            else:
                await manager.retry_job(job)
            count += 1
        except Exception:     # another worker swept it first, or the job finished meanwhile
            log.debug("stalled job %s already handled", job.id, exc_info=True)
    return count


async def _sweeper(worker_app: object, stalled_after: float) -> None:
    while True:
        with contextlib.suppress(Exception):
            swept = await sweep(worker_app, stalled_after)
            if swept:
                log.warning("requeued %d job(s) of stopped workers", swept)
        await asyncio.sleep(max(1.0, stalled_after / 3))


def warm() -> None:
    """Load what every job needs before the first one, then exempt it all from garbage collection.

    A worker is a long-running process with Django and procrastinate loaded: three times the
    objects of ``jixiao check``, which every full collection walks again while the checker
    allocates. Frozen (``gc.freeze``), the modules, shipped frameworks and compiled patterns are
    never traversed again: reading a file then costs the worker about what it costs the CLI.
    """
    import jixiao
    samples = [((Path(jixiao.__file__).parent / "examples" / "pingshan-2021-zhaoshang.yaml").read_bytes(),
                "warm.yaml"), ("项目名称：示例项目\n".encode(), "warm.txt"),
               ("<html><body><p>项目名称：示例项目</p></body></html>".encode(), "warm.html")]
    for data, name in samples:
        with contextlib.suppress(Exception):
            jobs.outcome_of(data, name)
    gc.collect()
    gc.freeze()


def run(name: str | None, heartbeat: float, stalled_after: float, until_empty: bool) -> None:
    warm()
    connector = app.connector.get_worker_connector()  # type: ignore[attr-defined]

    async def main(worker_app: Any) -> None:
        async with worker_app.open_async():
            sweeper = asyncio.create_task(_sweeper(worker_app, stalled_after))
            try:
                await worker_app.run_worker_async(
                    queues=[QUEUE], name=name, concurrency=1, wait=not until_empty,
                    update_heartbeat_interval=heartbeat, stalled_worker_timeout=stalled_after,
                    fetch_job_polling_interval=2.0)
            finally:
                sweeper.cancel()

    with app.replace_connector(connector) as worker_app:
        asyncio.run(main(worker_app))
