"""Stated vs computed: totals, subtotals, grade, execution rate and formula-scored leaves.

A published table prints figures that should follow from its own rows; every comparison
judges the printed figure at its printed precision (see ``base.agrees``).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from .. import field_labels
from ..achievement import target_met
from ..findings import Finding, Severity
from ..grades import band_range, grade_for, normalise_grade
from ..model import RuleKind
from ..money import fmt, fmt_money, fmt_rate, q2, sum_or_none
from ..rules import Status
from ..scoring import ScoredNode
from .base import CheckContext, agrees, digits, finding, shown_name, strs
from .budget import zero_total_row
from .confidence import funding_doubt, misaligned_table

_FORMULA_RULES = frozenset(k for k in RuleKind
                           if k.value in {"ratio", "inverse", "equal", "range", "completion", "execution-rate"})


def printed_score(node: ScoredNode, execution_score: Decimal | None = None) -> Decimal | None:
    """The score the table printed for a leaf; the budget row's may be kept as ``Stated.execution_score``."""
    if node.indicator.score is not None:
        return node.indicator.score
    return execution_score if node.rule is RuleKind.EXECUTION_RATE else None


def printed_sum(node: ScoredNode, execution_score: Decimal | None = None) -> Decimal | None:
    """What the table's own rows add up to: printed leaf scores, the computed one where none was printed.

    None when a leaf has neither (the sum would be a guess).
    """
    if node.status is Status.NOT_APPLICABLE:
        return Decimal(0)
    if node.is_leaf:
        printed = printed_score(node, execution_score)
        return printed if printed is not None else node.score
    return sum_or_none([printed_sum(c, execution_score) for c in node.children])


def check_stated_total(ctx: CheckContext) -> Iterator[Finding]:
    """总分 and printed subtotals against the sum of the printed row scores (D2).

    Whether each row's score follows its rule is JX213's question; here the table is held to
    its own arithmetic, and only over the whole 100-point table (a partial tree is JX101's).
    """
    card, stated = ctx.card, ctx.project.stated
    if card is None or not card.roots or misaligned_table(ctx):
        return
    tol = ctx.policy.tolerance
    sums = [printed_sum(r, stated.execution_score) for r in card.roots]
    whole = card.weight_total == ctx.policy.weight_total
    total = sum_or_none(sums) if whole else None
    if stated.total is not None and total is not None and not agrees(stated.total, total, tol):
        parts = "＋".join(fmt(s) for s in sums) + "=" if len(sums) > 1 else ""
        yield finding(
            ctx, "JX211", f"总分填{fmt(stated.total)}分，各项得分之和为{parts}{fmt(total)}分"
            f"（相差{fmt(stated.total - total)}）",
            f"the stated total is {fmt(stated.total)} but the scores add up to {fmt(total)}",
            "stated.total", "核对各项得分与总分，使总分等于各项得分之和",
            strs(stated=stated.total, computed=total, difference=stated.total - total))
    if (stated.total is not None and stated.total > ctx.policy.weight_total
            and card.weight_total > ctx.policy.weight_total):
        yield finding(
            ctx, "JX211", f"总分填{fmt(stated.total)}分，超过满分{fmt(ctx.policy.weight_total)}：各项分值合计"
            f"{fmt(card.weight_total)}，预算执行率等分值另计在100分之外",
            f"the stated total {fmt(stated.total)} exceeds {fmt(ctx.policy.weight_total)}: the weights add up to "
            f"{fmt(card.weight_total)}", "stated.total", "预算执行率分值应计入100分之内，调整各项分值",
            strs(stated=stated.total, weight_total=card.weight_total))
    for key, value in stated.subtotals.items():
        node = card.node(f"indicators/{key}")
        got = printed_sum(node, stated.execution_score) if node is not None else None
        if got is None or agrees(value, got, tol):
            continue
        yield finding(
            ctx, "JX211", f"「{key}」小计填{fmt(value)}分，下级得分之和为{fmt(got)}分",
            f"the subtotal of '{key}' is printed as {fmt(value)} but its items add up to {fmt(got)}",
            f"stated.subtotals/{key}", "核对该级指标的得分小计", strs(indicator=key, stated=value, computed=got))


