"""``jixiao check PATH...``: every defect a reviewer would find, as compiler-style findings.

Exit 0 without errors, 1 with errors, 2 when an input could not be read. Several files are
checked on all cores with a progress bar; ``--summary`` writes the review workbook.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..batch import FileResult, run_batch, unread_row, walk
from ..core.checks import PROFILES, RULES, known_pattern
from ..core.findings import Finding
from ..io.envelope import envelope
from ..io.loading import PROJECT_SUFFIXES
from .output import CONTEXT, echo_findings, emit, finding_lines, output_option, pipe_guard

_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _patterns(values: Sequence[str]) -> tuple[str, ...]:
    out = tuple(p.strip() for v in values for p in v.split(",") if p.strip())
    unknown = [p for p in out if not known_pattern(p)]
    if unknown:
        raise click.BadParameter(f"未知的规则 unknown rule(s): {', '.join(unknown)}（见 jixiao rules）")
    return out


def sarif(results: Sequence[FileResult]) -> dict[str, Any]:
    """SARIF 2.1.0, so code-scanning tools can show the findings inline."""
    rules = [{"id": r.code, "name": r.slug, "shortDescription": {"text": f"{r.title} / {r.title_en}"},
              "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity.value]}} for r in RULES]
    index = {r.code: i for i, r in enumerate(RULES)}
    out = []
    for res in results:
        for d in res.findings:
            loc: dict[str, Any] = {"artifactLocation": {"uri": Path(d["file"]).as_posix()}}
            if d["line"]:
                loc["region"] = {"startLine": d["line"], "startColumn": max(1, d["column"] or 1)}
            item = {"ruleId": d["code"], "level": _SARIF_LEVEL[d["severity"]],
                    "message": {"text": f"{d['message']}\n{d['message_en']}".strip()},
                    "locations": [{"physicalLocation": loc}], "properties": {"slug": d["slug"], "data": d["data"]}}
            if d["code"] in index:
                item["ruleIndex"] = index[d["code"]]
            out.append(item)
    return {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
            "runs": [{"tool": {"driver": {"name": "jixiao", "version": __version__, "rules": rules}},
                      "results": out}]}


@lru_cache(maxsize=64)
def _lines(file: str) -> tuple[str, ...]:
    try:
        return tuple(Path(file).read_text(encoding="utf-8-sig").splitlines())
    except (OSError, UnicodeDecodeError):
        return ()


def with_fragment(f: Finding) -> Finding:
    """Show the offending line of a project file under the finding, as a compiler would."""
    src = f.source
    if src is None or src.fragment or not src.line or Path(src.file).suffix.lower() not in PROJECT_SUFFIXES:
        return f
    lines = _lines(src.file)
    if src.line > len(lines):
        return f
    return replace(f, source=replace(src, fragment=lines[src.line - 1]))


def json_output(results: Sequence[FileResult]) -> dict[str, Any]:
    """The common output object (``jixiao schema --output``) of a check run."""
    inputs = [{"file": r.file, "status": "unreadable" if r.unreadable else "read", "projects": len(r.rows)}
              for r in results]
    projects = [{"file": row["file"], "name": row["project"], "summary": row} for r in results for row in r.rows]
    return envelope("check", inputs, projects, [d for r in results for d in r.findings])


def _run(files: list[Path], framework: str | None, profile: str, select: tuple[str, ...],
         ignore: tuple[str, ...], workers: int | None, show_progress: bool) -> list[FileResult]:
    if not show_progress or len(files) < 2:
        return list(run_batch(files, framework, profile, select, ignore, workers))
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
    console = Console(stderr=True)
    with Progress(TextColumn("复核 checking"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task("check", total=len(files))
        return list(run_batch(files, framework, profile, select, ignore, workers,
                              progress=lambda _r: bar.advance(task)))


@click.command(context_settings=CONTEXT, help="""复核：找出自评报告中的问题 / check project files and published reports for defects.

\b
例 examples:
  jixiao check examples/pingshan-2021-zhaoshang.yaml
  jixiao check reports/ --summary review.xlsx          # a folder on every core, a review workbook
  jixiao check report.pdf --format json -o findings.json
  jixiao check report.docx --select JX2 --ignore budget-adjustment-unexplained

