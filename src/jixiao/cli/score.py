"""``jixiao score``: the scoring table as a tree, or the score card as JSON."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.tree import Tree

from ..core.money import fmt, fmt_money, fmt_rate
from ..core.rules import Status
from ..core.scoring import ScoreCard, ScoredNode
from ..io.serialize import dump_json, scorecard_to_dict
from ..pipeline import load, score
from .output import echo_findings

_STATUS_STYLE = {Status.INSUFFICIENT: "yellow", Status.NOT_APPLICABLE: "dim", Status.STATED: "cyan"}


def _label(node: ScoredNode) -> str:
    score = "—" if node.score is None else fmt(node.score)
    style = _STATUS_STYLE.get(node.status, "green" if node.score == node.weight else "bold")
    text = f"[bold]{node.name}[/bold]  [{style}]{score}[/{style}]/{fmt(node.weight)}"
    if node.is_leaf and node.explanation:
        text += f"  [dim]{node.explanation}[/dim]"
    return text


def _add(tree: Tree, node: ScoredNode) -> None:
    branch = tree.add(_label(node))
    for child in node.children:
        _add(branch, child)


def render_table(card: ScoreCard, console: Console) -> None:
    p = card.project
    head = f"[bold]{p.name}[/bold]（{p.year or '年度未知'}，{p.department or '主管部门未填'}）"
    partial = "" if card.complete else "  [yellow]（数据不完整，仅计已评分指标）[/yellow]"
    tree = Tree(f"{head}  总分 [bold]{fmt(card.total)}[/bold]/{fmt(card.weight_total)}  "
                f"等级 [bold]{card.grade}[/bold]{partial}")
    for root in card.roots:
        _add(tree, root)
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


@click.command(help="按指标体系计分 / score a project file or a published report.")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--framework", "framework", metavar="NAME|PATH",
              help="指标体系名称或 YAML 路径（覆盖文件中的 framework）/ framework name or YAML path")
@click.option("--format", "fmt_", type=click.Choice(["table", "json"]), default="table", show_default=True)
def command(file: Path, framework: str | None, fmt_: str) -> None:
    loaded = load(file)
    if loaded.failed:
        echo_findings(loaded.findings, str(file))
        sys.exit(2)
    cards = []
    failed = False
    for project in loaded.projects:
        result = score(project, framework)
        if not result.ok:
            echo_findings(result.input_findings, str(file))
            failed = True
            continue
        assert result.card is not None
        cards.append(result.card)
        if fmt_ == "table":
            echo_findings([f for f in result.input_findings if not f.is_error], str(file))
    if failed:
        sys.exit(2)
    if fmt_ == "json":
        docs = [scorecard_to_dict(c) for c in cards]
        click.echo(dump_json(docs[0] if len(docs) == 1 and file.suffix.lower() in {".yaml", ".yml", ".json"}
                             else docs))
        return
    console = Console(highlight=False)
    for card in cards:
        render_table(card, console)
