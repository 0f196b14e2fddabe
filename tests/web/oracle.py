"""An independent reading of rules.md for the 财预〔2020〕10号 自评表, used as the expected values.

Written from ../shared/docs/rules.md (B1, B2, C1, grades), not from jixiao.core: the tests
compare the engine's stored columns and API answers with these figures, not with themselves.
Only what the synthetic web projects use: ≥ targets and the execution-rate row.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

CENT = Decimal("0.01")
EXECUTION_WEIGHT = Decimal(10)       # rules.md: 预算执行率 10 points


def r2(x: Decimal) -> Decimal:
    return x.quantize(CENT, ROUND_HALF_UP)


def execution_rate(document: dict[str, Any]) -> Decimal:
    """B1: 全年执行数 / 全年预算数 × 100, 2 places."""
    funding = document["funding"]
    return r2(Decimal(funding["actual"]) / Decimal(funding["adjusted"]) * 100)


def leaves(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for n in nodes:
        out.extend(leaves(n["children"]) if n.get("children") else [n])
    return out


def selfeval_total(document: dict[str, Any]) -> Decimal:
    """B2 + C1: 10 × min(rate, 100%) plus, per ≥ leaf, full marks when met, else round(actual/target × 分值, 2)."""
    total = r2(EXECUTION_WEIGHT * min(execution_rate(document), Decimal(100)) / 100)
    targets = {t["id"]: t for t in document["targets"]}
    for leaf in leaves(document["indicators"]):
        t = targets[leaf["target"]]
        assert t["comparator"] == "≥", "the oracle covers ≥ targets only"
        weight, actual, value = Decimal(leaf["weight"]), Decimal(t["actual"]), Decimal(t["value"])
        total += weight if actual >= value else r2(actual / value * weight)
    return total


def grade(total: Decimal) -> str:
    """≥90 优, ≥80 良, ≥60 中, else 差."""
    return "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"
