"""``jixiao report``: publish the 绩效自评报告 and the 自评表 from a project file or a read document."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from ..pipeline import Options, run
from .output import CONTEXT, echo_findings

ALL_FORMATS = ("docx", "pdf", "html", "md", "xlsx")


def parse_formats(text: str) -> list[str]:
    """'docx, PDF,xlsx' → ['docx', 'pdf', 'xlsx']; unknown names raise a bilingual usage error."""
    wanted = [f.strip().lower().lstrip(".") for f in text.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in ALL_FORMATS]
    if unknown or not wanted:
        raise click.BadParameter(
            f"未知格式：{'、'.join(unknown) or '（空）'}；可选 {','.join(ALL_FORMATS)} / "
            f"unknown format(s): {', '.join(unknown) or '(none)'}; choose from {','.join(ALL_FORMATS)}",
            param_hint="--format")
    return list(dict.fromkeys(wanted))


@click.command(context_settings=CONTEXT, help="""生成绩效自评报告（DOCX/PDF/HTML/MD）与自评表（XLSX）/ publish the report and the table.

\b
例 examples:
  jixiao report examples/pingshan-2021-zhaoshang.yaml -o out
  jixiao report project.yaml -o out --format docx,xlsx --with-findings --date 2024-03-15

\b
退出码 exit codes: 0 已生成 written (each file's path is printed); 2 输入无法读取或不可计分
unreadable input, a project that cannot be scored, a draft that lacks facts the report must state
(listed), or no Chinese font for a PDF.""")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("."),
              show_default=True, help="输出目录 / output directory")
@click.option("--format", "formats", default=",".join(ALL_FORMATS), show_default=True,
              help="逗号分隔的格式 / comma-separated formats")
@click.option("--framework", metavar="NAME|PATH", help="指标体系（覆盖文件中的 framework）/ framework override")
@click.option("--with-findings", is_flag=True,
              help="另行输出复核意见（单独文件）/ also write the checker's findings as a separate 复核意见 file")
@click.option("--charts", "charts", is_flag=True, help="插入图表（默认不插入）/ add charts (off by default)")
@click.option("--no-charts", "no_charts", is_flag=True, hidden=True)
@click.option("--date", "signed", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="落款日期，默认今天 / date under the signature, YYYY-MM-DD (default: today)")
def command(file: Path, out_dir: Path, formats: str, framework: str | None, with_findings: bool,
            charts: bool, no_charts: bool, signed: datetime | None) -> None:
    wanted = parse_formats(formats)
    result = run(file, Options(framework=framework, check=with_findings))
    if not result.projects:
        echo_findings(result.findings, str(file))
        if not result.findings:
            click.echo(f"{file}: 未读到任何项目 / no project found in the input", err=True)
        sys.exit(2)
    from ..publish import PublishError, write_report

    failed = False
    for p in result.projects:
        if not p.ok or p.card is None:
            echo_findings(p.input_findings, str(file))
            failed = True
            continue
        findings = [*result.findings, *p.findings] if with_findings else None
        try:
            written = write_report(p.project, p.card, findings, out_dir, wanted, charts=charts and not no_charts,
                                   signed=signed.date() if signed else None)
        except PublishError as exc:   # a draft lacking facts the report states, or no CJK font for a PDF
            click.echo(f"{file}: {exc.zh}\n{exc.en}", err=True)
            failed = True
            continue
        for path in written:
            click.echo(str(path))
    if failed:
        sys.exit(2)
