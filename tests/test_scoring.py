"""Scoring whole projects: the seed example, framework merging, rescaling, caps, properties."""

from decimal import Decimal as D
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.framework import ExecutionCap, Framework, Policy, apply_framework
from jixiao.core.model import Amounts, Funding, Indicator, Project
from jixiao.core.rules import Status
from jixiao.core.scoring import score_project
from jixiao.io.frameworks import resolve_framework
from jixiao.io.loading import load_path
from jixiao.pipeline import score
from testdata import EXAMPLES, PINGSHAN


def _load(path: Path) -> Project:
    result = load_path(path)
    assert not result.findings, result.findings
    return result.projects[0]


def test_pingshan_scores_like_the_published_table() -> None:
    scored = score(_load(PINGSHAN))
    assert scored.ok
    card = scored.card
    assert card is not None
    assert card.total == D(98) and card.grade == "优"
    assert [r.score for r in card.roots] == [D(14), D(35), D(25), D(24)]
    assert [r.weight for r in card.roots] == [D(15), D(35), D(25), D(25)]
    assert len(list(card.leaves())) == 16
    assert card.execution_rate == D("99.80")
    assert card.procurement_execution_rate == D("100.00")


def test_pingshan_published_record_keeps_its_defect_as_a_finding() -> None:
    card = score(_load(PINGSHAN)).card
    assert card is not None
    missing = [f for f in card.findings if f.slug == "deduction-without-reason"]
    # only the satisfaction leaf lacks its reason; 绩效目标明确性 gives one
    assert [f.path.rsplit("/", 1)[-1] for f in missing] == ["社会公众或服务对象对项目实施效果的满意程度"]


def test_selfeval_example_is_scored_automatically() -> None:
    card = score(_load(EXAMPLES / "shequ-2023-yanglao-selfeval.yaml")).card
    assert card is not None
    # 9.51 + 14.25 + 10 + 10 + 5 + 9.38 + 11 + 15 + 10, each rule checked in test_rules
    assert card.total == D("94.14") and card.grade == "优"
    leaf = card.node("indicators/产出指标/成本指标/每人次平均服务成本")
    assert leaf is not None and leaf.score == D("9.38") and "目标300/实际320" in leaf.explanation
    assert card.node("indicators/预算执行率").score == D("9.51")  # type: ignore[union-attr]
    # unused open categories (经济效益, 生态效益) do not appear
    assert card.node("indicators/效益指标/经济效益指标") is None


def test_total_sums_rounded_leaves() -> None:
    leaves = tuple(Indicator(f"l{i}", D(1), score=D("0.333"), reason="r") for i in range(3))
    card = score_project(Project("p", indicators=(Indicator("一级", D(3), children=leaves),)),
                         Framework("t", policy=Policy(weight_total=D(3))))
    assert card.roots[0].score == D("0.99")  # 3 × 0.33, not round(0.999)
    assert card.total == D("0.99")


def test_not_applicable_indicators_rescale_to_100() -> None:
    nodes = (Indicator("A", D(50), score=D(40), reason="r"), Indicator("B", D(50), applicable=False))
    card = score_project(Project("p", indicators=nodes))
    assert card.total == D(80)  # 40 of the 50 applicable points -> 80 of 100
    assert card.roots[1].status is Status.NOT_APPLICABLE
    assert any("折算" in n for n in card.notes)
    off = Framework("f", policy=Policy(rescale_not_applicable=False))
    assert score_project(Project("p", indicators=nodes), off).total == D(40)


def test_insufficient_data_is_reported_apart_from_low_scores() -> None:
    nodes = (Indicator("A", D(50), score=D(50)), Indicator("B", D(50)))
    card = score_project(Project("p", indicators=nodes))
    assert not card.complete
    assert card.total == D(50)
    assert any(f.slug == "insufficient-data" for f in card.findings)


def test_execution_cap_applies_only_when_the_policy_says_so() -> None:
    funding = Funding(total=Amounts(D(100), D(100), D(65)))
    nodes = (Indicator("A", D(100), score=D(95)),)
    project = Project("p", funding=funding, indicators=nodes)
    assert score_project(project).total == D(95)
    caps = (ExecutionCap(D(80), D(89)), ExecutionCap(D(70), D(79)), ExecutionCap(D(60), D(69)),
            ExecutionCap(D(50), D(59)))
    capped = score_project(project, Framework("c", policy=Policy(execution_caps=caps)))
    assert capped.total == D(79) and capped.grade == "中"
    assert any("封顶79" in n for n in capped.notes)


