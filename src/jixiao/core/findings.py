"""Source locations and findings: the one shape every problem takes, from loaders to the checker.

User mistakes are data, not exceptions: loaders, scorers and checks return findings, and
the outer layers decide how to print them and which exit code they mean.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

_EMPTY: Mapping[str, Any] = MappingProxyType({})


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True, slots=True)
class Source:
    """Where a value was read: a file and line/column, plus page (PDF) or sheet/cell (XLSX).

    Values we derive ourselves carry a synthetic file such as ``<computed>``, never None,
    so every finding can be printed as ``file:line:col``.
    """

    file: str = "<input>"
    line: int = 0
    column: int = 0
    page: int | None = None
    sheet: str | None = None
    cell: str | None = None
    fragment: str | None = None

    def label(self) -> str:
        """``file:line:col`` — or ``file:sheet!cell`` for a spreadsheet, ``file:page N`` for a PDF page."""
        if self.sheet is not None:
            return f"{self.file}:{self.sheet}!{self.cell or ''}"
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where} (p.{self.page})" if self.page is not None else where


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: stable code and slug, severity, bilingual message, location, proof, hint."""

    code: str
    slug: str
    severity: Severity
    message: str
    message_en: str
    path: str = ""
    source: Source | None = None
    hint: str = ""
    data: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def located(self, source: Source | None) -> Finding:
        """The same finding with a source location filled in where it had none."""
        if source is None or self.source is not None:
            return self
        return Finding(self.code, self.slug, self.severity, self.message, self.message_en,
                       self.path, source, self.hint, self.data)

    def with_severity(self, severity: Severity) -> Finding:
        return Finding(self.code, self.slug, severity, self.message, self.message_en,
                       self.path, self.source, self.hint, self.data)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Order by file position first, so output reads top to bottom like compiler errors."""
    def key(f: Finding) -> tuple[str, int, int, int, str]:
        src = f.source or Source(file="")
        return (src.file, src.line, src.column, SEVERITY_ORDER[f.severity], f.code)
    return sorted(findings, key=key)
