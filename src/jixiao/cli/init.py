"""``jixiao init``: write a commented project-file template for a framework."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..io.frameworks import resolve_framework
from ..io.template import project_template
from .output import CONTEXT, echo_findings, output_option


@click.command(context_settings=CONTEXT, help="""生成带注释的项目文件模板 / write a commented project-file template.

\b
例 examples:
  jixiao init --framework mof-2020-selfeval -o my-project.yaml
  jixiao init --framework pingshan-2021 --year 2024 > project.yaml

\b
退出码 exit codes: 0 已写出 written; 2 指标体系无效，或文件已存在（加 --force）unknown framework,
or the file exists (use --force).""")
@click.option("--framework", "framework", default="mof-2020-selfeval", show_default=True, metavar="NAME|PATH")
@output_option()
@click.option("--year", type=int, default=lambda: dt.date.today().year - 1, help="评价年度 / fiscal year")
@click.option("--force", is_flag=True, help="覆盖已有文件 / overwrite an existing file")
def command(framework: str, output: Path | None, year: int, force: bool) -> None:
    fw, findings = resolve_framework(framework)
    if fw is None:
        echo_findings(findings)
        sys.exit(2)
    text = project_template(fw, year)
    if output is None:
        click.echo(text, nl=False)
        return
    if output.exists() and not force:
        click.echo(f"文件已存在：{output}（加 --force 覆盖）/ {output} exists (use --force)", err=True)
        sys.exit(2)
    output.write_text(text, encoding="utf-8")
    click.echo(f"已写入 {output} / written")
