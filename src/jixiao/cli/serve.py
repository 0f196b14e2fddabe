"""``jixiao serve``: the web app on SQLite in a data directory, migrations applied on start.

Production runs the same Django project under gunicorn with ``DATABASE_URL`` (docs/web.md);
this command is for one machine: a department, a training room, a demo.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from .output import CONTEXT


@click.command(context_settings=CONTEXT, help="""启动网页应用 / run the web application (SQLite in the data directory by default).

\b
例 examples:
  jixiao serve --demo                      # example projects and demo users (printed), SQLite in ./data
  jixiao serve --port 8080 --data-dir /srv/jixiao
  DATABASE_URL=postgresql://jixiao@db/jixiao jixiao serve --create-admin admin

\b
退出码 exit codes: 0 正常停止 stopped (Ctrl+C); 1 启动失败 could not start (the message says why).""")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="端口 / port")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址 / address to bind")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path),
              help="数据目录（默认 ./data 或 ~/.local/share/jixiao）/ data directory")
@click.option("--demo", is_flag=True, help="载入示例项目和演示用户，并打印其密码 / load demo data and users")
@click.option("--create-admin", metavar="USERNAME", help="创建管理员（提示输入密码）/ create an admin user")
def command(port: int, host: str, data_dir: Path | None, demo: bool, create_admin: str | None) -> None:
    if data_dir is not None:
        os.environ["JIXIAO_DATA_DIR"] = str(data_dir.resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    if host not in ("127.0.0.1", "localhost", "::1") and "JIXIAO_ALLOWED_HOSTS" not in os.environ:
        # reachable from the network: accept the names clients use; set JIXIAO_ALLOWED_HOSTS to restrict
        os.environ["JIXIAO_ALLOWED_HOSTS"] = "*"
        click.echo("提示 / note: 接受任意主机名访问；可用 JIXIAO_ALLOWED_HOSTS 限定 / any host name accepted")
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    where = settings.DATABASES["default"]["NAME"]
    click.echo(f"数据目录 / data directory: {settings.DATA_DIR}")
    click.echo(f"数据库 / database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]} {where}")
    call_command("migrate", interactive=False, verbosity=0)
    if create_admin:
        _create_admin(create_admin)
    if demo:
        from jixiao.web.demo import DEMO_PASSWORD, load_demo
        users = load_demo()
        click.echo("演示用户（密码均为 / password for all: " + DEMO_PASSWORD + "）:")
        for u in users:
            click.echo(f"  {u.username:<14} {u.role:<9} {u.department or '全部部门 / all departments'}")
    if settings.QUEUE_ON_POSTGRES:
        click.echo("批量复核由工作进程处理：jixiao worker / batch review runs in workers: jixiao worker")
    else:
        from jixiao.web.batches.runner import start
        start()      # SQLite: batch files are read and checked in this process, in the background
    click.echo(f"打开 / open http://{host}:{port}/   （Ctrl+C 退出 / to stop）")
    call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True,
                 skip_checks=True)


def _create_admin(username: str) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from jixiao.web.accounts.models import Profile, Role
    password = click.prompt(f"{username} 的密码 / password", hide_input=True, confirmation_prompt=True)
    try:
        validate_password(password)
    except ValidationError as exc:
        raise click.UsageError("密码不符合要求 / weak password: " + "; ".join(exc.messages)) from exc
    user_model = get_user_model()
    user, _ = user_model.objects.get_or_create(username=username)
    user.is_superuser = user.is_staff = True
    user.set_password(password)
    user.save()
    Profile.objects.update_or_create(user=user, defaults={"role": Role.ADMIN, "department": None})
    click.echo(f"管理员 {username} 已就绪 / admin ready")
