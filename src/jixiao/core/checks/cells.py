"""Cells of a 自评表 left empty, filled with placeholders, or defined against themselves.

Each rule reads the model (targets, indicators, funding, claims): '0' written as a deviation
reason, the budget execution scored a second time as an output indicator, a quantity target
capped with '≤', a ratio target below zero, a required cell printed empty, a score left blank
on the budget row. Where the reading itself may be the cause (an empty cell can be a cell the
reader missed), the finding is a note.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ..findings import Finding, Severity
from ..model import Comparator, RuleKind, Target
from ..money import fmt, fmt_money, q2
from ..vocabulary import HEADER_LABELS
from .base import CheckContext, finding, partial_table, strs
from .confidence import funding_doubt, misaligned_table

_HEADER_LABELS = frozenset(HEADER_LABELS)
_EMPTY_REASONS = frozenset({"0", "0.0", "0.00", "/", "—", "-", "无0"})
_COUNT_UNITS = frozenset({"个", "项", "人", "人次", "户", "家", "所", "次", "件", "台", "套", "名", "辆", "场", "处",
                          "座", "村", "期", "批", "条", "篇", "份", "本", "册", "平方米", "公里", "米", "亩", "吨"})
_NOT_QUANTITY = ("成本", "费用", "金额", "资金", "时间", "时限", "周期", "率", "投诉", "事故", "差错", "不合格")


def _name(t: Target) -> str:
    return t.name.strip() or t.id


def check_zero_reasons(ctx: CheckContext) -> Iterator[Finding]:
    """'0' (or '/') written in the 偏差原因 column: a placeholder where a reason or nothing belongs."""
    rows = [(i, t) for i, t in enumerate(ctx.project.targets) if t.deviation_reason.strip() in _EMPTY_REASONS]
    if not rows:
        return
    names = "、".join(f"「{_name(t)}」" for _, t in rows[:4]) + ("等" if len(rows) > 4 else "")
    yield finding(ctx, "JX314", f"{names}的偏差原因栏为「{rows[0][1].deviation_reason.strip()}」（{len(rows)}行），"
                  "不是原因：达标的行应留空或写“无偏差”，未达标的行应写明原因",
                  f"{len(rows)} row(s) give '{rows[0][1].deviation_reason.strip()}' as the deviation reason",
                  f"targets[{rows[0][0]}].deviation_reason", "删除占位的“0”，未达标的指标写明偏差原因",
                  strs(targets=[_name(t) for _, t in rows]))


def check_budget_scored_twice(ctx: CheckContext) -> Iterator[Finding]:
    """An output indicator whose target and actual are the budget and the spending: execution scored twice."""
    total = ctx.project.funding.total
    if total.adjusted is None or total.actual is None or q2(total.adjusted) == q2(total.actual):
        return
    if funding_doubt(ctx, "adjusted", "actual"):
        return
    for i, t in enumerate(ctx.project.targets):
        if (t.value is None or t.actual is None or q2(t.value) != q2(total.adjusted)
                or q2(t.actual) != q2(total.actual) or t.unit.strip() in {"%"}):
            continue
        yield finding(ctx, "JX313", f"「{_name(t)}」的指标值{fmt(t.value)}、完成值{fmt(t.actual)}就是全年预算数与全年执行数："
                      "预算执行已按执行率计分，此处作为产出指标再次扣分",
                      f"'{_name(t)}' uses the budget and the spending as target and actual: execution is scored twice",
                      f"targets[{i}]", "删除该指标，或改用反映产出的数量、质量指标",
                      strs(target=_name(t), value=t.value, actual=t.actual))


def check_definitions(ctx: CheckContext) -> Iterator[Finding]:
    """Indicator definitions that contradict themselves: a quantity capped with '≤', a ratio below zero."""
    for i, t in enumerate(ctx.project.targets):
        if t.value is None:
            continue
        unit = t.unit.strip()
        quantity = (t.subcategory == "数量" or t.name.endswith(("数量", "个数", "人数", "户数", "次数"))) \
            and not any(w in t.name for w in _NOT_QUANTITY)
        if t.comparator is Comparator.LE and t.value > 0 and quantity and (not unit or unit in _COUNT_UNITS):
            yield finding(ctx, "JX312", f"「{_name(t)}」属数量指标，指标值却写作“≤{fmt(t.value)}{unit}”（上限），"
                          "指标方向与指标性质矛盾", f"'{_name(t)}' is a quantity target written as an upper bound (≤)",
                          f"targets[{i}].value", "数量指标应写作“≥”或“=”", strs(target=_name(t), value=t.value))
        elif t.comparator is Comparator.LE and t.value == 0 and unit == "%":   # see also the prose figures below
            yield finding(ctx, "JX312", f"「{_name(t)}」指标值写作“≤0%”，比例不会小于0，应写作“=0%”",
                          f"'{_name(t)}' has a target of ≤0%, which a ratio cannot be below", f"targets[{i}].value",
                          "写作“=0%”", strs(target=_name(t)), severity=Severity.INFO)


def check_impossible_bounds(ctx: CheckContext) -> Iterator[Finding]:
    """A ratio stated in the prose as '≤0%': a ratio cannot be below zero (write '=0%')."""
    claims = ctx.project.claims
    for f in claims.figures:
        if f.unit == "%" and f.value == 0 and f.label.endswith(("≤", "≦", "<=")):
            yield finding(ctx, "JX312", f"“{f.label[-16:]}{f.text}”：比例不会小于0，应写作“=0%”",
                          f"'{f.label[-16:]}{f.text}': a ratio cannot be below zero", f"claims.sentences[{f.sentence}]",
                          "写作“=0%”", strs(figure=f.text), excerpt=claims.sentences[f.sentence],
                          severity=Severity.INFO)


def check_blank_cells(ctx: CheckContext) -> Iterator[Finding]:
    """Required cells printed empty: the 年初预算数 beside a read budget, the budget row's 得分, header labels."""
    p = ctx.project
    total = p.funding.total
    in_prose = any(f.wan is not None and q2(f.wan) == q2(total.adjusted) for f in p.claims.figures) \
        if total.adjusted is not None else True
    # the 年初预算数 column is printed (its header is in the text) but its cell was read empty
    column = any("年初预算" in s for s in p.claims.sentences)
    if (total.initial is None and total.adjusted is not None and total.actual is not None and not in_prose
            and column):
        yield finding(ctx, "JX604", f"年初预算数栏未填（全年预算数{fmt_money(total.adjusted)}万元、全年执行数"
                      f"{fmt_money(total.actual)}万元）", "the initial budget cell is empty", "funding.total.adjusted",
                      "填写年初预算数（无调整时与全年预算数相同）", strs(adjusted=total.adjusted, actual=total.actual),
                      severity=Severity.INFO)
    if ctx.card is not None and not misaligned_table(ctx) and p.stated.execution_score is None:
        scored = [n for n in ctx.card.leaves() if n.indicator.score is not None]
        for n in ctx.card.leaves():
            if n.rule is RuleKind.EXECUTION_RATE and n.indicator.score is None and n.weight > 0 and len(scored) >= 2:
                unsure = bool(partial_table(p))     # a scrambled or cut table may hold the score elsewhere
                yield finding(ctx, "JX604", f"预算执行率得分栏为空（分值{fmt(n.weight)}）"
                              + ("（评分表未能完整读取，仅供参考）" if unsure else ""),
                              f"the budget row's score is empty (weight {fmt(n.weight)})", f"{n.path}.score",
                              "按执行率×分值填写预算执行率得分", strs(weight=n.weight),
                              severity=Severity.INFO if unsure else None)
    if (total.actual is None and (total.adjusted or total.initial) and p.stated.execution_rate is None
            and not funding_doubt(ctx, "initial", "adjusted")):
        budget = total.adjusted if total.adjusted is not None else total.initial
        yield finding(ctx, "JX604", f"未给出全年执行数和预算执行率（预算数{fmt_money(budget)}万元），未能核对资金执行",
                      "neither the spending nor the execution rate is given", "funding.total",
                      "写明全年执行数（执行金额）与预算执行率", strs(budget=budget), severity=Severity.INFO)
    header = [(k, label) for k, label in enumerate(p.claims.blanks) if label in _HEADER_LABELS]
    rows = [(k, label) for k, label in enumerate(p.claims.blanks) if label not in _HEADER_LABELS]
    for k, label in header:
        yield finding(ctx, "JX604", f"表头“{label}”栏为空，看不出是哪个{label}", f"the header cell '{label}' is empty",
                      f"claims.blanks[{k}]", f"填写{label}", strs(label=label), severity=Severity.INFO)
    if rows:
        names = "、".join(f"“{label}”" for _, label in rows[:4]) + ("等" if len(rows) > 4 else "")
        yield finding(ctx, "JX604", f"{names}{len(rows)}栏为空", f"{len(rows)} row(s) of the table are empty",
                      f"claims.blanks[{rows[0][0]}]", "逐项填写情况说明", strs(labels=[lb for _, lb in rows]),
                      severity=Severity.INFO)


