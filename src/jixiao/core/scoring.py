"""Score a project: every leaf by its rule, sums per level, total, grade, with a trail.

Leaf scores are rounded to 2 places and every subtotal and the total add up the rounded
leaves, so a printed table always sums to what it shows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from operator import attrgetter

from .achievement import is_deadline, target_met
from .findings import Finding
from .framework import (
    DEFAULT_FRAMEWORK,
    Framework,
    Policy,
    _effective,
    _weight_problems,
    apply_framework,
)
from .grades import grade_for
from .model import Comparator, Indicator, Project, RuleKind, Target, positional_constructor
from .money import fmt, fmt_rate, q2
from .paths import child
from .registry import issue
from .rules import RULES, RuleContext, RuleResult, Status, score_judged

ZERO = Decimal(0)

_DEFAULT_FOR_COMPARATOR = {
    Comparator.GE: RuleKind.RATIO,
    Comparator.LE: RuleKind.INVERSE,
    Comparator.EQ: RuleKind.EQUAL,
    Comparator.RANGE: RuleKind.RANGE,
    Comparator.QUALITATIVE: RuleKind.TIERS,
}


@dataclass(frozen=True, slots=True)
class ScoredNode:
    indicator: Indicator
    path: str
    level: int
    weight: Decimal
    score: Decimal | None
    status: Status
    explanation: str
    rule: RuleKind | None
    children: tuple[ScoredNode, ...] = ()

    @property
    def name(self) -> str:
        return self.indicator.name

    @property
    def is_leaf(self) -> bool:
        return not self.children


@dataclass(frozen=True, slots=True)
class ScoreCard:
    project: Project
    framework: Framework
    roots: tuple[ScoredNode, ...]
    total: Decimal
    grade: str
    weight_total: Decimal
    complete: bool
    notes: tuple[str, ...]
    findings: tuple[Finding, ...]

    @property
    def execution_rate(self) -> Decimal | None:
        return self.project.funding.execution_rate

    @property
    def has_scores(self) -> bool:
        """Whether any leaf got a score: a blank project totals 0 but has nothing to grade (not 差)."""
        return any(n.score is not None and n.status in (Status.SCORED, Status.STATED) for n in self.leaves())

    @property
    def procurement_execution_rate(self) -> Decimal | None:
        return self.project.funding.procurement_execution_rate

    def nodes(self) -> Iterator[ScoredNode]:
        stack = list(reversed(self.roots))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def leaves(self) -> Iterator[ScoredNode]:
        return (n for n in self.nodes() if n.is_leaf)

    def node(self, path: str) -> ScoredNode | None:
        return next((n for n in self.nodes() if n.path == path), None)


# enum members bound once: reading ``Status.X`` costs a descriptor call every time
_NA, _INSUFFICIENT, _SCORED = Status.NOT_APPLICABLE, Status.INSUFFICIENT, Status.SCORED
_JUDGED = RuleKind.JUDGED
_new_scored = positional_constructor(ScoredNode)
_new_context = positional_constructor(RuleContext)
_new_project = positional_constructor(Project)
_PROJECT_FIELDS = tuple(f.name for f in fields(Project))
_project_values = attrgetter(*_PROJECT_FIELDS)
_INDICATORS_AT = _PROJECT_FIELDS.index("indicators")


def _with_indicators(project: Project, indicators: tuple[Indicator, ...]) -> Project:
    """``replace(project, indicators=indicators)``, without rebuilding every field by keyword."""
    values = _project_values(project)
    return _new_project(*values[:_INDICATORS_AT], indicators, *values[_INDICATORS_AT + 1:])


def rule_kind_for(leaf: Indicator, project: Project, targets: dict[str, Target] | None = None) -> RuleKind:
    """The leaf's declared rule, else the one its inputs imply (a bound target's comparator …)."""
    if leaf.rule is not None:
        return leaf.rule.kind
    if leaf.target is not None:
        target = targets.get(leaf.target) if targets is not None else project.target(leaf.target)
        if target is not None:
            return RuleKind.INVERSE if is_deadline(target) else _DEFAULT_FOR_COMPARATOR[target.comparator]
    if leaf.tier is not None:
        return RuleKind.TIERS
    if leaf.deductions:
        return RuleKind.DEDUCTIONS
    if leaf.answer is not None:
        return RuleKind.YES_NO
    if leaf.completed is not None and leaf.planned is not None:
        return RuleKind.COMPLETION
    return _JUDGED


class _Run:
    """What every node of one scoring run needs: the project, its targets by id, the policy,
    the findings so far and the effective weights of blank inner nodes."""

    __slots__ = ("findings", "funding", "policy", "project", "targets", "weights")

    def __init__(self, project: Project, policy: Policy, findings: list[Finding],
                 weights: dict[int, Decimal | None]) -> None:
        self.project = project
        self.funding = project.funding
        self.targets = {t.id: t for t in project.targets}
        self.policy = policy
        self.findings = findings
        self.weights = weights


def _score_leaf(leaf: Indicator, path: str, level: int, run: _Run) -> ScoredNode:
    weight = leaf.weight
    if weight is None:
        weight = ZERO
        run.findings.append(issue("JX103", f"指标「{leaf.name}」没有分值",
            f"indicator '{leaf.name}' has no weight", path=path, hint="为该指标填写分值"))
    targets = run.targets
    kind = rule_kind_for(leaf, run.project, targets)
    if not leaf.applicable:
        return _new_scored(leaf, path, level, weight, None, _NA, "不适用，不计分", kind, ())
    target = targets.get(leaf.target) if leaf.target else None
    if leaf.target and target is None:
        run.findings.append(issue("JX304", f"指标关联的绩效目标「{leaf.target}」不存在",
            f"the indicator is bound to target '{leaf.target}', which does not exist",
            path=path, hint="检查 target 字段是否与某个绩效目标的 id 一致"))
    ctx = _new_context(target, run.funding, run.policy.inverse_method)
    result: RuleResult = RULES[kind](weight, leaf, ctx)
    if result.status is _INSUFFICIENT and leaf.score is not None and kind is not _JUDGED:
        stated = score_judged(weight, leaf, ctx)
        result = RuleResult(stated.score, f"{result.explanation}；按报告所填得分{fmt(leaf.score)}计",
                            Status.STATED, stated.findings)
    if target is not None and leaf.rule is None:
        result = _met_means_full(result, target, weight)
    if result.findings:
        run.findings.extend(replace(f, path=path) for f in result.findings)
    return _new_scored(leaf, path, level, weight, result.score, result.status, result.explanation, kind, ())


def _met_means_full(result: RuleResult, target: Target, weight: Decimal) -> RuleResult:
    """A target met per ``achievement.target_met`` scores full marks: the one definition scoring,
    checks and publishing share, so a table never says 已完成 beside a deducted score."""
    if result.score is None or result.score >= weight or target_met(target) is not True:
        return result
    return replace(result, score=weight, explanation=f"{result.explanation}；目标已达成，得满分{fmt(weight)}")


def _score_node(node: Indicator, path: str, level: int, run: _Run) -> ScoredNode:
    if not node.children:
        return _score_leaf(node, path, level, run)
    below = level + 1
    children = tuple([_score_node(c, child(path, c.name), below, run) for c in node.children])
    weight = _effective(node, run.weights) or sum([c.weight for c in children], ZERO)
    scored = []
    all_na, incomplete = True, False
    for c in children:
        status = c.status
        if status is not _NA:
            all_na = False
            if status is _INSUFFICIENT:
                incomplete = True
        if c.score is not None:
            scored.append(c.score)
    if all_na:
        return _new_scored(node, path, level, weight, None, _NA, "", None, children)
    score = sum(scored, ZERO)
    explanation = f"{'＋'.join(map(fmt, scored))}={fmt(score)}" if len(scored) > 1 else ""
    return _new_scored(node, path, level, weight, score, _INSUFFICIENT if incomplete else _SCORED,
                       explanation, None, children)


def _na_weight(nodes: tuple[ScoredNode, ...]) -> Decimal:
    total = ZERO
    for node in nodes:
        if node.status is _NA:
            total += node.weight
        elif node.children:
            total += _na_weight(node.children)
    return total


def score_project(project: Project, framework: Framework | None = None,
                  framework_wins: bool = False) -> ScoreCard:
    """Score a project under a framework (the project's own tree when none is given)."""
    framework = framework or DEFAULT_FRAMEWORK
    policy = framework.policy
    findings: list[Finding] = []
    indicators = project.indicators
    if framework.indicators:
        indicators, merge_findings = apply_framework(indicators, framework.indicators, framework_wins)
        findings.extend(merge_findings)
    indicators = _without_unused_categories(indicators)
    weights: dict[int, Decimal | None] = {}   # effective weights of blank inner nodes, by id
    _weight_problems(indicators, policy.weight_total, "indicators", weights, findings)
    run = _Run(project, policy, findings, weights)
    roots = tuple([_score_node(n, f"indicators/{n.name}", 1, run) for n in indicators])
    weight_total = sum((r.weight for r in roots), ZERO)
    raw_total = sum((r.score for r in roots if r.score is not None), ZERO)
    notes: list[str] = []
    total = raw_total
    na = _na_weight(roots)
    if na and policy.rescale_not_applicable and weight_total - na > 0:
        total = q2(raw_total * weight_total / (weight_total - na))
        notes.append(f"不适用指标分值{fmt(na)}分剔除后折算：{fmt(raw_total)}×{fmt(weight_total)}/"
                     f"{fmt(weight_total - na)}={fmt(total, 2)}")
    total = _apply_execution_cap(total, project, policy, notes)
    complete = all(r.status is not _INSUFFICIENT for r in roots)
    if not complete:
        missing = [n.path for n in _insufficient_leaves(roots)]
        notes.append(f"{len(missing)}项指标数据不足，总分仅计已评分指标")
        findings.append(issue("JX303", f"{len(missing)}项指标数据不足，未能计分：" + "、".join(p.rsplit("/", 1)[-1] for p in missing[:5]),
            f"{len(missing)} indicator(s) could not be scored for lack of data",
            path="indicators", hint="补充实际完成值、评分或档位", data={"paths": missing}))
    project_with_tree = project if indicators is project.indicators else _with_indicators(project, indicators)
    return ScoreCard(project_with_tree, framework, roots, q2(total), grade_for(q2(total), policy.grade_bands),
                     weight_total, complete, tuple(notes), tuple(findings))


def _without_unused_categories(nodes: tuple[Indicator, ...]) -> tuple[Indicator, ...]:
    """Drop open categories the project left empty (no leaves, no weight), e.g. an unused 生态效益指标.

    They are slots for the project's own indicators, not indicators; scoring them would
    report a missing weight for a category the project rightly does not use.
    """
    kept = []
    changed = False
    for node in nodes:
        if node.open and not node.children and node.weight is None:
            changed = True
            continue
        if node.children:
            children = _without_unused_categories(node.children)
            if children is not node.children:
                node = replace(node, children=children)
                changed = True
        kept.append(node)
    return tuple(kept) if changed else nodes


def _insufficient_leaves(nodes: tuple[ScoredNode, ...]) -> Iterator[ScoredNode]:
    for node in nodes:
        if node.children:
            yield from _insufficient_leaves(node.children)
        elif node.status is _INSUFFICIENT:
            yield node


def _apply_execution_cap(total: Decimal, project: Project, policy: Policy, notes: list[str]) -> Decimal:
    """Provincial presets cap the total when the budget execution rate is low (off by default)."""
    rate_value = project.funding.execution_rate
    if not policy.execution_caps or rate_value is None:
        return total
    caps = [c.cap for c in policy.execution_caps if rate_value < c.below]
    if not caps or total <= min(caps):
        return total
    cap = min(caps)
    notes.append(f"预算执行率{fmt_rate(rate_value)}，总分封顶{fmt(cap)}分（原{fmt(total, 2)}分）")
    return cap


