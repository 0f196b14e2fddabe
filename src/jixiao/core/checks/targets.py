"""Targets and scoring: each 绩效目标 against its actual, and each score against its target.

A leaf relates to targets either by binding (``Indicator.target``) or, for tables that do
not bind, by dimension: a leaf under 产出 relates to the 产出 targets, a 满意度 leaf to the
satisfaction targets. The relation only adds context to messages; it never invents a defect.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

from ..achievement import deadline_unit, target_met
from ..claims import fold
from ..findings import Finding, Severity
from ..model import Comparator, Record, RuleKind, Target
from ..money import HUNDRED, fmt, q2
from ..scoring import ScoredNode
from .base import CheckContext, finding, is_full, shown_name, strs, top_level
from .budget import zero_total_row
from .confidence import misaligned_table

_UNIT_ALIASES = {"％": "%", "百分比": "%", "百分点": "%", "人次": "人次", "元/人": "元/人"}
_TRAILING_UNIT = re.compile(r"[\d.]\s*([^\d\s.,，;；]+)\s*$")
_OUTSIDE = re.compile(r"服务对象|社会公众|群众|受益|公众|患者|用户|企业|居民|学生|农户")
_INSIDE = re.compile(r"职工|干部|员工|内部|本单位")


def _goal(t: Target) -> str:
    if t.value is None:
        return t.value_text or "未设定"
    sign = "" if t.comparator in (Comparator.EQ, Comparator.QUALITATIVE) else t.comparator.value
    upper = f"–{fmt(t.upper)}" if t.comparator is Comparator.RANGE and t.upper is not None else ""
    return f"{sign}{fmt(t.value)}{upper}{t.unit}"


def _actual(t: Target) -> str:
    if t.actual is None:
        return t.actual_text or "未填报"
    return f"{fmt(t.actual)}{t.actual_unit or t.unit}"


def _unit(unit: str, text: str) -> str:
    raw = unit.strip()
    if not raw:
        m = _TRAILING_UNIT.search(text)
        raw = m.group(1) if m else ""
    raw = deadline_unit(raw)
    return _UNIT_ALIASES.get(raw, raw)


_OUTPUT_WORDS = re.compile(r"制作|召开|举办|开展|培训|建设|完成|验收|通过率|合格率|达标率|及时率|完成率|覆盖率|次数|数量")


def category(t: Target) -> str:
    """The target's 产出/效益/满意度 dimension; guessed from its wording when a reader could not tell."""
    if t.category:
        return t.category
    if "满意" in t.name:
        return "满意度"
    return "产出" if _OUTPUT_WORDS.search(t.name) else ""


def _dimension_leaves(ctx: CheckContext, t: Target) -> list[ScoredNode]:
    """Full-marked leaves of the first-level dimension that matches the target's category."""
    if not category(t):
        return []
    key = category(t)[:2]
    return [n for n in ctx.leaves() if key in top_level(n.path) and is_full(n) and n.indicator.target is None]


def _satisfaction_targets(ctx: CheckContext) -> list[Target]:
    return [t for t in ctx.project.targets if category(t) == "满意度" or "满意" in t.name]


def _related(ctx: CheckContext, node: ScoredNode) -> list[Target]:
    bound = ctx.project.target(node.indicator.target) if node.indicator.target else None
    if bound is not None:
        return [bound]
    return _satisfaction_targets(ctx) if "满意" in node.path else []


_STATUS_CELLS = frozenset({"完成", "已完成", "未完成", "无", "%", "是", "否", "达标", "合格", "其他需要说明事项", "备注"})


def plausible_target(t: Target) -> bool:
    """A name a target can have: not a status cell ('完成', '无', '%') nor a sentence taken for a target."""
    name = t.name.strip()
    return bool(name) and name not in _STATUS_CELLS and len(name) <= 40 and not any(c in name for c in "。；;")


def _shared(a: str, b: str, n: int = 3) -> bool:
    return any(a[i:i + n] in b for i in range(len(a) - n + 1))