def check_prompts(ctx: CheckContext) -> Iterator[Finding]:
    """Fill-in instructions of the template printed where the content belongs ('…(200字以内)'): one finding."""
    claims = ctx.project.claims
    found = list(dict.fromkeys(claims.instructions))
    if not found:
        return
    labels = [label for _, label in found if label]
    k = found[0][0]
    where = "、".join(f"“{label}”" for label in labels[:4]) + "栏" if labels else "文中"
    text = claims.sentences[k]
    yield finding(ctx, "JX603", f"{where}仍是模板填写说明（{len(found)}处），如“{text[:50]}”",
                  f"{len(found)} template instruction(s) printed where the content belongs", f"claims.sentences[{k}]",
                  "用实际内容替换填写说明", strs(labels=labels, instruction=text[:120]), excerpt=text)


def check_execution_weight(ctx: CheckContext) -> Iterator[Finding]:
    """A budget row weighted as the whole table (分值100 with 得分10): the weight column holds something else."""
    if ctx.card is None:
        return
    whole = ctx.policy.weight_total
    for n in ctx.card.leaves():
        if n.rule is RuleKind.EXECUTION_RATE and n.weight >= whole > Decimal(0):
            yield finding(ctx, "JX104", f"「{n.name}」一行分值填{fmt(n.weight)}，等于整张表的总分{fmt(whole)}：分值与得分不对应",
                          f"the budget row is weighted {fmt(n.weight)}, the whole table's total", f"{n.path}.weight",
                          "预算执行率的分值通常为10分，核对分值栏", strs(weight=n.weight), severity=Severity.INFO)


CHECKS = (check_zero_reasons, check_budget_scored_twice, check_definitions, check_impossible_bounds, check_blank_cells,
          check_prompts,
          check_execution_weight)
