"""``jixiao score``: the scoring table as a tree, or the score card as JSON."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.tree import Tree

from ..core.model import Record
from ..core.money import fmt, fmt_money, fmt_rate
from ..core.rules import Status
from ..core.scoring import ScoreCard, ScoredNode
from ..io.envelope import envelope
from ..io.findings import finding_to_dict
from ..io.serialize import dump_json, scorecard_to_dict
from ..pipeline import Options, Result, run
from .output import CONTEXT, console, echo_findings, emit, output_option, pipe_guard

_STATUS_STYLE = {Status.INSUFFICIENT: "yellow", Status.NOT_APPLICABLE: "dim", Status.STATED: "cyan"}


def _label(node: ScoredNode, published: bool = False) -> str:
    score = "—" if node.score is None else fmt(node.score)
    style = _STATUS_STYLE.get(node.status, "green" if node.score == node.weight else "bold")
    text = f"[bold]{node.name}[/bold]  [{style}]{score}[/{style}]/{fmt(node.weight)}"
    if published and node.is_leaf:       # the document's own figure beside the recomputed one
        printed = node.indicator.score
        text += f"  [dim]报告所填 stated {'—' if printed is None else fmt(printed)}[/dim]"
    if node.is_leaf and node.explanation:
        text += f"  [dim]{node.explanation}[/dim]"
    return text


def _add(tree: Tree, node: ScoredNode, published: bool = False) -> None:
    branch = tree.add(_label(node, published))
    for child in node.children:
        _add(branch, child, published)


def render_table(card: ScoreCard, console: Console) -> None:
    p = card.project
    head = f"[bold]{p.name}[/bold]（{p.year or '年度未知'}，{p.department or '主管部门未填'}）"
    partial = "" if card.complete else "  [yellow]（数据不完整，仅计已评分指标）[/yellow]"
    tree = Tree(f"{head}  总分 [bold]{fmt(card.total)}[/bold]/{fmt(card.weight_total)}  "
                f"等级 [bold]{card.grade}[/bold]{partial}")
    for root in card.roots:
        _add(tree, root, p.record is Record.PUBLISHED)
    console.print(tree)
    f = p.funding
    console.print(f"资金（万元）：年初预算 {fmt_money(f.total.initial)}，全年预算 {fmt_money(f.total.adjusted)}，"
                  f"全年执行 {fmt_money(f.total.actual)}，执行率 {fmt_rate(f.execution_rate)}"
                  + (f"；政府采购执行率 {fmt_rate(f.procurement_execution_rate)}"
                     if f.procurement_execution_rate is not None else ""))
    s = p.stated
    if s.total is not None or s.grade or s.execution_rate is not None:
        console.print(f"报告所填：总分 {fmt(s.total)}，等级 {s.grade or '—'}，执行率 {fmt_rate(s.execution_rate)}")
    for note in card.notes:
        console.print(f"[yellow]说明[/yellow]：{note}")


def json_output(result: Result) -> dict[str, Any]:
    """The common output object (``jixiao schema --output``) of one scored input."""
    inputs = [{"file": result.label, "status": "unreadable" if result.unreadable else "read",
               "projects": len(result.projects)}]
    projects = [{"file": result.label, "name": p.project.name,
                 "score": scorecard_to_dict(p.card) if p.ok and p.card is not None else None}
                for p in result.projects]
    return envelope("score", inputs, projects, [finding_to_dict(f, result.label) for f in result.all_findings()])


@click.command(context_settings=CONTEXT, help="""按指标体系计分 / score a project file or a published report.

\b
例 examples:
  jixiao score examples/pingshan-2021-zhaoshang.yaml
  jixiao score report.docx --framework mof-2020-selfeval --format json -o score.json

\b
退出码 exit codes: 0 计分完成 scored; 2 输入无法读取或不可计分 unreadable input or a draft
that cannot be scored (the messages say where).""")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--framework", "framework", metavar="NAME|PATH",
              help="指标体系名称或 YAML 路径（覆盖文件中的 framework）/ framework name or YAML path")
@click.option("--format", "fmt_", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table：树形计分表；json：通用输出结构（jixiao schema --output）/ tree, or the common JSON shape")
@output_option()
def command(file: Path, framework: str | None, fmt_: str, output: Path | None) -> None:
    result = run(file, Options(framework=framework, check=False))
    refused = result.unreadable or not result.projects or any(not p.ok for p in result.projects)
    if fmt_ == "json":
        emit(dump_json(json_output(result)), output)
        sys.exit(2 if refused else 0)
    echo_findings(result.findings, str(file))
    if not result.projects:
        if not result.findings:
            click.echo(f"{file}: 未读到任何项目 / no project found in the input", err=True)
        sys.exit(2)
    for p in result.projects:
        echo_findings(p.input_findings if not p.ok else [f for f in p.input_findings if not f.is_error], str(file))
    if refused:
        sys.exit(2)
    buffer = io.StringIO() if output is not None else None
    out = console(buffer)
    with pipe_guard():
        for card in result.cards:
            render_table(card, out)
    if buffer is not None:
        emit(buffer.getvalue(), output)
    _missing_for_report(result)


def _missing_for_report(result: Result) -> None:
    """For a draft: the facts its 自评报告 will need (``jixiao report`` refuses it until they are given)."""
    from ..publish.gaps import gaps_message, refuse_draft

    for p in result.projects:
        gaps = refuse_draft(p.project, p.card) if p.card is not None else []
        if gaps:
            click.echo(f"{p.project.name}：{gaps_message(gaps)[0]}", err=True)