def unread_actual(ctx: CheckContext, t: Target) -> bool:
    """Is there an actual the reader did not pair with the target? Then its absence is a reading gap.

    A row whose score is printed had its actual cell too; a figure in the prose with the target's
    unit, under words the target's name shares ('实际完成值11400人次' for 上门服务人次), is a candidate.
    """
    bound = [n for n in ctx.leaves() if n.indicator.target == t.id]
    if any(n.indicator.score is not None for n in bound):
        return True
    unit = t.unit.strip()
    claims = ctx.project.claims
    return any(f.unit == unit and f.value != t.value
               and _shared(t.name, claims.sentences[f.sentence].split(f.text, 1)[0][-30:])
               for f in claims.figures if unit)


def check_missing_actual(ctx: CheckContext) -> Iterator[Finding]:
    """Every target needs a reported actual (A3): a row printed blank is reported, a reading gap noted once."""
    unsure: list[Target] = []
    for i, t in enumerate(ctx.project.targets):
        if t.has_actual or not plausible_target(t):
            continue
        if ctx.project.record is Record.PUBLISHED and unread_actual(ctx, t):
            unsure.append(t)
            continue
        full = [n.name for n in _dimension_leaves(ctx, t)]
        tail = f"；而{category(t)}类指标「{'」「'.join(full)}」均得满分" if full else ""
        yield finding(
            ctx, "JX305", f"绩效目标「{t.name}」（{_goal(t)}）没有填报实际完成值{tail}",
            f"target '{t.name}' ({_goal(t)}) has no reported actual"
            + (f"; yet {len(full)} {category(t)} indicator(s) got full marks" if full else ""),
            f"targets[{i}]", "在“实际完成情况/绩效目标实现情况”中填报该目标的实际完成值",
            strs(target=t.name, value=t.value, unit=t.unit, full_marks=full))
    if unsure:
        names = "、".join(f"「{t.name}」" for t in unsure[:5]) + ("等" if len(unsure) > 5 else "")
        first = ctx.project.targets.index(unsure[0])
        yield finding(
            ctx, "JX305", f"{len(unsure)}个绩效目标未读到实际完成值：{names}；可能在文字或未对齐的表格列中，未逐项复核",
            f"no actual was read for {len(unsure)} target(s); they were not checked one by one",
            f"targets[{first}]", "核对这些目标的实际完成值", strs(targets=[t.name for t in unsure]),
            severity=Severity.INFO)


def check_actual_without_target(ctx: CheckContext) -> Iterator[Finding]:
    for i, t in enumerate(ctx.project.targets):
        if t.has_actual and t.value is None and not t.value_text.strip():
            yield finding(
                ctx, "JX306", f"「{t.name}」填报了实际完成值{_actual(t)}，但没有年度指标值",
                f"'{t.name}' reports an actual ({_actual(t)}) but has no target value",
                f"targets[{i}]", "补填批复的年度指标值，或删除该完成值",
                strs(target=t.name, actual=t.actual))


def check_inflated(ctx: CheckContext) -> Iterator[Finding]:
    """Full marks on a leaf whose bound target was missed (C5)."""
    if misaligned_table(ctx):
        return
    for node in ctx.leaves():
        t = ctx.project.target(node.indicator.target) if node.indicator.target else None
        if t is None or not is_full(node) or target_met(t) is not False:
            continue
        assert t.value is not None and t.actual is not None
        pct = q2(t.actual * HUNDRED / t.value) if t.value else None
        yield finding(
            ctx, "JX307", f"「{t.name}」目标{_goal(t)}，实际{_actual(t)}" + (f"（{fmt(pct)}%）" if pct is not None else "")
            + f"，未达成却得满分{fmt(node.weight)}",
            f"'{t.name}' missed its target ({_actual(t)} against {_goal(t)}) yet scored full marks",
            f"{node.path}.score", "按完成比例计分，或说明实际完成值的口径",
            strs(target=t.name, value=t.value, actual=t.actual, score=node.indicator.score, weight=node.weight))


