"""``jixiao worker``: a background worker for batch review, on the PostgreSQL queue.

Start as many as there are cores to spare, on any machines that reach the same PostgreSQL
(``DATABASE_URL``); each takes one file at a time. On SQLite there is no queue: ``jixiao
serve`` processes batch files itself.
"""

from __future__ import annotations

import contextlib
import logging
import os

import click

from .output import CONTEXT


@click.command(context_settings=CONTEXT, help="""批量复核的后台工作进程（需 PostgreSQL）/ run a batch-review worker (needs PostgreSQL).

\b
例 examples:
  DATABASE_URL=postgres://jixiao@db/jixiao jixiao worker          # one per spare core, on any machine
  jixiao worker --until-empty -v                                  # work off the queue, then exit

\b
每个工作进程一次处理一个文件；工作进程失去心跳后，其任务由其他工作进程重试。
one file at a time; the jobs of a worker that stops sending heartbeats are retried by the others.
退出码 exit codes: 0 正常停止 stopped; 1 数据库未迁移 database not migrated; 2 参数有误或未使用 PostgreSQL
bad invocation or not on PostgreSQL.""")
@click.option("--name", help="工作进程名称（日志中显示）/ worker name shown in logs")
@click.option("--heartbeat", type=click.FloatRange(min=0.5), default=10.0, show_default=True,
              help="心跳间隔秒数 / seconds between heartbeats")
@click.option("--stalled-after", type=click.FloatRange(min=1.0), default=30.0, show_default=True,
              help="工作进程失去心跳多少秒后重试其任务 / seconds without heartbeat before its jobs are retried")
@click.option("--until-empty", is_flag=True, help="队列处理完后退出 / exit once the queue is empty")
@click.option("--verbose", "-v", is_flag=True, help="显示每个任务 / log every job")
def command(name: str | None, heartbeat: float, stalled_after: float, until_empty: bool, verbose: bool) -> None:
    if stalled_after <= heartbeat:
        raise click.UsageError("--stalled-after 必须大于 --heartbeat / --stalled-after must exceed --heartbeat")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    import django
    from django.conf import settings

    django.setup()
    if not settings.QUEUE_ON_POSTGRES:
        raise click.UsageError("工作进程需要 PostgreSQL（设置 DATABASE_URL）；使用 SQLite 时 jixiao serve 会自行处理批量复核 / "
                               "workers need PostgreSQL (set DATABASE_URL); on SQLite `jixiao serve` runs batches itself")
    from django.db import connection
    if "procrastinate_jobs" not in connection.introspection.table_names():
        raise click.ClickException("数据库尚未迁移：请先运行 jixiao serve 或 django-admin migrate / "
                                   "the database is not migrated: run `jixiao serve` or `django-admin migrate` first")
    connection.close()
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    from jixiao.web.batches.worker import run
    click.echo(f"批量复核工作进程已启动 / batch worker started ({settings.DATABASES['default']['NAME']})", err=True)
    with contextlib.suppress(KeyboardInterrupt):
        run(name, heartbeat, stalled_after, until_empty)
