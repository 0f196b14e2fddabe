"""``jixiao frameworks``: the shipped indicator frameworks, or one of them as a tree."""

from __future__ import annotations

import sys

import click
from rich import box
from rich.table import Table
from rich.tree import Tree

from ..core.framework import Framework
from ..core.model import Indicator
from ..core.money import fmt
from ..core.rules import RULE_TITLES
from ..io.frameworks import builtin_names, resolve_framework
from .output import CONTEXT, console, echo_findings, pipe_guard


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


@click.command(context_settings=CONTEXT, help="""列出内置指标体系，或显示其中一个 / list frameworks, or show one as a tree.

\b
例 examples:
  jixiao frameworks                       # the names to pass to --framework
  jixiao frameworks mof-2020-selfeval     # its indicator tree, weights and rules
  jixiao frameworks my-framework.yaml     # a framework file of your own

\b
退出码 exit codes: 0; 2 找不到该指标体系或其内容有误 unknown or invalid framework.""")
@click.argument("name", required=False)
def command(name: str | None) -> None:
    out = console()
    if name:
        framework, findings = resolve_framework(name)
        if framework is None:
            echo_findings(findings)
            sys.exit(2)
        with pipe_guard():
            out.print(_tree(framework))
        return
    table = Table(box=None if not out.is_terminal else box.SIMPLE_HEAD)
    table.add_column("name", no_wrap=True)          # the exact string to type: never cut or folded
    table.add_column("标题 title")
    table.add_column("一级指标 (分值) top-level indicators (weight)")
    for n in builtin_names():
        framework, _ = resolve_framework(n)
        if framework is None:
            continue
        levels = "、".join(f"{i.name}{fmt(i.weight)}" for i in framework.indicators)
        table.add_row(n, framework.title, levels)
    with pipe_guard():
        out.print(table)