def _met_note(targets: list[Target]) -> str:
    met = [t for t in targets if met_as_printed(t)]
    if not met or len(met) != len(targets):
        return ""
    return "；相关目标" + "、".join(f"「{t.name}」实际{_actual(t)}已达到{_goal(t)}" for t in met)


_NAME_SUFFIX = re.compile(r"(规范性|充分性|明确性|合理性|有效性|健全性|及时性|合规性|完整性|性|情况|程度|率)$")


def prose_reason(ctx: CheckContext, path: str) -> str | None:
    """A sentence of the report that explains a deduction of the leaf at ``path``, if there is one.

    Published reports often give the reason in the analysis ('但绩效目标有待进一步细化、量化')
    or in a 扣分情况说明 list rather than in the table: a sentence naming the indicator (or its
    parent) that ``Claims.reasons`` marks as a shortcoming counts as the stated reason.
    """
    parts = path.split("/")[1:]
    keys = {k for k in (_NAME_SUFFIX.sub("", fold(parts[-1])), fold(parts[-2]) if len(parts) > 1 else "")
            if len(k) >= 4}
    if not keys:
        return None
    for _, kind, clause in ctx.project.claims.reasons:
        if kind == "shortcoming" and any(key in clause for key in keys):
            return clause
    return None


def met_as_printed(t: Target) -> bool:
    """Met by its figures, or a qualitative target whose 实际完成 repeats its 指标值 word for word ('合格'/'合格')."""
    if target_met(t) is True:
        return True
    return t.value is None and bool(t.value_text.strip()) and t.actual_text.strip() == t.value_text.strip()


def check_copied_actual(ctx: CheckContext) -> Iterator[Finding]:
    """An actual that repeats the target's expression ('≥500人' in both cells): nothing was reported."""
    for i, t in enumerate(ctx.project.targets):
        text = t.actual_text.strip()
        if text and text == t.value_text.strip() and text[:1] in "≥≤><" and plausible_target(t):
            yield finding(ctx, "JX405", f"「{t.name}」的实际完成值“{text}”照抄了指标值，未填报实际完成数",
                          f"'{t.name}': the actual '{text}' repeats the target expression", f"targets[{i}].actual",
                          "填报实际完成的数量", strs(target=t.name, actual=text))


def check_deductions(ctx: CheckContext) -> Iterator[Finding]:
    """Deductions need reasons (C4); a deduction while the related target was met is the clearest case."""
    if ctx.card is None or misaligned_table(ctx):
        return
    reported: set[str] = set()
    nodes = {n.path: n for n in ctx.leaves()}
    for f in ctx.card.findings:
        if f.code != "JX301":
            continue
        reported.add(f.path)
        if ctx.project.record is Record.PUBLISHED and prose_reason(ctx, f.path):
            continue
        node = nodes.get(f.path)
        if node is not None and node.rule is RuleKind.EXECUTION_RATE and zero_total_row(ctx):
            continue        # the budget row scored from a total row of zeros: JX205 reports the row
        related = _related(ctx, node) if node is not None else []
        note = _met_note(related)
        data = dict(f.data)
        if note:
            data["targets_met"] = [t.name for t in related]
        yield replace(f, message=f"「{shown_name(f.path)}」{f.message}{note}",
                      message_en=f.message_en + ("; the related target was met" if note else ""),
                      source=ctx.project.source_of(f.path), data=data)
    for node in nodes.values():
        leaf, t = node.indicator, (ctx.project.target(node.indicator.target) if node.indicator.target else None)
        if (node.path in reported or t is None or leaf.score is None or leaf.score >= node.weight
                or not met_as_printed(t) or leaf.reason.strip() or t.deviation_reason.strip()
                or (ctx.project.record is Record.PUBLISHED and prose_reason(ctx, node.path))):
            continue
        lost = node.weight - leaf.score
        yield finding(
            ctx, "JX301", f"「{shown_name(node.path)}」目标{_goal(t)}已达成（实际{_actual(t)}），却扣{fmt(lost)}分"
            f"（{fmt(leaf.score)}/{fmt(node.weight)}），未说明原因",
            f"'{node.name}' met its target yet lost {fmt(lost)} point(s) with no reason given",
            f"{node.path}.score", "写明扣分依据，或按目标达成情况给满分",
            strs(weight=node.weight, score=leaf.score, lost=lost, target=t.name))


