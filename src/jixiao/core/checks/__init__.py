"""The checker (复核): small pure checks in families, run under a profile, returning findings.

``run_checks(project, card)`` runs every check of the profile over a project and its score
card and returns located findings. A check that raises becomes one JX901 internal-error
finding, so a batch of a thousand documents never dies on one. Rule metadata lives in
``registry``; one module per family holds the checks.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from types import MappingProxyType

from ..claims import claims_from_texts
from ..findings import Finding, Severity, Source, sort_findings
from ..framework import Policy
from ..model import Project, Record
from ..registry import issue
from ..scoring import ScoreCard, score_project
from ..validation import BLOCKING_IN_DRAFT
from . import (
    arithmetic,
    budget,
    cells,
    claimed,
    completeness,
    confidence,
    evidence,
    funds,
    narrative,
    structure,
    sums,
    targets,
)
from .base import Check, CheckContext, narrative_texts
from .registry import BY_CODE, BY_SLUG, PROFILES, RULES, Family, RuleInfo, in_profile, rule

__all__ = ["CHECKS", "PROFILES", "RULES", "Family", "RuleInfo", "matches", "rule", "run_checks"]

CHECKS: tuple[Check, ...] = (*structure.CHECKS, *arithmetic.CHECKS, *budget.CHECKS, *targets.CHECKS,
                             *narrative.CHECKS, *sums.CHECKS, *claimed.CHECKS, *funds.CHECKS, *cells.CHECKS, *confidence.CHECKS,
                             *evidence.CHECKS, *completeness.CHECKS)


def matches(f: Finding, patterns: Iterable[str]) -> bool:
    """A finding matches a code ('JX201'), a code prefix ('JX2'), a slug or a family name."""
    info = BY_CODE.get(f.code)
    for p in patterns:
        p = p.strip()
        if not p:
            continue
        if (f.code.upper().startswith(p.upper()) or f.slug == p.lower()
                or (info is not None and info.family.value == p.lower())):
            return True
    return False


def _crash(check: object, project: Project, exc: BaseException) -> Finding:
    import traceback  # only when a check crashes

    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    at = f"{where.filename.rsplit('/', 1)[-1]}:{where.lineno}" if where else "?"
    name = getattr(check, "__name__", repr(check))
    return issue("JX901", f"复核规则 {name} 执行出错（{type(exc).__name__}: {exc}，{at}），已跳过该规则",
                   f"check {name} crashed ({type(exc).__name__}: {exc} at {at}); it was skipped",
                   source=project.source_of("name") or Source(file="<checker>"),
                   hint="这是 jixiao 的缺陷，请报告；其余规则的结果不受影响",
                   data={"check": name, "exception": type(exc).__name__, "at": at})


def with_claims(project: Project) -> Project:
    """A project file's narrative has no document behind it: read its claims here, located at their fields.

    A document's claims were read by the readers (with line and column); this is the same builder
    over the narrative texts, so a report read to YAML and checked again weighs its prose the same.
    """
    if project.claims.sentences:
        return project
    located = [(path, text) for path, text in narrative_texts(project)]
    if not located:
        return project
    claims, origin = claims_from_texts(text for _, text in located)
    if not claims.sentences:
        return project
    sources = dict(project.sources)
    for k, i in enumerate(origin):
        src = project.source_of(located[i][0])
        if src is not None:
            sources[f"claims.sentences[{k}]"] = src
    return project.evolve(claims=claims, sources=MappingProxyType(sources))


def run_checks(project: Project, card: ScoreCard | None = None, profile: str = "default",
               select: Sequence[str] = (), ignore: Sequence[str] = (),
               checks: Sequence[Check] | None = None,
               timings: dict[str, float] | None = None) -> list[Finding]:
    """All findings of the profile's checks, deduplicated and sorted by position.

    ``timings``, when given, accumulates seconds per check name (benchmarks/check_speed.py).
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose one of {', '.join(PROFILES)}")
    out: list[Finding] = []
    if card is None:
        try:
            card = score_project(project)
        except Exception as exc:   # scoring a broken record must not stop the text checks, nor vanish
            card = None
            out.append(_crash(score_project, project, exc))
    policy = card.framework.policy if card is not None else Policy()
    project = with_claims(project)
    ctx = CheckContext(project, card, policy)
    seen: set[tuple[str, str, str]] = set()
    for check in checks if checks is not None else CHECKS:
        started = time.perf_counter()
        try:
            produced = list(check(ctx))
        except Exception as exc:  # one broken rule must not hide the others
            produced = [_crash(check, project, exc)]
        if timings is not None:
            name = getattr(check, "__name__", repr(check))
            timings[name] = timings.get(name, 0.0) + time.perf_counter() - started
        for f in produced:
            info = BY_CODE.get(f.code)
            if info is not None and not in_profile(info, profile):
                continue
            if project.record is Record.DRAFT and f.code in BLOCKING_IN_DRAFT:
                f = f.with_severity(Severity.ERROR)
            elif project.record is Record.PUBLISHED and f.severity is not Severity.INFO \
                    and (why := confidence.implausible(f, policy.weight_total, project)) is not None:
                f = confidence.as_note(f, why)      # an impossible figure is a reading problem
            key = (f.code, f.path, f.message)
            if key in seen:
                continue
            seen.add(key)
            out.append(f)
    if select:
        out = [f for f in out if matches(f, select)]
    if ignore:
        out = [f for f in out if not matches(f, ignore)]
    return sort_findings(out)


def known_pattern(pattern: str) -> bool:
    """Is a --select/--ignore value a code, code prefix, slug or family we know?"""
    p = pattern.strip()
    return (any(code.startswith(p.upper()) for code in BY_CODE) or p.lower() in BY_SLUG
            or p.lower() in {f.value for f in Family})
