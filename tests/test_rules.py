"""Each scoring rule on ordinary and edge inputs, with the explanation a reviewer reads."""

from decimal import Decimal as D

import pytest

from jixiao.core.model import (
    Amounts,
    Comparator,
    Deduction,
    Funding,
    Indicator,
    Rule,
    RuleKind,
    Target,
    Tier,
)
from jixiao.core.rules import (
    RuleContext,
    Status,
    in_tier,
    score_completion,
    score_deductions,
    score_equal,
    score_execution_rate,
    score_inverse,
    score_judged,
    score_range,
    score_ratio,
    score_tiers,
    score_yes_no,
)

LEAF = Indicator("指标", D(15))
NO_FUNDING = Funding()


def ctx(value: str | None, actual: str | None, comparator: Comparator = Comparator.GE,
        method: str = "ratio") -> RuleContext:
    target = Target("t", "目标", comparator=comparator, value=None if value is None else D(value),
                    actual=None if actual is None else D(actual))
    return RuleContext(target, NO_FUNDING, method)


def test_ratio_partial_matches_hand_arithmetic() -> None:
    # 稷山 2020: 参合人数 target 8755, actual 8676, weight 15
    r = score_ratio(D(15), LEAF, ctx("8755", "8676"))
    assert r.score == D("14.86")
    assert r.explanation == "实际8676/目标8755=99.10%，15×99.10%=14.86"


def test_ratio_met_and_over_achieved_get_full_marks() -> None:
    assert score_ratio(D(15), LEAF, ctx("100", "100")).score == D(15)
    assert score_ratio(D(15), LEAF, ctx("100", "180")).score == D(15)


@pytest.mark.parametrize(("value", "actual", "score"), [("0", "0", D(15)), ("0", "5", D(15)), ("10", "0", D(0))])
def test_ratio_zero_edges(value: str, actual: str, score: D) -> None:
    assert score_ratio(D(15), LEAF, ctx(value, actual)).score == score


def test_ratio_negative_actual_scores_zero_not_negative() -> None:
    assert score_ratio(D(10), LEAF, ctx("10", "-3")).score == D(0)


def test_missing_actual_is_insufficient_not_zero() -> None:
    r = score_ratio(D(15), LEAF, ctx("100", None))
    assert r.score is None and r.status is Status.INSUFFICIENT
    assert "实际完成值" in r.explanation
    assert score_ratio(D(15), LEAF, RuleContext(None, NO_FUNDING)).status is Status.INSUFFICIENT


def test_inverse_ratio_default() -> None:
    r = score_inverse(D(10), LEAF, ctx("300", "320", Comparator.LE))
    assert r.score == D("9.38")  # 10 × 300/320 = 9.375 -> half up
    assert score_inverse(D(10), LEAF, ctx("300", "280", Comparator.LE)).score == D(10)
    assert score_inverse(D(10), LEAF, ctx("300", "0", Comparator.LE)).score == D(10)


def test_inverse_linear_option_reaches_zero_at_twice_target() -> None:
    assert score_inverse(D(10), LEAF, ctx("300", "450", Comparator.LE, "linear")).score == D(5)
    assert score_inverse(D(10), LEAF, ctx("300", "600", Comparator.LE, "linear")).score == D(0)
    assert score_inverse(D(10), LEAF, ctx("300", "900", Comparator.LE, "linear")).score == D(0)
    # beyond 2x the ratio method still gives a positive score: the two methods differ on purpose
    assert score_inverse(D(10), LEAF, ctx("300", "900", Comparator.LE)).score == D("3.33")


def test_inverse_method_can_be_set_on_the_leaf() -> None:
    leaf = Indicator("成本", D(10), rule=Rule(RuleKind.INVERSE, {"method": "linear"}))
    assert score_inverse(D(10), leaf, ctx("100", "150", Comparator.LE)).score == D(5)


def test_inverse_zero_target_exceeded_scores_zero() -> None:
    assert score_inverse(D(10), LEAF, ctx("0", "1", Comparator.LE)).score == D(0)


def test_equal_zero_target() -> None:
    assert score_equal(D(5), LEAF, ctx("0", "0", Comparator.EQ)).score == D(5)
    assert score_equal(D(5), LEAF, ctx("0", "1", Comparator.EQ)).score == D(0)
    assert score_equal(D(5), LEAF, ctx("4", "3", Comparator.EQ)).score == D("3.75")


