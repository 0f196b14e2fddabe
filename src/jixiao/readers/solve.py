"""Pick the headline figures from their candidates: the assignment that fits the arithmetic best.

Invariants weighed (each a soft bonus or penalty on a combination of candidates):
rate ≈ actual / adjusted × 100; actual ≤ adjusted × 1.2; initial and adjusted of one table agree
in unit. Each chosen field gets a confidence: its candidate's weight, reduced when another
value of the same field scores nearly as well. Below ``CONFIDENCE_THRESHOLD`` the field is
left unread and a located JX005 note names the competing candidates — a wrong value is worse
than a missing one.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from ..core.findings import Finding
from ..core.registry import issue
from ..core.vocabulary import CONFIDENCE_THRESHOLD
from .candidates import MONEY_FIELDS, RATE, Candidate

_AGREE = 0.15          # rate agrees with actual / adjusted
_OVERSPENT = 0.4       # actual above adjusted × 1.2
_DISAGREE = 0.6        # a rate that is not actual / adjusted (±3 points): one of the three is misread


@dataclass
class Solution:
    chosen: dict[str, Candidate] = field(default_factory=dict)
    confidence: dict[str, Decimal] = field(default_factory=dict)
    competing: dict[str, tuple[str, ...]] = field(default_factory=dict)
    notes: list[Finding] = field(default_factory=list)


def key(value: Decimal | str) -> Decimal | str:
    """Values that agree to the cent are one value (132.912 and 1329120.67元 = 132.912067万元)."""
    return value.quantize(Decimal("0.01")) if isinstance(value, Decimal) else value


def _options(cands: list[Candidate], name: str) -> list[Candidate]:
    """The best candidate of each distinct value of one field, strongest first (at most 3)."""
    best: dict[object, Candidate] = {}
    count: dict[object, int] = {}
    for c in cands:
        if c.field != name:
            continue
        k = key(c.value)
        count[k] = count.get(k, 0) + 1
        old = best.get(k)
        if old is None or (c.weight, -c.order) > (old.weight, -old.order):
            best[k] = c
    ranked = sorted(best.values(), key=lambda c: (-(c.weight + 0.05 * min(count[key(c.value)] - 1, 2)), c.order))
    return ranked[:3]


def _supports(cands: list[Candidate]) -> dict[int, float]:
    """Each candidate's weight, a little more for each other place that says the same value (by id)."""
    tally: dict[tuple[str, object], int] = {}
    for c in cands:
        tally[(c.field, key(c.value))] = tally.get((c.field, key(c.value)), 0) + 1
    return {id(c): c.weight + 0.05 * min(tally[(c.field, key(c.value))] - 1, 2) for c in cands}


_LIMIT = Decimal("1.2")


def _score(combo: dict[str, Candidate | None], sup: dict[int, float]) -> float:
    total = sum(sup[id(c)] for c in combo.values() if c is not None)
    adjusted, actual, rate = combo["funding.total.adjusted"], combo["funding.total.actual"], combo[RATE]
    if adjusted is not None and actual is not None:
        a, b = Decimal(adjusted.value), Decimal(actual.value)
        if a > 0 and b > a * _LIMIT:
            total -= _OVERSPENT
        if rate is not None and a > 0:
            gap = abs(b / a * 100 - Decimal(rate.value))
            total += _AGREE * 2 if gap <= 1 else -_DISAGREE if gap > 3 else 0
    return total


def solve(cands: list[Candidate], file: str) -> Solution:
    """Choose one value (or none) per field; fields solved jointly where invariants link them."""
    out = Solution()
    sup = _supports(cands)
    linked = (*MONEY_FIELDS, RATE)
    options = {f: [*_options(cands, f), None] for f in linked}
    combos = [dict(zip(linked, pick, strict=True)) for pick in itertools.product(*options.values())]
    scored = sorted(((_score(c, sup), i, c) for i, c in enumerate(combos)), key=lambda x: (-x[0], x[1]))
    best_score, _, best = scored[0]
    keys = {id(c): key(c.value) for c in cands}      # each value's key once, not once per combination
    for f in linked:
        _decide(out, f, best.get(f), best_score, _runner(scored, f, best.get(f), keys), options[f], sup, file)
    for f in sorted({c.field for c in cands} - set(linked)):
        opts = _options(cands, f)
        if opts:
            first = opts[0]
            runner = sup[id(opts[1])] if len(opts) > 1 else None
            _decide(out, f, first, sup[id(first)], runner, [*opts, None], sup, file)
    return out


def _runner(scored: list[tuple[float, int, dict[str, Candidate | None]]], f: str,
            pick: Candidate | None, keys: dict[int, Decimal | str]) -> float | None:
    """The best score of a combination that gives field ``f`` another value (``keys``: each candidate's key)."""
    mine = keys[id(pick)] if pick is not None else None
    for score, _, combo in scored:
        other = combo[f]
        if other is not None and (pick is None or keys[id(other)] != mine):
            return score
    return None


def _decide(out: Solution, f: str, pick: Candidate | None, best: float, runner: float | None,
            options: list[Candidate | None], sup: dict[int, float], file: str) -> None:
    if pick is None:
        return
    weight = sup[id(pick)]
    confidence = weight if runner is None else min(weight, 0.4 + (best - runner))
    others = tuple(o.describe() for o in options if o is not None and key(o.value) != key(pick.value))
    if confidence > CONFIDENCE_THRESHOLD:
        out.chosen[f] = pick
        out.confidence[f] = Decimal(str(round(min(confidence, 1.0), 2)))
        if others:
            out.competing[f] = others
        return
    named = "、".join((pick.describe(), *others))
    out.notes.append(issue(
        "JX005",
        f"{f} 的候选值把握不足，未采用：{named}"[:400],
        f"{f}: candidates too uncertain to take: {named}"[:400], path=f, source=pick.source))
