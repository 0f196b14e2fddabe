"""``jixiao read``: a published report (text, DOCX, PDF, XLSX, HTML) as a project file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..io.envelope import envelope
from ..io.findings import finding_to_dict
from ..io.loading import PROJECT_SUFFIXES
from ..io.serialize import dump_json, dump_yaml, project_to_dict
from ..pipeline import load
from .output import CONTEXT, echo_findings, emit, output_option


@click.command(context_settings=CONTEXT, help="""读取已发布的自评报告，输出项目文件 / read a published report into the project-file format.

\b
例 examples:
  jixiao read report.docx -o project.yaml      # then: jixiao check project.yaml
  jixiao read report.pdf --format json         # the common JSON shape (jixiao schema --output)

\b
YAML 是项目文件（一个报告含多个项目时以 --- 分隔）；JSON 是通用输出结构，项目文件在 projects[].project。
YAML is the project file (several projects are separated by ---); JSON is the common output
shape, with each project file under projects[].project.

\b
退出码 exit codes: 0 已读取 read; 2 无法读取，或输入已是项目文件 unreadable, or already a project file.""")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt_", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True,
              help="yaml：项目文件；json：通用输出结构 / the project file, or the common JSON shape")
@output_option()
def command(file: Path, fmt_: str, output: Path | None) -> None:
    if file.suffix.lower() in PROJECT_SUFFIXES:
        click.echo(f"{file}: 已是项目文件，无需读取；可直接 jixiao score/check / already a project file: "
                   "score or check it directly", err=True)
        sys.exit(2)
    result = load(file)
    if fmt_ == "json":
        label = str(file)
        emit(dump_json(envelope(
            "read", [{"file": label, "status": "unreadable" if result.failed else "read",
                      "projects": len(result.projects)}],
            [{"file": label, "name": p.name, "project": project_to_dict(p)} for p in result.projects],
            [finding_to_dict(f, label) for f in result.findings])), output)
        sys.exit(2 if result.failed or not result.projects else 0)
    echo_findings(result.findings, str(file))
    if result.failed or not result.projects:
        sys.exit(2)
    emit("\n---\n".join(dump_yaml(project_to_dict(p)).rstrip("\n") for p in result.projects), output)
