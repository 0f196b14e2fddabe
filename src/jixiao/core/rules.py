"""Scoring rules: small pure functions from a leaf's inputs to a score and its explanation.

Every rule returns a ``RuleResult`` whose explanation is the arithmetic a reviewer would
write in the margin (「实际8676/目标8755=99.10%，15×99.10%=14.86」). Problems with the
inputs (a judged score outside its tier band, a deduction with no reason) come back as
findings, never exceptions; the caller decides how severe they are.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from .findings import Finding
from .model import Funding, Indicator, RuleKind, Target, Tier, positional_constructor
from .money import HUNDRED, TWO, fmt, fmt_rate, q2
from .registry import issue

ZERO = Decimal(0)


class Status(StrEnum):
    SCORED = "scored"                  # computed by the rule
    STATED = "stated"                  # the rule lacked data; the document's printed score is used
    INSUFFICIENT = "insufficient-data" # no score can be given: data missing (not a low score)
    NOT_APPLICABLE = "not-applicable"  # excluded; weights rescaled when the policy says so


@dataclass(frozen=True, slots=True)
class RuleContext:
    target: Target | None
    funding: Funding
    inverse_method: str = "ratio"   # "ratio" (target/actual) or "linear" (to 0 at 2× target)


@dataclass(frozen=True, slots=True)
class RuleResult:
    score: Decimal | None
    explanation: str
    status: Status = Status.SCORED
    findings: tuple[Finding, ...] = ()


_new_result = positional_constructor(RuleResult)   # (score, explanation, status, findings)
_SCORED = Status.SCORED


def _w(weight: Decimal) -> str:
    return fmt(weight)


def _insufficient(why: str) -> RuleResult:
    return RuleResult(None, f"数据不足：{why}", Status.INSUFFICIENT)


def _ratio_pct(a: Decimal, b: Decimal) -> Decimal:
    return q2(a * HUNDRED / b)


def _target_figures(ctx: RuleContext) -> tuple[Decimal, Decimal] | RuleResult:
    t = ctx.target
    if t is None:
        return _insufficient("未关联绩效目标")
    if t.value is None:
        return _insufficient(f"目标「{t.name}」没有数值指标值")
    if t.actual is None:
        return _insufficient(f"目标「{t.name}」没有填报实际完成值")
    return t.value, t.actual


def score_ratio(weight: Decimal, leaf: Indicator, ctx: RuleContext) -> RuleResult:
    """正向: full marks when the target is met, else weight × actual / target."""
    t = ctx.target
    if t is None or t.value is None or t.actual is None:
        return _target_figures(ctx)   # type: ignore[return-value]  # the insufficient-data result
    target, actual = t.value, t.actual
    if target <= 0:
        return RuleResult(weight, f"目标值为{fmt(target)}，实际{fmt(actual)}，视为达成，得满分{_w(weight)}")
    return _proportional(weight, actual, target, f"实际{fmt(actual)}/目标{fmt(target)}", "已达成，")


def _proportional(weight: Decimal, part: Decimal, whole: Decimal, ratio_text: str, met: str = "") -> RuleResult:
    """weight × part / whole (whole > 0), full marks once part reaches whole; shows the arithmetic."""
    # q2 and fmt_rate/fmt(…, 2) inlined: str() of a value rounded to 2 places is its fixed-point text
    rate_text = str((part * HUNDRED / whole).quantize(TWO, ROUND_HALF_UP)) + "%"
    if part >= whole:
        return _new_result(weight, f"{ratio_text}={rate_text}，{met}得满分{fmt(weight)}", _SCORED, ())
    score = (weight * max(part, ZERO) / whole).quantize(TWO, ROUND_HALF_UP)
    return _new_result(score, f"{ratio_text}={rate_text}，{fmt(weight)}×{rate_text}={score!s}", _SCORED, ())


def score_inverse(weight: Decimal, leaf: Indicator, ctx: RuleContext) -> RuleResult:
    """反向 (costs, time limits, error rates): full when actual ≤ target.

    Default weight × target / actual; option ``linear``: full at the target, falling
    linearly to 0 at twice the target.
    """
    figures = _target_figures(ctx)
    if isinstance(figures, RuleResult):
        return figures
    target, actual = figures
    if actual <= target:
        return _new_result(weight, f"实际{fmt(actual)}≤目标{fmt(target)}，已达成，得满分{fmt(weight)}", _SCORED, ())
    if target <= 0:
        return RuleResult(ZERO, f"目标值为{fmt(target)}，实际{fmt(actual)}超出目标，得0分")
    method = str(leaf.rule.params.get("method", ctx.inverse_method)) if leaf.rule else ctx.inverse_method
    if method == "linear":
        if actual >= 2 * target:
            return RuleResult(ZERO, f"实际{fmt(actual)}≥目标{fmt(target)}的2倍，得0分")
        over = _ratio_pct(actual - target, target)
        score = q2(weight * (1 - (actual - target) / target))
        return RuleResult(score, f"实际{fmt(actual)}超出目标{fmt(target)} {fmt_rate(over)}，{_w(weight)}×(1−{fmt_rate(over)})={fmt(score, 2)}")
    rate_text = str(_ratio_pct(target, actual)) + "%"   # str() of a 2-place value: what fmt_rate prints
    score = q2(weight * target / actual)
    return _new_result(score, f"目标{fmt(target)}/实际{fmt(actual)}={rate_text}，{fmt(weight)}×{rate_text}={score!s}",
                       _SCORED, ())


def score_equal(weight: Decimal, leaf: Indicator, ctx: RuleContext) -> RuleResult:
    """等于: a zero target is met only by zero (e.g. 安全事故 0 起); otherwise as 正向."""
    figures = _target_figures(ctx)
    if isinstance(figures, RuleResult):
        return figures
    target, actual = figures
    if target == 0:
        if actual <= 0:
            return RuleResult(weight, f"目标为0，实际{fmt(actual)}，已达成，得满分{_w(weight)}")
        return RuleResult(ZERO, f"目标为0，实际{fmt(actual)}，未达成，得0分")
    return score_ratio(weight, leaf, ctx)


def score_range(weight: Decimal, leaf: Indicator, ctx: RuleContext) -> RuleResult:
    """区间: full inside [value, upper]; below scores as 正向 on the lower bound, above as 反向 on the upper."""
    t = ctx.target
    if t is None or t.upper is None:
        return score_ratio(weight, leaf, ctx)
    figures = _target_figures(ctx)
    if isinstance(figures, RuleResult):
        return figures
    low, actual = figures
    if low <= actual <= t.upper:
        return RuleResult(weight, f"实际{fmt(actual)}在区间[{fmt(low)}, {fmt(t.upper)}]内，得满分{_w(weight)}")
    if actual < low:
        return score_ratio(weight, leaf, ctx)
    upper_ctx = RuleContext(Target(t.id, t.name, value=t.upper, actual=actual), ctx.funding, ctx.inverse_method)
    return score_inverse(weight, leaf, upper_ctx)


def score_completion(weight: Decimal, leaf: Indicator, ctx: RuleContext) -> RuleResult:
    """完成率: completed / planned × weight, capped at the weight."""
    done, planned = leaf.completed, leaf.planned
    if (done is None or planned is None) and ctx.target is not None:
        done, planned = ctx.target.actual, ctx.target.value
    if done is None or planned is None:
        return _insufficient("缺少完成数或计划数")
    if planned <= 0:
        return _insufficient("计划数为0，无法计算完成率")
    return _proportional(weight, done, planned, f"完成{fmt(done)}/计划{fmt(planned)}")


def score_execution_rate(weight: Decimal, leaf: Indicator, ctx: RuleContext) -> RuleResult:
    """预算执行率 = 全年执行数 / 全年预算数; score = weight × rate, capped at the weight."""
    total = ctx.funding.total
    if total.actual is None or total.adjusted is None:
        return _insufficient("缺少全年预算数或全年执行数")
    if total.adjusted == 0:
        return _insufficient("全年预算数为0，无法计算执行率")
    return _proportional(weight, total.actual, total.adjusted,
                         f"全年执行{fmt(total.actual, 2)}/全年预算{fmt(total.adjusted, 2)}")


TIER_BANDS: Mapping[Tier, tuple[Decimal, Decimal, bool]] = {
    # (lower share, upper share, upper bound inclusive)
    Tier.MET: (Decimal("0.8"), Decimal(1), True),
    Tier.PARTIAL: (Decimal("0.6"), Decimal("0.8"), False),
    Tier.UNMET: (ZERO, Decimal("0.6"), False),
}


def tier_bounds(tier: Tier, weight: Decimal) -> tuple[Decimal, Decimal, bool]:
    low, high, inclusive = TIER_BANDS[tier]
    return q2(low * weight), q2(high * weight), inclusive


def in_tier(tier: Tier, weight: Decimal, score: Decimal) -> bool:
    low, high, inclusive = tier_bounds(tier, weight)
    return low <= score <= high if inclusive else low <= score < high


def score_tiers(weight: Decimal, leaf: Indicator, ctx: RuleContext) -> RuleResult:
    """定性三档: 达成 80–100%, 部分达成 60–80%, 未达成 0–60% of the weight.

    A 达成 leaf without a judged score gets full marks; the other tiers need a judged score.
    """
    if leaf.tier is None:
        if leaf.score is not None:
            return _judged(weight, leaf)
        return _insufficient("定性指标未选择档位（达成/部分达成/未达成）")
    low, high, inclusive = tier_bounds(leaf.tier, weight)
    band = f"[{fmt(low)}, {fmt(high)}{']' if inclusive else ')'}"
    if leaf.score is None:
        if leaf.tier is Tier.MET:
            return RuleResult(weight, f"定性：{leaf.tier.value}，得满分{_w(weight)}")
        return _insufficient(f"定性档位为「{leaf.tier.value}」，须在{band}内评定得分")
    findings: list[Finding] = []
    if not in_tier(leaf.tier, weight, leaf.score):
        findings.append(issue("JX302", f"定性档位「{leaf.tier.value}」的得分应在{band}内，实际评分{fmt(leaf.score)}",
            f"a '{leaf.tier.value}' tier score must lie in {band}; got {fmt(leaf.score)}",
            hint="调整得分或档位，使二者一致", data={"tier": leaf.tier.value, "score": str(leaf.score),
                                               "low": str(low), "high": str(high)}))
    result = _judged(weight, leaf)
    return RuleResult(result.score, f"定性：{leaf.tier.value}，区间{band}，评分{fmt(leaf.score)}",
                      result.status, tuple(findings) + result.findings)


def score_deductions(weight: Decimal, leaf: Indicator, ctx: RuleContext) -> RuleResult:
    """扣分制: weight minus the listed deductions, never below 0; each deduction needs its reason."""
    if not leaf.deductions:
        if leaf.score is not None:
            return _judged(weight, leaf)
        return _insufficient("未填写扣分事项；无扣分时请将得分填为满分")
    total = sum((d.points for d in leaf.deductions), ZERO)
    score = q2(max(weight - total, ZERO))
    parts = "；".join(f"{d.reason or '（未说明原因）'}扣{fmt(d.points)}分" for d in leaf.deductions)
    findings = tuple(
        _no_reason(weight, weight - d.points, f"扣分项{i + 1}") for i, d in enumerate(leaf.deductions)
        if not d.reason.strip())
    return RuleResult(score, f"{parts}，{_w(weight)}−{fmt(total)}={fmt(score, 2)}", Status.SCORED, findings)


def score_yes_no(weight: Decimal, leaf: Indicator, ctx: RuleContext) -> RuleResult:
    if leaf.answer is None:
        if leaf.score is not None:
            return _judged(weight, leaf)
        return _insufficient("是/否指标未作答")
    if leaf.answer:
        return RuleResult(weight, f"是，得满分{_w(weight)}")
    findings = () if leaf.reason.strip() else (_no_reason(weight, ZERO, "否"),)
    return RuleResult(ZERO, f"否，得0分{('（' + leaf.reason + '）') if leaf.reason else ''}", Status.SCORED, findings)


def _no_reason(weight: Decimal, score: Decimal, what: str) -> Finding:
    lost = weight - score
    return issue("JX301", f"扣{fmt(lost)}分（{what}：{fmt(score)}/{fmt(weight)}）但未说明扣分原因",
        f"{fmt(lost)} point(s) deducted ({fmt(score)} of {fmt(weight)}) with no reason given",
        hint="在“扣分原因/偏差原因分析及改进措施”中写明扣分依据",
        data={"weight": fmt(weight), "score": fmt(score), "lost": fmt(lost)})


def _judged(weight: Decimal, leaf: Indicator) -> RuleResult:
    """A manual score: must lie in [0, weight]; below full marks it needs a reason."""
    if leaf.score is None:
        return _insufficient("尚未评分")
    score = q2(leaf.score)
    findings: list[Finding] = []
    if score > weight or score < 0:
        findings.append(issue("JX102", f"得分{fmt(score)}超出分值范围[0, {fmt(weight)}]",
            f"score {fmt(score)} is outside [0, {fmt(weight)}]",
            hint="得分不得高于分值或低于0", data={"weight": fmt(weight), "score": fmt(score)}))
    elif score < weight and not leaf.reason.strip():
        findings.append(_no_reason(weight, score, "评分"))
    why = f"（{leaf.reason}）" if leaf.reason.strip() and score < weight else ""
    text = f"评分{fmt(score)}/{_w(weight)}{why}" if score < weight else f"评分{fmt(score)}，满分"
    return RuleResult(score, text, Status.SCORED, tuple(findings))


def score_judged(weight: Decimal, leaf: Indicator, ctx: RuleContext) -> RuleResult:
    return _judged(weight, leaf)


RuleFunction = Callable[[Decimal, Indicator, RuleContext], RuleResult]

RULES: Mapping[RuleKind, RuleFunction] = {
    RuleKind.RATIO: score_ratio,
    RuleKind.INVERSE: score_inverse,
    RuleKind.EQUAL: score_equal,
    RuleKind.RANGE: score_range,
    RuleKind.COMPLETION: score_completion,
    RuleKind.EXECUTION_RATE: score_execution_rate,
    RuleKind.TIERS: score_tiers,
    RuleKind.DEDUCTIONS: score_deductions,
    RuleKind.YES_NO: score_yes_no,
    RuleKind.JUDGED: score_judged,
}

RULE_TITLES: Mapping[RuleKind, str] = {
    RuleKind.RATIO: "正向定量（实际/目标×分值）",
    RuleKind.INVERSE: "反向定量（目标/实际×分值，可选线性）",
    RuleKind.EQUAL: "等于目标值",
    RuleKind.RANGE: "区间（在区间内得满分）",
    RuleKind.COMPLETION: "完成率（完成数/计划数×分值）",
    RuleKind.EXECUTION_RATE: "预算执行率（全年执行数/全年预算数×分值）",
    RuleKind.TIERS: "定性三档（达成/部分达成/未达成）",
    RuleKind.DEDUCTIONS: "扣分制",
    RuleKind.YES_NO: "是/否",
    RuleKind.JUDGED: "人工评分（扣分须说明原因）",
}
