"""What every command prints the same way: findings like compiler errors, JSON, ``-o/--output``.

Findings read ``file:line:col: CODE severity slug message``; a finding without a line shows
just the file, never a made-up ``:0:0``.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..core.findings import Finding, Severity, sort_findings
from ..io.findings import where

if TYPE_CHECKING:     # rich is imported by the commands that draw with it
    from rich.console import Console

CONTEXT = {"help_option_names": ["-h", "--help"]}
"""Every command's context settings: ``-h`` as well as ``--help``, also when a command is invoked on
its own (click keeps the first help option it builds, so the group's setting alone is not enough)."""

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
F = TypeVar("F", bound=Callable[..., Any])


def finding_line(f: Finding, default_file: str = "") -> str:
    place = where(f.source, default_file)
    return f"{place}: {f.code} {f.severity.value} {f.slug} {f.message}" if place else \
        f"{f.code} {f.severity.value} {f.slug} {f.message}"


def finding_lines(findings: Iterable[Finding], default_file: str = "", english: bool = True,
                  ) -> Iterator[tuple[str, str | None]]:
    """(text, colour) per printed line: the finding, then its English, hint and source fragment indented."""
    for f in sort_findings(findings):
        yield finding_line(f, default_file), _COLOURS[f.severity]
        if english and f.message_en:
            yield f"    {f.message_en}", None
        if f.hint:
            yield f"    提示 hint: {f.hint}", None
        if f.source and f.source.fragment:
            yield f"    | {f.source.fragment.strip()[:160]}", None


def echo_findings(findings: Iterable[Finding], default_file: str = "", english: bool = True,
                  err: bool = True) -> None:
    """Findings, one per line, coloured on a terminal."""
    with pipe_guard():
        for text, colour in finding_lines(findings, default_file, english):
            click.secho(text, fg=colour, err=err)


def output_option(help_zh: str = "写入文件（默认输出到屏幕）", help_en: str = "write to FILE instead of stdout") -> \
        Callable[[F], F]:
    """The one spelling of the output option: ``-o/--output FILE``."""
    return click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
                        help=f"{help_zh} / {help_en}")


@contextmanager
def pipe_guard() -> Iterator[None]:
    """Stop printing quietly when the reader of stdout goes away (``jixiao check … | head``).

    The command then finishes its work and exits with that work's status (0, or 1 for errors
    found), not with a traceback or click's 1. Later writes go to /dev/null.
    """
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def emit(text: str, output: Path | None) -> None:
    """Print ``text`` or write it to ``output`` (UTF-8), saying where it went on stderr."""
    if output is None:
        with pipe_guard():
            click.echo(text, nl=not text.endswith("\n"))
        return
    output.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    click.echo(f"已写入 written: {output}", err=True)


def console(buffer: io.StringIO | None = None) -> Console:
    """A rich console that wraps at the terminal's width, and never mid-line when piped or captured."""
    from rich.console import Console

    out = Console(highlight=False, file=buffer)
    if buffer is not None or not out.is_terminal:
        out = Console(highlight=False, file=buffer, width=100_000, color_system=None if buffer else "auto")
    return out
