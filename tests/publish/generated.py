"""Generated projects for the publishing tests: random facts, no hand-written example text.

The strategy builds a project from parts (targets bound to scored leaves, budget, problems)
so the report's prose can be checked against the facts it came from.
"""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import strategies as st

from jixiao.core.model import (
    Amounts,
    Comparator,
    Funding,
    FundingSource,
    Indicator,
    Narrative,
    Problem,
    Project,
    Record,
    Target,
    Tier,
)

CATEGORIES = {"产出": "数量", "效益": "社会效益", "满意度": "服务对象满意度", "成本": "经济成本"}
WORDS = st.text(alphabet="甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉", min_size=2, max_size=12)


@st.composite
def target(draw: st.DrawFn, index: int, published: bool) -> Target:
    category = draw(st.sampled_from(sorted(CATEGORIES)))
    comparator = draw(st.sampled_from([Comparator.GE, Comparator.LE, Comparator.EQ, Comparator.QUALITATIVE]))
    name = f"指标{index}{draw(WORDS)}"
    reason = draw(st.one_of(st.just(""), WORDS.map(lambda w: f"{w}；{w}")))
    if comparator is Comparator.QUALITATIVE:
        return Target(f"t{index}", name, category, CATEGORIES[category], comparator, value_text="达到预期",
                      actual_text=draw(st.sampled_from(["达到预期", "基本达到"])), deviation_reason=reason)
    value = D(draw(st.integers(1, 5000)))
    has_actual = draw(st.booleans()) if published else True
    actual = D(draw(st.integers(0, 8000))) if has_actual else None
    return Target(f"t{index}", name, category, CATEGORIES[category], comparator, value=value, unit="个",
                  actual=actual, deviation_reason=reason)


@st.composite
def projects(draw: st.DrawFn, published: bool = True, min_targets: int = 1) -> Project:
    targets = [draw(target(i, published)) for i in range(1, draw(st.integers(min_targets, 8)) + 1)]
    weights = [D(100 // len(targets))] * len(targets)
    weights[-1] += D(100) - sum(weights)
    by_category: dict[str, list[Indicator]] = {}
    for t, w in zip(targets, weights, strict=True):
        tier = Tier.MET if t.comparator is Comparator.QUALITATIVE else None
        by_category.setdefault(t.category, []).append(Indicator(t.name, w, target=t.id, tier=tier))
    roots = tuple(Indicator(f"{c}指标", sum((x.weight or D(0) for x in leaves), D(0)),
                            children=(Indicator(f"{CATEGORIES[c]}指标", None, children=tuple(leaves)),))
                  for c, leaves in by_category.items())
    initial = D(draw(st.integers(10, 99999))) / 100
    adjusted = initial + D(draw(st.integers(-500, 500))) / 100
    adjusted = adjusted if adjusted > 0 else initial
    actual = (adjusted * D(draw(st.integers(50, 100))) / 100).quantize(D("0.01"))
    sources = (FundingSource("当年财政拨款", Amounts(initial)),) if draw(st.booleans()) else ()
    problems = tuple(Problem(draw(WORDS), draw(WORDS)) for _ in range(draw(st.integers(min_targets // 4, 2))))
    narrative = Narrative(background=draw(st.one_of(st.just(""), WORDS)), goal=draw(WORDS),
                          achievement=draw(WORDS), problems=problems,
                          measures=tuple(draw(WORDS) for _ in problems), suggestions=(draw(WORDS),))
    return Project(f"生成{draw(WORDS)}项目", 2023, department=f"{draw(WORDS)}局",
                   record=Record.PUBLISHED if published else Record.DRAFT,
                   funding=Funding(total=Amounts(initial, adjusted, actual), sources=sources),
                   targets=tuple(targets), indicators=roots, narrative=narrative)
