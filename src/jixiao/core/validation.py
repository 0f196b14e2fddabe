"""Which scoring problems make a draft unacceptable as input.

A draft is what a preparer is authoring: weights that don't add up, a judged score outside
its band or a deduction without its reason are refused there (exit 2). A published record
keeps them, and the checker reports them as findings about the document.
"""

from __future__ import annotations

from collections.abc import Iterable

from .findings import Finding, Severity
from .model import Project, Record

BLOCKING_IN_DRAFT = frozenset({"JX101", "JX102", "JX103", "JX301", "JX302", "JX304"})


def input_problems(project: Project, scoring_findings: Iterable[Finding]) -> list[Finding]:
    """The scoring findings that are input errors for this project, located in its source."""
    if project.record is Record.PUBLISHED:
        return []
    return [f.with_severity(Severity.ERROR).located(project.source_of(f.path))
            for f in scoring_findings if f.code in BLOCKING_IN_DRAFT]
