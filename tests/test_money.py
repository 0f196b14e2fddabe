from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.core.money import fmt, fmt_money, fmt_rate, q2, rate, sum_or_none, to_decimal, yuan_to_wan


@pytest.mark.parametrize(("value", "expected"), [
    (D("2.675"), D("2.68")),     # binary float would give 2.67
    (D("0.125"), D("0.13")),     # banker's rounding would give 0.12
    (D("-0.125"), D("-0.13")),   # half away from zero
    (D("14.8646"), D("14.86")),
])
def test_q2_rounds_half_up(value: D, expected: D) -> None:
    assert q2(value) == expected


def test_seed_execution_rates() -> None:
    assert rate(D("1372.97"), D("1375.72")) == D("99.80")
    assert rate(D("430.89"), D("430.89")) == D("100.00")


def test_rate_refuses_missing_or_zero_base() -> None:
    assert rate(D(1), D(0)) is None
    assert rate(None, D(5)) is None
    assert rate(D(5), None) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("1423.71", D("1423.71")), ("1,423.71", D("1423.71")), (" 12 ", D(12)), ("-47.99", D("-47.99")),
    ("abc", None), ("", None), ("1.2.3", None), (".", None), (True, None), (1.5, None), (None, None),
])
def test_to_decimal(text: object, expected: D | None) -> None:
    assert to_decimal(text) == expected


def test_yuan_conversion_is_exact() -> None:
    assert yuan_to_wan(D("13729700")) == D("1372.97")
    assert yuan_to_wan(D("12345")) == D("1.2345")


def test_formatting() -> None:
    assert fmt(D("98.00")) == "98"
    assert fmt(D("14.860")) == "14.86"
    assert fmt(D("1E+2")) == "100"
    assert fmt_money(D("1375.7")) == "1375.70"
    assert fmt_rate(D("99.8")) == "99.80%"
    assert fmt(None) == "—"


@given(st.decimals(min_value=-10**9, max_value=10**9, allow_nan=False, places=4))
def test_q2_is_within_half_a_cent(value: D) -> None:
    assert abs(q2(value) - value) <= D("0.005")


def test_sum_or_none_refuses_a_blank() -> None:
    assert sum_or_none([D("8"), D("8.5")]) == D("16.5")
    assert sum_or_none([]) == D(0)
    assert sum_or_none([D(1), None, D(2)]) is None


@given(st.lists(st.decimals(allow_nan=False, allow_infinity=False, places=2)))
def test_sum_or_none_is_sum_from_zero(values: list[D]) -> None:
    assert sum_or_none(values) == sum(values, D(0))
