"""Indicator paths never split a name that holds the separator (人/次, 万元/人)."""

from __future__ import annotations

from decimal import Decimal

from jixiao.core.model import Comparator, Indicator, Project, Target, normalise_name
from jixiao.core.paths import child, segment
from jixiao.pipeline import score


def test_segment_keeps_a_slash_name_whole() -> None:
    assert child("indicators/产出指标", "人均成本（元/人次）") == "indicators/产出指标/人均成本（元／人次）"
    assert segment("a/b/c").count("/") == 0
    assert normalise_name(segment("万元/人")) == normalise_name("万元/人")


def test_scored_path_has_one_level_per_node() -> None:
    leaf = Indicator("人均成本（元/人次）", weight=Decimal(10), target="c")
    project = Project(name="p", targets=(Target("c", "人均成本", comparator=Comparator.LE, value=Decimal(300),
                                                actual=Decimal(320)),),
                      indicators=(Indicator("产出指标", children=(Indicator("成本指标", children=(leaf,)),)),))
    card = score(project).card
    assert card is not None
    node = next(n for n in card.leaves() if n.name == leaf.name)
    assert node.path.split("/") == ["indicators", "产出指标", "成本指标", "人均成本（元／人次）"]
    assert node.score == Decimal("9.38")          # 300/320 × 10, one leaf, not a subtree
