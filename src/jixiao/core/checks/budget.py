"""Budget execution: adjustments, over-spending, low execution, funding-source rows (rules.md §6 B).

Money is compared exactly in 万元 (rounded to the printed 2 places); rates use ``rate``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from .. import field_labels
from ..findings import Finding, Severity
from ..model import Amounts, Figure, Record, RuleKind
from ..money import fmt, fmt_money, fmt_rate, q2, rate
from ..reasons import text_reasons
from .base import (
    ZERO_TOTAL_ROW,
    CheckContext,
    finding,
    is_full,
    strs,
)
from .confidence import funding_doubt

# (key, 中文 from core.field_labels as every page names the column, English of these sentences)
_COLUMNS = tuple((key, field_labels.of(f"funding.total.{key}").zh, en) for key, en in (
    ("initial", "initial budget"), ("adjusted", "adjusted budget"), ("actual", "actual spending")))


def zero_total_row(ctx: CheckContext) -> bool:
    """Was the 年度资金总额 row printed as zeros above non-zero source rows (read as their sum)?"""
    return ZERO_TOTAL_ROW in ctx.project.read_notes and bool(ctx.project.funding.sources)


def _adjusted_leaves(ctx: CheckContext) -> list[str]:
    """Full-marked leaves that judge budget adjustment (名称含“调整”): they should not be full here."""
    return [n.name for n in ctx.leaves() if "调整" in n.name and is_full(n)]


def adjustment_reason(ctx: CheckContext, which: str) -> str | None:
    """A sentence of a published report that explains the budget change ('因…年中追加…').

    It must name a change of budget and a cause or its document (``Claims.reasons``); a
    procurement change must be about 采购, a change of the total must not be only about it.
    """
    claims = ctx.project.claims
    kind = "adjustment-procurement" if which == "procurement" else "adjustment"
    return next((clause for _, got, clause in claims.reasons if got == kind), None)


_CHANGE_WORD = re.compile(r"调减|调增|追加|追减|压减|收回|调整")


def _stated_change(ctx: CheckContext, change: Decimal) -> bool:
    """Does the prose state this change itself (a 调减/追加 figure of the same amount)?"""
    return any(f.wan is not None and q2(f.wan) == q2(abs(change)) and _CHANGE_WORD.search(f.label)
               for f in ctx.project.claims.figures)


def check_adjustments(ctx: CheckContext) -> Iterator[Finding]:
    """全年预算数 ≠ 年初预算数 needs its reason (B6), for the total and for procurement."""
    f = ctx.project.funding
    published = ctx.project.record is Record.PUBLISHED
    for which, label, label_en, amounts in (("total", "预算", "budget", f.total),
                                            ("procurement", "政府采购预算", "procurement budget", f.procurement)):
        change = amounts.adjustment
        if which == "total" and funding_doubt(ctx, "initial"):
            continue        # the 'initial budget' is a grant the prose names: check_doubtful_figures notes it
        if (change is None or q2(change) == 0 or f.adjustment_reasons(which)
                or (published and adjustment_reason(ctx, which))):
            continue
        assert amounts.initial is not None and amounts.adjusted is not None
        pct = rate(change, amounts.initial)
        stated = published and _stated_change(ctx, change)     # '年中调减…300万': the change said, its cause not
        full = _adjusted_leaves(ctx) if which == "total" else []
        tail = f"；而「{'」「'.join(full)}」得满分" if full else ""
        sign = "+" if change > 0 else ""
        what = (f"{label}年初为0，{fmt_money(amounts.adjusted)}万元全部为年中追加" if amounts.initial == 0 else
                f"{label}由年初{fmt_money(amounts.initial)}万元调整为{fmt_money(amounts.adjusted)}万元"
                f"（{sign}{fmt_money(change)}万元，{sign}{fmt_rate(pct)}）")
        yield finding(
            ctx, "JX201",
            f"{what}，"
            f"{'文中写明了调整金额，但' if stated else ''}未说明调整原因{tail}",
            f"the {label_en} changed from {fmt_money(amounts.initial)} to {fmt_money(amounts.adjusted)} "
            f"({sign}{fmt_money(change)}{', ' + sign + fmt_rate(pct) if pct is not None else ''}) with no reason given",
            f"funding.{'total' if which == 'total' else 'procurement'}.adjusted",
            "在资金使用情况中写明调整原因和调整文件（追加/调减）",
            strs(initial=amounts.initial, adjusted=amounts.adjusted, change=q2(change), change_rate=pct,
                 applies_to=which, full_marks=full), severity=Severity.INFO if stated else None)


def check_over_budget(ctx: CheckContext) -> Iterator[Finding]:
    """全年执行数 > 全年预算数 is over-spending or a data error (B4)."""
    for label, amounts, path in (("", ctx.project.funding.total, "funding.total.actual"),
                                 ("政府采购", ctx.project.funding.procurement, "funding.procurement.actual")):
        if amounts.actual is None or amounts.adjusted is None or amounts.adjusted <= 0 \
                or (not label and funding_doubt(ctx, "actual")):
            continue
        if q2(amounts.actual) > q2(amounts.adjusted):
            over = amounts.actual - amounts.adjusted
            yield finding(
                ctx, "JX203", f"{label}全年执行数{fmt_money(amounts.actual)}万元大于全年预算数"
                f"{fmt_money(amounts.adjusted)}万元（超出{fmt_money(over)}万元，执行率{fmt_rate(amounts.execution_rate)}）",
                f"{label and 'procurement '}actual spending {fmt_money(amounts.actual)} exceeds the adjusted budget "
                f"{fmt_money(amounts.adjusted)}", path, "核对全年执行数和全年预算数；超支部分须写明资金来源",
                strs(actual=amounts.actual, adjusted=amounts.adjusted, over=q2(over)))


def shortfall_reason(ctx: CheckContext) -> str | None:
    """Where a published report explains unspent money outside the funding table, if it does.

    The 偏差原因 column of the budget row, a row's reason or the prose ('剩余3%尾款未付')
    all count: the rule asks whether a reason is given, not where.
    """
    p = ctx.project
    cells = [t.deviation_reason for t in p.targets] + [n.indicator.reason for n in ctx.leaves()]
    for text in cells:
        if "shortfall" in text_reasons(text):
            return text.strip()
    return next((clause for _, kind, clause in p.claims.reasons if kind == "shortfall"), None)


def check_low_execution(ctx: CheckContext) -> Iterator[Finding]:
    """执行率 below the policy threshold (90%) needs a reason (B5)."""
    f = ctx.project.funding
    total = f.total
    pct = total.execution_rate
    threshold = ctx.policy.low_execution_threshold
    if (pct is None or pct >= threshold or f.low_execution_reason.strip() or funding_doubt(ctx, "actual")
            or shortfall_reason(ctx)):
        return
    yield finding(
        ctx, "JX204", f"预算执行率{fmt_rate(pct)}（{fmt_money(total.actual)}/{fmt_money(total.adjusted)}）"
        f"低于{fmt(threshold)}%，未说明原因",
        f"execution rate {fmt_rate(pct)} is below {fmt(threshold)}% and no reason is given",
        "funding.total.actual", "说明未执行部分的原因及资金去向",
        strs(rate=pct, threshold=threshold, actual=total.actual, adjusted=total.adjusted))


_ARRIVED = re.compile(r"(?<![中央省市县区级方际])(?:实际)?到位(?:的)?资金(?:共|合计|总计|总额)?(?:为|是|达)?$")


def arrived_funds(ctx: CheckContext) -> Figure | None:
    """The figure the prose gives as the whole of the money that arrived ('实际到位资金334.67万元').

    Only the whole counts: a label naming a level (中央/省/市…到位资金) is a part.
    """
    return next((f for f in ctx.project.claims.figures if f.wan is not None and _ARRIVED.search(f.label)), None)


def check_funds_arrival(ctx: CheckContext) -> Iterator[Finding]:
    """'实际到位资金334.67万元' against a budget of 861.46: money that never arrived needs a reason (B5).

    Only the whole of the funds counts (no 中央/省/市 before 到位), and only when the spending is
    unknown: with a known actual the low-execution rule (JX204) judges the money instead.
    """
    f = ctx.project.funding
    budget = f.total.adjusted
    if budget is None or budget <= 0 or f.total.actual is not None or f.low_execution_reason.strip():
        return
    claims = ctx.project.claims
    if any(kind == "late" for _, kind, _ in claims.reasons) or (got := arrived_funds(ctx)) is None:
        return
    arrived = got.wan
    assert arrived is not None
    pct = rate(arrived, budget)
    if pct is None or pct >= ctx.policy.low_execution_threshold or arrived > budget:
        return
    yield finding(
        ctx, "JX208", f"实际到位资金{fmt_money(arrived)}万元，仅为全年预算数{fmt_money(budget)}万元的{fmt_rate(pct)}，"
        "未说明资金未到位的原因", f"only {fmt_money(arrived)} of the adjusted budget {fmt_money(budget)} arrived "
        f"({fmt_rate(pct)}) and no reason is given", f"claims.sentences[{got.sentence}]",
        "写明到位不足的原因，以及它对项目实施有何影响", strs(arrived=arrived, adjusted=budget, rate=pct),
        excerpt=claims.sentences[got.sentence])


def check_budget_zero(ctx: CheckContext) -> Iterator[Finding]:
    """全年预算数 = 0 makes the execution rate undefined (B8): flag, never divide."""
    t = ctx.project.funding.total
    if t.adjusted is not None and t.adjusted == 0 and (t.actual or t.initial):
        yield finding(
            ctx, "JX206", f"全年预算数为0，全年执行数为{fmt_money(t.actual)}万元，执行率无法计算",
            "the adjusted budget is 0, so no execution rate can be computed",
            "funding.total.adjusted", "核对全年预算数（是否漏填或错栏）",
            strs(initial=t.initial, adjusted=t.adjusted, actual=t.actual))


def _column(a: Amounts, key: str) -> Decimal | None:
    value: Decimal | None = getattr(a, key)
    return value


def check_funding_sources(ctx: CheckContext) -> Iterator[Finding]:
    """本年财政拨款 + 上年结转 + 其他资金 = 年度资金总额, per column (B3)."""
    f = ctx.project.funding
    if not f.sources:
        return
    if zero_total_row(ctx):      # a total row of zeros above real rows: one finding, not one per column
        cols = [(label, label_en, getattr(f.total, key)) for key, label, label_en in _COLUMNS
                if getattr(f.total, key) is not None]
        rate_too = "，执行率亦填0" if ctx.project.stated.execution_rate == 0 else ""
        yield finding(
            ctx, "JX205", "年度资金总额行填0，而资金来源各行合计为"
            + "、".join(f"{label}{fmt_money(v)}万元" for label, _, v in cols) + rate_too,
            "the total row is printed as 0 but the funding-source rows add up to "
            + ", ".join(f"{en} {fmt_money(v)}" for _, en, v in cols),
            ZERO_TOTAL_ROW, "填写年度资金总额行（等于本年财政拨款、上年结转与其他资金之和）及其执行率和得分",
            strs(**{key: getattr(f.total, key) for key, _, _ in _COLUMNS}, printed_total=Decimal(0)))
        return
    for key, label, label_en in _COLUMNS:
        total = _column(f.total, key)
        parts = [_column(s.amounts, key) for s in f.sources]
        known = [p for p in parts if p is not None]
        if total is None or not known:
            continue
        got = sum(known, Decimal(0))
        if q2(got) != q2(total):
            detail = "＋".join(f"{s.name}{fmt_money(p)}" for s, p in zip(f.sources, parts, strict=True)
                               if p is not None)
            yield finding(
                ctx, "JX205", f"{label}：各资金来源合计{detail}={fmt_money(got)}万元，年度资金总额行为{fmt_money(total)}万元",
                f"{label_en}: the funding sources add up to {fmt_money(got)} but the total row says {fmt_money(total)}",
                f"funding.total.{key}", "使年度资金总额等于本年财政拨款、上年结转与其他资金之和",
                strs(column=key, sources_sum=got, total=total, difference=q2(got - total)))


def check_execution_scored(ctx: CheckContext) -> Iterator[Finding]:
    """Informational: 财预〔2020〕10号 scores 预算执行率 (10 points); note a table that does not."""
    card, f = ctx.card, ctx.project.funding
    if card is None or not card.roots or f.execution_rate is None:
        return
    if ctx.project.stated.execution_score is not None:
        return
    if any(n.rule is RuleKind.EXECUTION_RATE or "执行率" in n.name or "执行" in n.path.split("/")[1]
           for n in card.nodes() if n.path.count("/") >= 1):
        return
    yield finding(
        ctx, "JX207", f"评分表未对预算执行率（{fmt_rate(f.execution_rate)}）计分；财预〔2020〕10号项目支出绩效"
        "自评表中预算执行率占10分",
        f"the budget execution rate ({fmt_rate(f.execution_rate)}) is not scored; the MOF 2020 self-evaluation "
        "table gives it 10 of 100 points", "indicators",
        "如适用财预〔2020〕10号自评表，增设“预算执行率”指标（10分）",
        strs(execution_rate=f.execution_rate))


CHECKS = (check_adjustments, check_over_budget, check_low_execution, check_funds_arrival, check_budget_zero,
          check_funding_sources, check_execution_scored)
