"""The scoring table as a grid: merged levels, and long groups cut so a label is never a page away."""

from __future__ import annotations

from decimal import Decimal as D

from jixiao.core.model import Indicator, Project, Record
from jixiao.core.scoring import score_project
from jixiao.publish.tables import PAGE_MM, row_mm, score_grid


def long_group(leaves: int, explanation: str) -> Project:
    children = tuple(Indicator(f"三级{i}", D(2), explanation=explanation, score=D(2)) for i in range(leaves))
    root = Indicator("项目管理", D(2 * leaves), children=(Indicator("过程", D(2 * leaves), children=children),))
    rest = Indicator("项目产出", D(100 - 2 * leaves), children=(
        Indicator("产出数量", D(100 - 2 * leaves), children=(Indicator("完成率", D(100 - 2 * leaves),
                                                                       score=D(100 - 2 * leaves)),)),))
    return Project("测试", 2023, record=Record.PUBLISHED, indicators=(root, rest))


def test_a_group_taller_than_a_page_repeats_its_label():
    explanation = "指标解释文字" * 10            # 60 characters: 4 lines in the 指标解释 column
    card = score_project(long_group(30, explanation))
    grid = score_grid(card)
    first_col = [row[0].text for row in grid.body if row[0] is not None]
    per_run = int(PAGE_MM // row_mm("三级0", explanation))          # rows that fit one run
    runs = -(-30 // per_run)
    assert first_col[:runs] == ["项目管理"] + ["项目管理（续）"] * (runs - 1)
    spans = [row[0].rowspan for row in grid.body if row[0] is not None][:runs]
    assert max(spans) * row_mm("三级0", explanation) <= PAGE_MM and sum(spans) == 30
    # 分值 printed once per node, so each 分值 column still adds up to 100
    weights = [D(row[1].text) for row in grid.body if row[1] is not None and row[1].text]
    assert sum(weights) == 100
    assert grid.groups[:runs] == [sum(spans[:i]) for i in range(runs)]   # each run starts a kept group


def test_short_groups_are_not_cut():
    card = score_project(long_group(5, "短"))
    first_col = [row[0].text for row in score_grid(card).body if row[0] is not None]
    assert first_col == ["项目管理", "项目产出"]