def test_completion() -> None:
    leaf = Indicator("完成率", D(10), completed=D(9), planned=D(12))
    r = score_completion(D(10), leaf, ctx(None, None))
    assert r.score == D("7.50") and "75.00%" in r.explanation
    assert score_completion(D(10), Indicator("x", D(10), completed=D(13), planned=D(12)),
                            ctx(None, None)).score == D(10)
    assert score_completion(D(10), Indicator("x", D(10), completed=D(1), planned=D(0)),
                            ctx(None, None)).status is Status.INSUFFICIENT


def test_execution_rate_seed_and_caps() -> None:
    funding = Funding(total=Amounts(D("1423.71"), D("1375.72"), D("1372.97")))
    r = score_execution_rate(D(10), LEAF, RuleContext(None, funding))
    assert r.score == D("9.98")
    assert "99.80%" in r.explanation
    over = Funding(total=Amounts(None, D(100), D(120)))
    assert score_execution_rate(D(10), LEAF, RuleContext(None, over)).score == D(10)
    zero = Funding(total=Amounts(None, D(0), D(0)))
    assert score_execution_rate(D(10), LEAF, RuleContext(None, zero)).status is Status.INSUFFICIENT


@pytest.mark.parametrize(("tier", "score", "ok"), [
    (Tier.MET, "8", True), (Tier.MET, "10", True), (Tier.MET, "7.99", False),
    (Tier.PARTIAL, "6", True), (Tier.PARTIAL, "7.99", True), (Tier.PARTIAL, "8", False),
    (Tier.UNMET, "0", True), (Tier.UNMET, "5.99", True), (Tier.UNMET, "6", False),
])
def test_tier_bands_edges(tier: Tier, score: str, ok: bool) -> None:
    assert in_tier(tier, D(10), D(score)) is ok
    leaf = Indicator("定性", D(10), tier=tier, score=D(score), reason="原因")
    codes = [f.slug for f in score_tiers(D(10), leaf, ctx(None, None)).findings]
    assert ("tier-band-violation" in codes) is (not ok)


def test_tier_met_without_score_is_full_but_partial_needs_a_score() -> None:
    assert score_tiers(D(10), Indicator("x", D(10), tier=Tier.MET), ctx(None, None)).score == D(10)
    r = score_tiers(D(10), Indicator("x", D(10), tier=Tier.PARTIAL), ctx(None, None))
    assert r.status is Status.INSUFFICIENT


def test_deductions() -> None:
    leaf = Indicator("合规", D(5), deductions=(Deduction(D(1), "一笔支出未附审批单"), Deduction(D("0.5"))))
    r = score_deductions(D(5), leaf, ctx(None, None))
    assert r.score == D("3.50")
    assert [f.slug for f in r.findings] == ["deduction-without-reason"]
    floor = Indicator("合规", D(2), deductions=(Deduction(D(5), "严重"),))
    assert score_deductions(D(2), floor, ctx(None, None)).score == D(0)


def test_yes_no() -> None:
    assert score_yes_no(D(3), Indicator("x", D(3), answer=True), ctx(None, None)).score == D(3)
    no = score_yes_no(D(3), Indicator("x", D(3), answer=False), ctx(None, None))
    assert no.score == D(0) and no.findings[0].slug == "deduction-without-reason"
    assert score_yes_no(D(3), Indicator("x", D(3)), ctx(None, None)).status is Status.INSUFFICIENT


def test_judged_requires_reason_below_full_and_stays_in_range() -> None:
    assert score_judged(D(5), Indicator("x", D(5), score=D(4), reason="目标未量化"), ctx(None, None)).findings == ()
    missing = score_judged(D(5), Indicator("x", D(5), score=D(4)), ctx(None, None))
    assert missing.findings[0].slug == "deduction-without-reason"
    assert missing.findings[0].data["lost"] == "1"
    over = score_judged(D(5), Indicator("x", D(5), score=D(6)), ctx(None, None))
    assert over.findings[0].slug == "score-exceeds-weight"
    neg = score_judged(D(5), Indicator("x", D(5), score=D(-1)), ctx(None, None))
    assert neg.findings[0].slug == "score-exceeds-weight"


def test_range_target() -> None:
    def rng(actual: str) -> RuleContext:
        t = Target("t", "温度", comparator=Comparator.RANGE, value=D(18), upper=D(26), actual=D(actual))
        return RuleContext(t, NO_FUNDING)
    assert score_range(D(10), LEAF, rng("20")).score == D(10)
    assert score_range(D(10), LEAF, rng("26")).score == D(10)
    assert score_range(D(10), LEAF, rng("9")).score == D(5)      # 9/18 of the lower bound
    assert score_range(D(10), LEAF, rng("52")).score == D(5)     # 26/52 above the upper bound
