"""Printing findings like compiler errors: ``file:line:col: CODE severity slug message``."""

from __future__ import annotations

from collections.abc import Iterable

import click

from ..core.findings import Finding, Severity, sort_findings

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def finding_line(f: Finding, default_file: str = "<input>") -> str:
    where = f.source.label() if f.source else f"{default_file}:0:0"
    return f"{where}: {f.code} {f.severity.value} {f.slug} {f.message}"


def echo_findings(findings: Iterable[Finding], default_file: str = "<input>", english: bool = True,
                  err: bool = True) -> None:
    """Findings, one per line, with the English message, the hint and the source fragment indented."""
    for f in sort_findings(findings):
        click.secho(finding_line(f, default_file), fg=_COLOURS[f.severity], err=err)
        if english and f.message_en:
            click.echo(f"    {f.message_en}", err=err)
        if f.hint:
            click.echo(f"    提示 hint: {f.hint}", err=err)
        if f.source and f.source.fragment:
            click.echo(f"    | {f.source.fragment.strip()[:160]}", err=err)
