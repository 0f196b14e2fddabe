"""Scoring, the checker and publishing agree on 'target met' (``core.achievement.target_met``).

Expectations come from the comparator's meaning, written out per case below, not from the code.
"""

from __future__ import annotations

import ast
from decimal import Decimal as D
from pathlib import Path

import pytest

from jixiao.core.model import Comparator, Indicator, Project, Target
from jixiao.core.scoring import score_project

SRC = Path(__file__).resolve().parents[2] / "src" / "jixiao"

CASES = [   # comparator, value, unit, actual, met by the comparator's meaning
    (Comparator.GE, "100", "个", "100", True),
    (Comparator.GE, "100", "个", "99", False),
    (Comparator.LE, "5", "万元", "4", True),
    (Comparator.LE, "5", "万元", "6", False),
    (Comparator.EQ, "0", "起", "0", True),
    (Comparator.EQ, "0", "起", "1", False),
    (Comparator.GE, "10", "月前", "9", True),      # a deadline: met by an earlier month
    (Comparator.GE, "10", "月前", "11", False),
]


def _scored(comparator: Comparator, value: str, unit: str, actual: str) -> tuple[D | None, D]:
    t = Target("t1", "指标", comparator=comparator, value=D(value), unit=unit, actual=D(actual))
    leaf = Indicator("指标", D(10), target="t1")
    p = Project("p", targets=(t,), indicators=(Indicator("产出", D(10), children=(leaf,)),))
    node = next(score_project(p).leaves())
    return node.score, node.weight


@pytest.mark.parametrize(("comparator", "value", "unit", "actual", "met"), CASES)
def test_full_marks_exactly_when_the_target_is_met(comparator: Comparator, value: str, unit: str,
                                                   actual: str, met: bool) -> None:
    score, weight = _scored(comparator, value, unit, actual)
    assert (score == weight) is met


@pytest.mark.parametrize("module", ["core/scoring.py", "core/checks/targets.py", "core/checks/arithmetic.py",
                                    "publish/facts.py"])
def test_every_user_imports_the_one_definition(module: str) -> None:
    tree = ast.parse((SRC / module).read_text(encoding="utf-8"))
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and (n.module or "").endswith("achievement")
             for a in n.names}
    assert "target_met" in names
