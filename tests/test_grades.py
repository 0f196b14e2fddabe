from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.core.grades import DEFAULT_BANDS, GradeBand, band_range, grade_for, normalise_grade


@pytest.mark.parametrize(("total", "grade"), [
    (D(100), "优"), (D(90), "优"), (D("89.995"), "良"), (D("89.99"), "良"), (D("89.5"), "良"),
    (D(80), "良"), (D("79.99"), "中"), (D(60), "中"), (D("59.99"), "差"), (D(0), "差"), (D(-1), "差"),
])
def test_default_bands_are_half_open(total: D, grade: str) -> None:
    assert grade_for(total) == grade


def test_custom_bands() -> None:
    bands = (GradeBand(D(85), "A"), GradeBand(D(0), "B"))
    assert grade_for(D("84.99"), bands) == "B"
    assert grade_for(D(85), bands) == "A"


def test_aliases_and_ranges() -> None:
    assert normalise_grade("优秀") == "优"
    assert normalise_grade(" 良好 ") == "良"
    assert normalise_grade(None) is None
    assert band_range("良") == (D(80), D(90))
    assert band_range("优") == (D(90), None)


ORDER = {b.label: i for i, b in enumerate(sorted(DEFAULT_BANDS, key=lambda b: b.minimum))}


@given(st.decimals(min_value=0, max_value=100, places=2), st.decimals(min_value=0, max_value=100, places=2))
def test_grade_is_monotonic_in_total(a: D, b: D) -> None:
    low, high = sorted((a, b))
    assert ORDER[grade_for(low)] <= ORDER[grade_for(high)]