def test_capped_preset_is_shipped() -> None:
    framework, findings = resolve_framework("mof-2020-selfeval-capped")
    assert not findings and framework is not None
    assert [c.cap for c in framework.policy.execution_caps] == [D(89), D(79), D(69), D(59)]
    plain, _ = resolve_framework("mof-2020-selfeval")
    assert plain is not None and plain.policy.execution_caps == ()


def test_weights_mismatch_is_found_with_the_difference() -> None:
    nodes = (Indicator("A", D(60), children=(Indicator("a1", D(30), score=D(30)),
                                             Indicator("a2", D(25), score=D(25)))),
             Indicator("B", D(45), score=D(45)))
    card = score_project(Project("p", indicators=nodes))
    problems = [f for f in card.findings if f.slug == "weights-mismatch"]
    by_path = {f.path: f for f in problems}
    assert set(by_path) == {"indicators", "indicators/A"}  # 60+45 ≠ 100, and 30+25 ≠ 60
    assert by_path["indicators/A"].data["difference"] == "-5"
    assert by_path["indicators"].data["difference"] == "5"


def test_framework_wins_only_when_explicit() -> None:
    project_nodes = (Indicator("A", D(70), score=D(60), reason="r"), Indicator("B", D(30), score=D(30)))
    fw_nodes = (Indicator("A", D(50)), Indicator("B", D(50)))
    merged, _ = apply_framework(project_nodes, fw_nodes, framework_wins=True)
    assert [n.weight for n in merged] == [D(50), D(50)]
    kept, _ = apply_framework(project_nodes, fw_nodes, framework_wins=False)
    assert [n.weight for n in kept] == [D(70), D(30)]


def test_unknown_project_nodes_are_kept_with_a_warning() -> None:
    merged, findings = apply_framework((Indicator("Z", D(5), score=D(5)),), (Indicator("A", D(5)),), True)
    assert [n.name for n in merged] == ["A", "Z"]
    assert findings[0].slug == "not-in-framework"


weights = st.integers(min_value=1, max_value=30).map(D)


@st.composite
def trees(draw: st.DrawFn) -> tuple[Indicator, ...]:
    roots = []
    for i in range(draw(st.integers(1, 4))):
        leaves = []
        for j in range(draw(st.integers(1, 4))):
            w = draw(weights)
            s = draw(st.decimals(min_value=0, max_value=w, places=3))
            leaves.append(Indicator(f"l{i}.{j}", w, score=s, reason="r"))
        roots.append(Indicator(f"r{i}", sum((x.weight for x in leaves), D(0)), children=tuple(leaves)))
    return tuple(roots)


@settings(max_examples=150, deadline=None)
@given(trees())
def test_properties_leaves_in_range_and_total_is_sum(nodes: tuple[Indicator, ...]) -> None:
    total_weight = sum((n.weight for n in nodes), D(0))
    card = score_project(Project("p", indicators=nodes), Framework("t", policy=Policy(weight_total=total_weight)))
    leaves = list(card.leaves())
    for leaf in leaves:
        assert leaf.score is not None and D(0) <= leaf.score <= leaf.weight
        assert leaf.score == leaf.score.quantize(D("0.01"))
    assert card.total == sum((leaf.score for leaf in leaves), D(0))  # type: ignore[misc]
    assert not [f for f in card.findings if f.slug == "weights-mismatch"]


def test_unused_open_categories_are_not_scored() -> None:
    """A project made from the whole mof-2020-selfeval tree leaves 经济/生态… empty: no missing weights."""
    framework, _ = resolve_framework("mof-2020-selfeval")
    assert framework is not None
    outputs = framework.indicators[1]
    quantity = Indicator("数量指标", children=(Indicator("场次", D(50), score=D(50)),))
    tree = (framework.indicators[0], outputs.__class__(outputs.name, outputs.weight,
                                                       children=(quantity, *outputs.children[1:])),
            *framework.indicators[2:])
    card = score_project(Project("p", indicators=tree), framework)
    assert not [f for f in card.findings if f.slug in {"weight-missing", "weights-mismatch"}]
    assert card.node("indicators/效益指标/生态效益指标") is None
    assert card.node("indicators/产出指标/数量指标/场次").score == D(50)  # type: ignore[union-attr]
