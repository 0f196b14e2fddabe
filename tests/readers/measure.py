"""What a reader read, compared with an annotation: right, not found, or silently wrong.

Shared by tests/readers/test_read_corpus.py and benchmarks/read_accuracy.py so both count the
same way. The expectations come from hand annotations (../shared/corpus/dev/*.json), never
from the readers.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from jixiao.core.model import Indicator, Project, RuleKind

FIELDS = ("total_score", "grade", "initial_budget", "adjusted_budget", "actual_spent",
          "execution_rate_stated", "scored_indicator_rows", "indicator_scores_sum")
MONEY = frozenset({"initial_budget", "adjusted_budget", "actual_spent"})
SEED_ANNOTATION: dict[str, Any] = {  # the facts of ../shared/docs/seed-walkthrough.md
    "total_score": 98, "grade": "优", "initial_budget": 1423.71, "adjusted_budget": 1375.72,
    "actual_spent": 1372.97, "execution_rate_stated": "99.80%", "scored_indicator_rows": 16,
    "indicator_scores_sum": 98,
}


def leaves(nodes: tuple[Indicator, ...]) -> list[Indicator]:
    """The scored rows under ``nodes`` (the tree's leaves, depth first)."""
    out: list[Indicator] = []
    for n in nodes:
        out.extend(leaves(n.children) if n.children else [n])
    return out


def _execution_row(leaf: Indicator) -> bool:
    """The budget-execution row, which the annotations count apart (budget_execution_points/score)."""
    return bool(leaf.rule and leaf.rule.kind is RuleKind.EXECUTION_RATE) or leaf.name in RATE_ROWS


RATE_ROWS = frozenset({"预算执行率", "资金执行率", "执行率"})


def observed(p: Project | None) -> dict[str, object]:
    """The annotated fields as read; a document without any scored row has 0 scored rows."""
    if p is None:
        return dict.fromkeys(FIELDS)
    scored = [leaf for leaf in leaves(p.indicators) if leaf.score is not None and not _execution_row(leaf)]
    return {
        "total_score": p.stated.total, "grade": p.stated.grade,
        "initial_budget": p.funding.total.initial, "adjusted_budget": p.funding.total.adjusted,
        "actual_spent": p.funding.total.actual, "execution_rate_stated": p.stated.execution_rate,
        "scored_indicator_rows": len(scored),
        "indicator_scores_sum": sum((leaf.score for leaf in scored), Decimal(0)) if scored else None,
    }


def expected(value: object) -> object:
    """Annotation values as comparable data: numbers as Decimal, '99%'-style strings by their first number."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    m = re.search(r"\d+(?:\.\d+)?", str(value))
    if m and not re.fullmatch(r"[优良中差]", str(value)):
        return Decimal(m.group())
    return str(value)


def verdict(field: str, want: object, got: object) -> str:
    """'right', 'not found' (nothing read, or no scored row where rows were expected) or 'wrong'."""
    if got is None or (field == "scored_indicator_rows" and got == 0 and want != 0):
        return "not found"
    if isinstance(want, Decimal):
        if not isinstance(got, Decimal | int):
            return "wrong"
        value = Decimal(got)
        if value == want:
            return "right"
        # annotations give 万元 converted from 元 to 2 places; the model keeps the exact conversion
        cents = Decimal("0.01")
        same = field in MONEY and want == want.quantize(cents) and value.quantize(cents, ROUND_HALF_UP) == want
        return "right" if same else "wrong"
    return "right" if want == got else "wrong"


def compare(annotation: dict[str, Any], p: Project | None) -> dict[str, tuple[str, object, object]]:
    """field -> (verdict, want, got) for every field the annotation gives a value for."""
    got = observed(p)
    out: dict[str, tuple[str, object, object]] = {}
    for field in FIELDS:
        want = expected(annotation.get(field))
        if want is not None:
            out[field] = (verdict(field, want, got[field]), want, got[field])
    return out
