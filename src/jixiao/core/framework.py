"""Indicator frameworks (指标体系) and scoring policy, as plain values built from data files.

A framework is an indicator tree plus the policy that scores it (grade bands,
over-achievement threshold, execution-rate caps, rescaling). ``apply_framework`` lays a
framework over a project's own tree: the framework gives weights, rules and explanations,
the project gives facts, and nothing the project wrote is dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from .findings import Finding
from .grades import DEFAULT_BANDS, GradeBand
from .model import Indicator, normalise_name, positional_constructor
from .money import fmt, sum_or_none
from .paths import child
from .registry import issue


@dataclass(frozen=True, slots=True)
class ExecutionCap:
    """When the execution rate is below ``below`` %, the total may not exceed ``cap``."""

    below: Decimal
    cap: Decimal


@dataclass(frozen=True, slots=True)
class Policy:
    grade_bands: tuple[GradeBand, ...] = DEFAULT_BANDS
    overachieve_threshold: Decimal = Decimal(130)
    execution_caps: tuple[ExecutionCap, ...] = ()
    rescale_not_applicable: bool = True
    inverse_method: str = "ratio"
    weight_total: Decimal = Decimal(100)
    tolerance: Decimal = Decimal("0.1")
    low_execution_threshold: Decimal = Decimal(90)


@dataclass(frozen=True, slots=True)
class Framework:
    name: str
    title: str = ""
    description: str = ""
    basis: str = ""
    indicators: tuple[Indicator, ...] = ()
    policy: Policy = Policy()


_new_indicator = positional_constructor(Indicator)

DEFAULT_FRAMEWORK = Framework(name="(none)", title="无指标体系（按项目文件自带指标计分）")


def iter_nodes(nodes: tuple[Indicator, ...], prefix: str = "") -> Iterator[tuple[str, Indicator]]:
    """Depth-first (path, node) pairs; paths join names with '/' (一级/二级/三级), see ``paths``."""
    for node in nodes:
        path = child(prefix, node.name)
        yield path, node
        yield from iter_nodes(node.children, path)


def effective_weight(node: Indicator) -> Decimal | None:
    """A node's weight, or for an inner node left blank the sum of its children's."""
    return _effective(node, {})


def _effective(node: Indicator, memo: dict[int, Decimal | None]) -> Decimal | None:
    """``effective_weight`` remembering blank inner nodes by id (valid while the tree is alive)."""
    weight = node.weight
    if weight is not None or not node.children:
        return weight
    key = id(node)
    if key in memo:
        return memo[key]
    weights = [c.weight if c.weight is not None or not c.children else _effective(c, memo) for c in node.children]
    result = memo[key] = sum_or_none(weights)
    return result


def weight_problems(nodes: tuple[Indicator, ...], expected_total: Decimal | None,
                    prefix: str = "indicators") -> list[Finding]:
    """Every level whose children's weights do not add up to the parent's weight (and to the total)."""
    problems: list[Finding] = []
    _weight_problems(nodes, expected_total, prefix, {}, problems)
    return problems


def _weight_problems(nodes: tuple[Indicator, ...], expected_total: Decimal | None, prefix: str,
                     memo: dict[int, Decimal | None], problems: list[Finding]) -> None:
    if expected_total is not None and nodes:
        weights = {id(n): _effective(n, memo) for n in nodes}
        known = [w for w in weights.values() if w is not None]
        if len(known) == len(nodes):
            got = sum(known, Decimal(0))
            if got != expected_total:
                problems.append(_mismatch(prefix, "一级指标分值合计", got, expected_total))
    for node in nodes:
        children = node.children
        if children:
            path = child(prefix, node.name)
            if node.weight is not None:
                child_weights = [w for w in [c.weight if c.weight is not None or not c.children
                                             else _effective(c, memo) for c in children] if w is not None]
                if len(child_weights) == len(children):
                    got = sum(child_weights, Decimal(0))
                    if got != node.weight:
                        problems.append(_mismatch(path, f"「{node.name}」下级分值合计", got, node.weight))
            _weight_problems(children, None, path, memo, problems)


def _mismatch(path: str, what: str, got: Decimal, expected: Decimal) -> Finding:
    diff = got - expected
    return issue("JX101", f"{what}为{fmt(got)}，应为{fmt(expected)}（相差{fmt(diff)}）",
        f"weights add up to {fmt(got)} instead of {fmt(expected)} (off by {fmt(diff)})",
        path=path, hint="调整各指标分值，使下级分值之和等于上级分值",
        data={"sum": str(got), "expected": str(expected), "difference": str(diff)})


def apply_framework(project_nodes: tuple[Indicator, ...], framework_nodes: tuple[Indicator, ...],
                    framework_wins: bool, prefix: str = "indicators",
                    parent_open: bool = False) -> tuple[tuple[Indicator, ...], list[Finding]]:
    """Merge a project's indicator tree with a framework's, matching nodes by name per level.

    With ``framework_wins`` (an explicit ``--framework``) the framework's weight, rule and
    explanation replace the project's; otherwise they only fill what the project left
    empty. Framework nodes the project lacks are added (they score as insufficient data);
    project nodes the framework lacks are kept, with a warning unless the framework node
    is open to project-specific leaves.
    """
    findings: list[Finding] = []
    merged = _merge(project_nodes, framework_nodes, framework_wins, prefix, parent_open, findings)
    return merged, findings


def _merge(project_nodes: tuple[Indicator, ...], framework_nodes: tuple[Indicator, ...], framework_wins: bool,
           prefix: str, parent_open: bool, findings: list[Finding]) -> tuple[Indicator, ...]:
    if not framework_nodes:
        return tuple(project_nodes)   # nothing to lay over, nothing to report
    merged: list[Indicator] = []
    used: set[int] = set()
    by_name: dict[str, list[int]] = {}
    for i, p in enumerate(project_nodes):
        by_name.setdefault(normalise_name(p.name), []).append(i)
    for fnode in framework_nodes:
        candidates = by_name.get(normalise_name(fnode.name))
        match = candidates.pop(0) if candidates else None
        if match is None:
            if not (fnode.open and not fnode.children and fnode.weight is None):
                merged.append(fnode)   # an unused open category without a weight is simply absent
            continue
        used.add(match)
        pnode = project_nodes[match]
        children = pnode.children if not fnode.children else _merge(
            pnode.children, fnode.children, framework_wins, child(prefix, pnode.name), fnode.open, findings)
        merged.append(_merge_node(pnode, fnode, children, framework_wins))
    for i, pnode in enumerate(project_nodes):
        if i in used:
            continue
        merged.append(pnode)
        if not parent_open:
            findings.append(issue("JX004", f"指标「{pnode.name}」不在所选指标体系中，已按项目文件保留",
                f"indicator '{pnode.name}' is not in the framework; kept as the project file gives it",
                path=child(prefix, pnode.name), hint="核对指标名称，或在指标体系中增加该指标"))
    return tuple(merged)


def _blank(value: object) -> bool:
    """Empty the way ``value in (None, "")`` means it (a Decimal never equals "", and comparing is slow)."""
    return value is None or (type(value) is not Decimal and value == "")


def _merge_node(pnode: Indicator, fnode: Indicator, children: tuple[Indicator, ...],
                framework_wins: bool) -> Indicator:
    if framework_wins:
        weight = pnode.weight if _blank(fnode.weight) else fnode.weight
        explanation = pnode.explanation if _blank(fnode.explanation) else fnode.explanation
        rule = pnode.rule if _blank(fnode.rule) else fnode.rule
    else:
        weight = fnode.weight if _blank(pnode.weight) else pnode.weight
        explanation = fnode.explanation if _blank(pnode.explanation) else pnode.explanation
        rule = fnode.rule if _blank(pnode.rule) else pnode.rule
    return _new_indicator(
        name=pnode.name, weight=weight, children=children, explanation=explanation, rule=rule,
        target=pnode.target, score=pnode.score, reason=pnode.reason, tier=pnode.tier,
        deductions=pnode.deductions, answer=pnode.answer, completed=pnode.completed, planned=pnode.planned,
        applicable=pnode.applicable, open=fnode.open, evidence=pnode.evidence,
    )