def check_stated_grade(ctx: CheckContext) -> Iterator[Finding]:
    """The printed 等级 must fall in the band of the total (E1): of the computed total, and of the printed one."""
    card, stated = ctx.card, ctx.project.stated
    grade = normalise_grade(stated.grade)
    if card is None or not grade or not card.roots:
        return
    bands = ctx.policy.grade_bands
    labels = {b.label for b in bands}
    if grade not in labels:
        return
    basis = stated.total if stated.total is not None else (card.total if card.complete else None)
    if basis is None:
        return
    expected = grade_for(q2(basis), bands)
    if expected != grade:
        low, high = band_range(expected, bands)
        band = f"≥{fmt(low)}" + (f"且<{fmt(high)}" if high is not None else "")
        yield finding(
            ctx, "JX212", f"总分{fmt(basis)}分应评为“{expected}”（{band}），报告填“{stated.grade}”",
            f"a total of {fmt(basis)} falls in grade '{expected}', but the report states '{stated.grade}'",
            "stated.grade", "按等级区间更正等级，或核对总分",
            strs(total=basis, stated=stated.grade, expected=expected))


def check_execution_rate(ctx: CheckContext) -> Iterator[Finding]:
    """The printed 执行率 (and 政府采购执行率) against 全年执行数 / 全年预算数 (B1)."""
    f, s, tol = ctx.project.funding, ctx.project.stated, ctx.policy.tolerance
    pairs = ((field_labels.of("stated.execution_rate").zh, "execution rate", s.execution_rate, f.total,
              "stated.execution_rate"),
             (field_labels.of("stated.procurement_execution_rate").zh, "procurement execution rate",
              s.procurement_execution_rate, f.procurement, "stated.procurement_execution_rate"))
    for name, name_en, stated, amounts, path in pairs:
        computed = amounts.execution_rate
        if stated is None or computed is None:
            continue
        if path == "stated.execution_rate" and (zero_total_row(ctx) or funding_doubt(ctx, "actual", "adjusted")):
            continue        # a total row of zeros (JX205 reports it), or a doubtful figure (noted once)
        if agrees(stated, computed, tol):
            at_precision = computed.quantize(Decimal(1).scaleb(-digits(stated)), rounding=ROUND_HALF_UP)
            if at_precision != stated:      # within the tolerance, yet not the printed digits of the figures
                yield finding(
                    ctx, "JX202", f"填报{name}{fmt(stated)}%，按{fmt_money(amounts.actual)}/{fmt_money(amounts.adjusted)}"
                    f"计算为{fmt_rate(computed)}，按四舍五入应为{fmt(at_precision)}%",
                    f"the stated {name_en} {fmt(stated)}% should read {fmt(at_precision)}% "
                    f"({fmt_rate(computed)} rounded half up)", path, "执行率四舍五入到两位小数",
                    strs(stated=stated, computed=computed),     # wrong at its own precision: a defect
                    severity=Severity.WARNING if digits(stated) >= 2 else Severity.INFO)
            elif stated != q2(computed) and digits(stated) < 2 and abs(stated - computed) > tol:
                yield finding(
                    ctx, "JX202", f"填报{name}{fmt(stated)}%，按{fmt_money(amounts.actual)}/{fmt_money(amounts.adjusted)}"
                    f"计算为{fmt_rate(computed)}：取整后相符，但未按两位小数填报",
                    f"the stated {name_en} {fmt(stated)}% is {fmt_rate(computed)} rounded; rates are printed with 2 places",
                    path, "执行率保留两位小数", strs(stated=stated, computed=computed), severity=Severity.INFO)
            continue
        yield finding(
            ctx, "JX202", f"填报{name}{fmt(stated)}%，按全年执行数{fmt_money(amounts.actual)}/全年预算数"
            f"{fmt_money(amounts.adjusted)}计算为{fmt_rate(computed)}",
            f"the stated {name_en} is {fmt(stated)}% but {fmt_money(amounts.actual)} / "
            f"{fmt_money(amounts.adjusted)} gives {fmt_rate(computed)}",
            path, "执行率=全年执行数/全年预算数×100%（按调整后预算，保留两位小数）",
            strs(stated=stated, computed=computed, actual=amounts.actual, adjusted=amounts.adjusted))


def check_rounded_scores(ctx: CheckContext) -> Iterator[Finding]:
    """A printed score that matches its rule only after rounding to whole points (9 for 8.62): a note."""
    if misaligned_table(ctx):
        return
    tol = ctx.policy.tolerance
    for node in ctx.leaves():
        printed = printed_score(node, ctx.project.stated.execution_score)
        if (printed is None or node.rule not in _FORMULA_RULES or node.status is not Status.SCORED
                or node.score is None or node.weight <= 0 or abs(printed - node.score) <= tol
                or not agrees(printed, node.score, tol)
                or (node.rule is RuleKind.EXECUTION_RATE and funding_doubt(ctx, "actual"))):
            continue
        yield finding(
            ctx, "JX213", f"「{shown_name(node.path)}」表中得分{fmt(printed)}，按计分规则为{fmt(node.score)}（{node.explanation}），"
            "表中取整，取整规则未说明", f"'{node.name}' is printed with {fmt(printed)} points, its rule's "
            f"{fmt(node.score)} rounded", f"{node.path}.score", "按计分规则保留两位小数，或说明取整规则",
            strs(indicator=node.name, stated=printed, computed=node.score), severity=Severity.INFO)