def check_overachieved(ctx: CheckContext) -> Iterator[Finding]:
    """Actual ≥ 130% of target needs an explanation, or the target was set too low (C6)."""
    threshold = ctx.policy.overachieve_threshold
    for i, t in enumerate(ctx.project.targets):
        if (t.value is None or t.actual is None or t.value <= 0 or t.deviation_reason.strip()
                or t.comparator in (Comparator.LE, Comparator.QUALITATIVE)):
            continue
        pct = q2(t.actual * HUNDRED / t.value)
        if pct >= threshold:
            yield finding(
                ctx, "JX308", f"「{t.name}」实际{_actual(t)}为目标{_goal(t)}的{fmt(pct)}%（≥{fmt(threshold)}%），"
                "未说明超额原因", f"'{t.name}' reached {fmt(pct)}% of its target (≥ {fmt(threshold)}%) "
                "with no explanation", f"targets[{i}].actual",
                "说明超额完成的原因；如目标设定偏低，应按偏离度调减分值",
                strs(target=t.name, value=t.value, actual=t.actual, percent=pct))


def check_units(ctx: CheckContext) -> Iterator[Finding]:
    """指标值 and 完成值 must be in the same unit (C7)."""
    for i, t in enumerate(ctx.project.targets):
        goal = _unit(t.unit, t.value_text)
        got = _unit(t.actual_unit, t.actual_text)
        if goal and got and goal != got:
            yield finding(
                ctx, "JX309", f"「{t.name}」指标值单位为“{goal}”，实际完成值单位为“{got}”",
                f"'{t.name}': the target is in '{goal}' but the actual in '{got}'",
                f"targets[{i}].actual", "统一计量单位后再比较完成情况",
                strs(target=t.name, target_unit=goal, actual_unit=got))


def check_satisfaction_subject(ctx: CheckContext) -> Iterator[Finding]:
    """A 服务对象 satisfaction leaf backed only by a staff survey measures the wrong people."""
    targets = _satisfaction_targets(ctx)
    if not targets or not all(_INSIDE.search(t.name) and not _OUTSIDE.search(t.name) for t in targets):
        return
    for node in ctx.leaves():
        if "满意" in node.name and _OUTSIDE.search(node.name):
            names = "、".join(f"「{t.name}」" for t in targets)
            yield finding(
                ctx, "JX310", f"「{node.name}」考核服务对象/社会公众满意度，但唯一的满意度数据是{names}（调查对象为本单位人员）",
                f"'{node.name}' asks for the satisfaction of service users, but the only survey is {names}, of staff",
                node.path, "对服务对象开展满意度调查并列明样本数与满意人数",
                strs(indicator=node.name, targets=[t.name for t in targets]))


def check_percent_ge_100(ctx: CheckContext) -> Iterator[Finding]:
    for i, t in enumerate(ctx.project.targets):
        if t.comparator is Comparator.GE and t.value == Decimal(100) and _unit(t.unit, t.value_text) == "%":
            yield finding(
                ctx, "JX311", f"「{t.name}」指标值为≥100%，百分比目标应写作=100%",
                f"'{t.name}' has a target of ≥100%; write =100%", f"targets[{i}].value",
                "将指标性质改为“=”", strs(target=t.name))


CHECKS = (check_missing_actual, check_actual_without_target, check_inflated, check_deductions, check_copied_actual,
          check_overachieved, check_units, check_satisfaction_subject, check_percent_ge_100)
