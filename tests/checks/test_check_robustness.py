"""No input makes a check crash: random prose through the text scanners, random figures through
every rule (a crash would surface as JX901)."""

from __future__ import annotations

from decimal import Decimal

from check_helpers import Amounts, Funding, Narrative, Stated, Target, check, leaf, project, tree
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.mentions import mentions, quantity
from jixiao.core.model import Comparator, Section, Unit

PROSE = st.text(alphabet=st.sampled_from(list("引进百亿级十亿万元以上项目个家次%，。；：、（）0123456789.执行率达到为分优良 \n")),
                max_size=200)
AMOUNT = st.none() | st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)


@given(PROSE)
@settings(max_examples=200, deadline=None)
def test_scanners_never_raise(text: str) -> None:
    for m in mentions(text):
        quantity(m.descriptor)


@given(prose=PROSE, initial=AMOUNT, adjusted=AMOUNT, actual=AMOUNT, value=AMOUNT, got=AMOUNT,
       score=st.decimals(min_value=-5, max_value=120, places=1, allow_nan=False, allow_infinity=False),
       stated=AMOUNT, comparator=st.sampled_from(list(Comparator)))
@settings(max_examples=150, deadline=None)
def test_rules_never_crash(prose: str, initial: Decimal | None, adjusted: Decimal | None, actual: Decimal | None,
                           value: Decimal | None, got: Decimal | None, score: Decimal, stated: Decimal | None,
                           comparator: Comparator) -> None:
    p = project(
        funding=Funding(total=Amounts(initial, adjusted, actual)),
        targets=(Target("t", "引进10亿元以上项目数", comparator=comparator, value=value, actual=got, unit="个"),),
        indicators=tree(leaf("指标", "100", str(score), target="t")),
        stated=Stated(total=stated, execution_rate=stated, grade="优"),
        narrative=Narrative(goal=prose, achievement=prose[::-1], sections=(Section("一", prose),)),
        units=(Unit("甲", prose), Unit("乙", prose)),
    )
    assert not [f for f in check(p, "strict") if f.code == "JX901"]