def check_leaf_scores(ctx: CheckContext) -> Iterator[Finding]:
    """A quantitative leaf's printed score against its rule (C1/C2).

    A deduction on a met target is JX301's and full marks on a missed one JX307's: the same
    defect is reported once.
    """
    if misaligned_table(ctx):
        return
    for node in ctx.leaves():
        t = ctx.project.target(node.indicator.target) if node.indicator.target else None
        met = target_met(t) if t is not None else None
        if met is not None and node.indicator.score is not None and (
                (met and node.indicator.score < node.weight) or (not met and node.indicator.score >= node.weight)):
            continue
        printed = printed_score(node, ctx.project.stated.execution_score)
        if (printed is None or node.rule not in _FORMULA_RULES or node.status is not Status.SCORED
                or node.score is None or node.weight <= 0 or not 0 <= printed <= node.weight
                or agrees(printed, node.score, ctx.policy.tolerance)
                or (node.rule is RuleKind.EXECUTION_RATE and (zero_total_row(ctx) or funding_doubt(ctx, "actual")))):
            continue
        yield finding(
            ctx, "JX213", f"「{shown_name(node.path)}」表中得分{fmt(printed)}，按计分规则应为{fmt(node.score)}"
            f"（{node.explanation}）",
            f"'{node.name}' is printed with {fmt(printed)} points; its rule gives {fmt(node.score)}",
            f"{node.path}.score", "按“实际/目标×分值”等规则重算得分，或说明另行扣分的依据",
            strs(indicator=node.name, stated=printed, computed=node.score, weight=node.weight))


def check_rate_without_percent(ctx: CheckContext) -> Iterator[Finding]:
    """The 执行率 cell printed as a bare number ('20') under a header that names no unit (%): a note.

    A spreadsheet stores rates as numbers and a header '执行率(%)' gives the unit, so both pass.
    """
    p = ctx.project
    src, stated = p.sources.get("stated.execution_rate"), p.stated.execution_rate
    printed = (src.fragment or "").strip() if src is not None else ""
    if src is None or stated is None or src.sheet is not None or printed != str(stated):
        return
    if any("执行率" in s and "%" in s and len(s) <= 20 for s in p.claims.sentences):
        return          # the column header carries the unit
    yield finding(ctx, "JX202", f"执行率印为“{printed}”，没有%号（表头也未注明%）",
                  f"the execution rate is printed as '{printed}' without a % sign",
                  "stated.execution_rate", "执行率写作百分数（如20.00%）", strs(printed=printed),
                  severity=Severity.INFO)


def check_source_rates(ctx: CheckContext) -> Iterator[Finding]:
    """The 执行率 a 其中 row prints (本年财政拨款…) against its own 全年执行数/全年预算数, at the printed precision.

    '86.19%' printed for 86.18% is a defect: a rate is the division of the row's own figures.
    """
    if zero_total_row(ctx) or funding_doubt(ctx, "actual", "adjusted"):
        return
    for i, src in enumerate(ctx.project.funding.sources):
        stated, computed = src.stated_rate, src.amounts.execution_rate
        if stated is None or computed is None:
            continue
        at_precision = computed.quantize(Decimal(1).scaleb(-digits(stated)), rounding=ROUND_HALF_UP)
        if at_precision == stated or (stated == 100 and computed >= 100):
            continue
        a = src.amounts
        yield finding(ctx, "JX202", f"「{src.name}」一行填报执行率{fmt(stated)}%，按{fmt_money(a.actual)}/"
                      f"{fmt_money(a.adjusted)}计算为{fmt_rate(computed)}，应为{fmt(at_precision)}%",
                      f"the '{src.name}' row states {fmt(stated)}% but its figures give {fmt_rate(computed)}",
                      f"funding.sources[{i}].stated_rate", "按该行全年执行数/全年预算数重算执行率",
                      strs(source=src.name, stated=stated, computed=computed), severity=Severity.WARNING)


CHECKS = (check_stated_total, check_stated_grade, check_execution_rate, check_leaf_scores, check_rounded_scores,
          check_rate_without_percent, check_source_rates)
