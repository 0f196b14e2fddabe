"""The one orchestration path that the CLI and the web app both call: load → frame → score.

Keeping it here means a number shown in the browser and one printed in the terminal come
from the same calls. The checker extends this path (see ``jixiao.core.checks``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .core.checks import matches, run_checks
from .core.findings import Finding
from .core.framework import Framework
from .core.model import Project
from .core.scoring import ScoreCard, score_project
from .core.validation import input_problems
from .io.frameworks import resolve_framework
from .io.loading import LoadResult, load_path


@dataclass
class Scored:
    """A scored project plus the problems that make it unacceptable as input (drafts only)."""

    card: ScoreCard | None
    input_findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.card is not None and not any(f.is_error for f in self.input_findings)


def framework_for(project: Project, override: str | None) -> tuple[Framework | None, bool, list[Finding]]:
    """(framework, framework_wins, findings): an explicit override wins over the file's own."""
    name = override or project.framework
    if not name:
        return None, False, []
    framework, findings = resolve_framework(name)
    if framework is None and not override:
        # the file names a framework we do not have: score on the file's own tree, and say so
        return None, False, [f.with_severity(f.severity.WARNING) for f in findings]
    return framework, bool(override), findings


def score(project: Project, framework_override: str | None = None) -> Scored:
    framework, wins, findings = framework_for(project, framework_override)
    if framework is None and any(f.is_error for f in findings):
        return Scored(None, findings)
    card = score_project(project, framework, framework_wins=wins)
    return Scored(card, findings + input_problems(project, card.findings))


def load(path: Path) -> LoadResult:
    return load_path(path)


def check(project: Project, framework_override: str | None = None, profile: str = "default",
          select: Sequence[str] = (), ignore: Sequence[str] = ()) -> tuple[ScoreCard | None, list[Finding]]:
    """Score then check one project: (card, findings). The web app and ``jixiao check`` share it.

    Framework problems come first; for drafts the scoring problems that ``score`` refuses as
    input are reported here as errors, for published records as findings about the document.
    """
    framework, wins, found = framework_for(project, framework_override)
    where = project.source_of("framework") or project.source_of("name")
    found = [f.located(where) for f in found
             if (not select or matches(f, select)) and not (ignore and matches(f, ignore))]
    if framework is None and any(f.is_error for f in found):
        return None, found + run_checks(project, None, profile, select, ignore)
    card = score_project(project, framework, framework_wins=wins)
    return card, found + run_checks(project, card, profile, select, ignore)
