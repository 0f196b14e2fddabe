"""``jixiao report``: publish the 绩效自评报告 and the 自评表 from a project file or a read document."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from ..core.findings import Finding
from ..core.model import Project
from ..core.scoring import ScoreCard
from ..pipeline import load, score
from .output import echo_findings

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


def checker_findings(project: Project, card: ScoreCard, framework: str | None) -> tuple[list[Finding], bool]:
    """Findings from ``jixiao.pipeline.check`` when the checker is installed, else the scoring ones.

    Returns (findings, from_checker). ``check`` returns (card, findings); a bare list or an
    object with ``.findings`` is accepted too, so this command survives the checker evolving.
    """
    from .. import pipeline

    check = getattr(pipeline, "check", None)
    if check is None:
        return list(card.findings), False
    params = inspect.signature(check).parameters
    kwargs: dict[str, Any] = {"framework_override": framework} if "framework_override" in params else {}
    result = check(project, **kwargs)
    if isinstance(result, tuple) and len(result) == 2:
        result = result[1]
    found = getattr(result, "findings", result)
    return list(found or ()), True


@click.command(help="生成绩效自评报告（DOCX/PDF/HTML/MD）与自评表（XLSX）/ publish the report and the table.")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("."),
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
            charts: bool, no_charts: bool, signed: Any) -> None:
    wanted = parse_formats(formats)
    loaded = load(file)
    if loaded.failed or not loaded.projects:
        echo_findings(loaded.findings, str(file))
        if not loaded.findings:
            click.echo(f"{file}: 未读到任何项目 / no project found in the input", err=True)
        sys.exit(2)
    from ..publish import PublishError, write_report

    failed = False
    for project in loaded.projects:
        scored = score(project, framework)
        if not scored.ok or scored.card is None:
            echo_findings(scored.input_findings, str(file))
            failed = True
            continue
        findings: Sequence[Finding] | None = None
        if with_findings:
            found, from_checker = checker_findings(project, scored.card, framework)
            if not from_checker:
                click.echo("提示：复核模块尚未提供，复核意见仅含计分发现的问题 / "
                           "note: the checker is not available; only scoring findings are listed", err=True)
            findings = [*loaded.findings, *found] if from_checker else [*loaded.findings, *found,
                                                                         *scored.input_findings]
        try:
            written = write_report(project, scored.card, findings, out_dir, wanted, charts=charts and not no_charts,
                                   signed=signed.date() if signed else None)
        except PublishError as exc:
            click.echo(f"{file}: {exc.zh}\n{exc.en}", err=True)
            failed = True
            continue
        for path in written:
            click.echo(str(path))
    if failed:
        sys.exit(2)
