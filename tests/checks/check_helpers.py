"""Small inline projects for checker tests: a published record with a minimal scored tree."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

from jixiao.core.checks import run_checks
from jixiao.core.findings import Finding
from jixiao.core.model import Amounts, Funding, Indicator, Narrative, Project, Record, Stated, Target
from jixiao.core.scoring import score_project


def leaf(name: str, weight: str, score: str | None = None, **kw: Any) -> Indicator:
    return Indicator(name, D(weight), score=D(score) if score is not None else None, **kw)


def tree(*leaves: Indicator, top: str = "项目产出") -> tuple[Indicator, ...]:
    weight = sum((lf.weight or D(0) for lf in leaves), D(0))
    return (Indicator(top, weight, children=(Indicator("产出数量", weight, children=leaves),)),)


def project(**kw: Any) -> Project:
    base: dict[str, Any] = {
        "name": "测试项目", "year": 2022, "department": "测试局", "record": Record.PUBLISHED,
        "funding": Funding(total=Amounts(D(100), D(100), D(100))),
        "indicators": tree(leaf("任务完成率", "100", "100")),
        "stated": Stated(execution_score=D(10)),   # the budget row is scored: no JX207 note
    }
    base.update(kw)
    return Project(**base)


def check(p: Project, profile: str = "default", **kw: Any) -> list[Finding]:
    return run_checks(p, score_project(p), profile, **kw)


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def only(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


__all__ = [
    "Amounts",
    "D",
    "Funding",
    "Narrative",
    "Stated",
    "Target",
    "check",
    "codes",
    "leaf",
    "only",
    "project",
    "tree",
]