\b
每个问题一行 one line per finding: FILE:LINE:COL: CODE severity slug message
退出码 exit codes: 0 无错误 no errors; 1 发现错误 errors found; 2 输入无法读取或参数有误
unreadable input or a bad invocation.""")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt_", type=click.Choice(["text", "json", "sarif"]), default="text", show_default=True)
@click.option("--select", multiple=True, metavar="CODE|SLUG", help="只报告这些规则（可逗号分隔、可重复） / only these rules")
@click.option("--ignore", multiple=True, metavar="CODE|SLUG", help="忽略这些规则 / skip these rules")
@click.option("--profile", type=click.Choice(PROFILES), default="default", show_default=True,
              help="strict 另外检查佐证材料等 / strict adds evidence checks")
@click.option("--framework", metavar="NAME|PATH", help="指标体系（覆盖文件中的 framework） / framework override")
@click.option("--summary", type=click.Path(path_type=Path), metavar="REVIEW.xlsx",
              help="写出复核汇总工作簿 / write the review workbook")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="并行进程数（默认为CPU核数，至少1） / worker processes (default: CPU count)")
@click.option("--no-english", is_flag=True, help="文本输出不附英文 / text output without English lines")
@output_option()
def command(paths: tuple[Path, ...], fmt_: str, select: tuple[str, ...], ignore: tuple[str, ...], profile: str,
            framework: str | None, summary: Path | None, jobs: int | None, no_english: bool,
            output: Path | None) -> None:
    sel, ign = _patterns(select), _patterns(ignore)
    if framework:
        from ..io.frameworks import resolve_framework
        resolved, problems = resolve_framework(framework)
        if resolved is None:          # a bad --framework is a bad invocation, not a finding per file
            echo_findings(problems, framework)
            sys.exit(2)
    missing = [p for p in paths if not p.exists()]      # reported as unreadable inputs (JX002), exit 2
    files, skipped = walk(paths)
    if skipped:
        names = ", ".join(str(p) for p in skipped[:5]) + ("…" if len(skipped) > 5 else "")
        click.echo(f"跳过 {len(skipped)} 个不是报告的文件 / skipped {len(skipped)} file(s) that are not "
                   f"reports: {names}", err=True)
    if not files:
        click.echo("没有可复核的文件 / no files to check", err=True)
        sys.exit(2)
    results = _run(files, framework, profile, sel, ign, jobs, fmt_ == "text")
    if fmt_ == "json":
        emit(json.dumps(json_output(results), ensure_ascii=False, indent=2), output)
    elif fmt_ == "sarif":
        emit(json.dumps(sarif(results), ensure_ascii=False, indent=2), output)
    elif output is not None:
        emit("\n".join(text for r in results for text, _ in finding_lines(
            [with_fragment(f) for f in r.finding_objects()], r.file, english=not no_english)), output)
    else:
        with pipe_guard():
            for r in results:
                echo_findings([with_fragment(f) for f in r.finding_objects()], r.file, english=not no_english,
                              err=False)
    counts = {s: sum(1 for r in results for d in r.findings if d["severity"] == s) for s in ("error", "warning", "info")}
    click.echo(f"{len(files)} 个文件 files：{counts['error']} 错误 errors，{counts['warning']} 警告 warnings，"
               f"{counts['info']} 提示 infos", err=True)
    if summary is not None and missing:    # a mistyped folder would give a workbook of nothing
        click.echo(f"未写复核汇总：{len(missing)} 个输入不存在 / no review workbook written: "
                   f"{', '.join(map(str, missing))} does not exist", err=True)
    elif summary is not None:
        from ..io.review_xlsx import write_review
        write_review(summary, [row for r in results for row in (r.rows or [unread_row(r)])],
                     [d for r in results for d in r.findings])
        click.echo(f"复核汇总已写入 review workbook written: {summary}", err=True)
    if any(r.unreadable for r in results):
        sys.exit(2)
    sys.exit(1 if counts["error"] else 0)
