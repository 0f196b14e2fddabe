"""``jixiao schema``: the JSON Schema of project files, for editors and integrations."""

from __future__ import annotations

import click

from ..io.schema import PROJECT_SCHEMA
from ..io.serialize import dump_json


@click.command(help="输出项目文件的 JSON Schema / print the project-file JSON Schema.")
def command() -> None:
    click.echo(dump_json(PROJECT_SCHEMA))
