"""``jixiao schema``: the JSON Schema of project files, or of every command's JSON output."""

from __future__ import annotations

from pathlib import Path

import click

from ..io.envelope import OUTPUT_SCHEMA
from ..io.schema import PROJECT_SCHEMA
from ..io.serialize import dump_json
from .output import CONTEXT, emit, output_option


@click.command(context_settings=CONTEXT, help="""输出 JSON Schema：项目文件（默认），或各命令 --format json 的通用输出结构。
/ print the JSON Schema of project files (default), or of the common JSON output.

\b
例 examples:
  jixiao schema -o project.schema.json       # for editors: validation and completion
  jixiao schema output                       # {"format": "jixiao-output", "version": 1, ...}

\b
输出结构 output shape (score, check, read with --format json), whatever the input:
  {"format": "jixiao-output", "version": 1, "command": "score|check|read",
   "inputs":   [{"file", "status": "read|unreadable", "projects": N}],
   "projects": [{"file", "name", "score"|"summary"|"project": {...}}],
   "findings": [{"code", "slug", "severity", "message", "message_en", "hint", "file", "line",
                 "column", "page", "sheet", "cell", "fragment", "where", "model_path", "data"}],
   "counts":   {"error": N, "warning": N, "info": N}}

\b
退出码 exit codes: 0.""")
@click.argument("which", type=click.Choice(["project", "output"]), default="project", required=False)
@output_option()
def command(which: str, output: Path | None) -> None:
    emit(dump_json(PROJECT_SCHEMA if which == "project" else OUTPUT_SCHEMA), output)
