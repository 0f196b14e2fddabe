"""``jixiao read``: a published report (text, DOCX, PDF, XLSX, HTML) as a project file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..io.serialize import dump_json, dump_yaml, project_to_dict
from .output import echo_findings


@click.command(help="读取已发布的自评报告，输出项目文件 / read a published report into the project-file format.")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt_", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True)
def command(file: Path, fmt_: str) -> None:
    from ..readers import read_document

    result = read_document(file)
    echo_findings(result.findings, str(file))
    if result.failed or not result.projects:
        sys.exit(2)
    docs = [project_to_dict(p) for p in result.projects]
    if fmt_ == "json":
        click.echo(dump_json(docs[0] if len(docs) == 1 else docs))
    else:
        click.echo("\n---\n".join(dump_yaml(d).rstrip("\n") for d in docs))
