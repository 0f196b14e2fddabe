"""``jixiao frameworks``: the shipped indicator frameworks, or one of them as a tree."""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from ..core.framework import Framework
from ..core.model import Indicator
from ..core.money import fmt
from ..core.rules import RULE_TITLES
from ..io.frameworks import builtin_names, resolve_framework
from .output import echo_findings


def _tree(framework: Framework) -> Tree:
    tree = Tree(f"[bold]{framework.name}[/bold] {framework.title}")

    def add(branch: Tree, nodes: tuple[Indicator, ...]) -> None:
        for n in nodes:
            rule = f" [dim]{RULE_TITLES[n.rule.kind]}[/dim]" if n.rule else ""
            extra = " [cyan](项目自设指标)[/cyan]" if n.open else ""
            add(branch.add(f"{n.name} {fmt(n.weight) if n.weight is not None else '（项目自定）'}{rule}{extra}"),
                n.children)
    add(tree, framework.indicators)
    return tree


@click.command(help="列出内置指标体系，或显示其中一个 / list frameworks, or show one.")
@click.argument("name", required=False)
def command(name: str | None) -> None:
    console = Console(highlight=False)
    if name:
        framework, findings = resolve_framework(name)
        if framework is None:
            echo_findings(findings)
            sys.exit(2)
        console.print(_tree(framework))
        return
    table = Table("name", "标题 title", "一级指标 (分值)")
    for n in builtin_names():
        framework, _ = resolve_framework(n)
        if framework is None:
            continue
        levels = "、".join(f"{i.name}{fmt(i.weight)}" for i in framework.indicators)
        table.add_row(n, framework.title, levels)
    console.print(table)
