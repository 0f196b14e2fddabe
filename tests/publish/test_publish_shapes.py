"""Unusual shapes still publish: an empty project, a leaf at level 2, a four-level tree."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from docx import Document

from jixiao.core.model import Amounts, Funding, Indicator, Project
from jixiao.core.scoring import score_project
from jixiao.publish import render
from jixiao.publish.tables import score_grid

D = Decimal


def leaf(name: str, weight: int, score: int, reason: str = "") -> Indicator:
    return Indicator(name, weight=D(weight), score=D(score), reason=reason)


ODD = Project(
    name="测试项目", year=2024, department="测试局",
    funding=Funding(total=Amounts(D("10"), D("8"), D("8"))),
    indicators=(
        Indicator("甲", weight=D(60), children=(
            leaf("甲一", 20, 20),                                    # a leaf at level 2
            Indicator("甲二", weight=D(40), children=(
                Indicator("甲二一", weight=D(40), children=(          # level 4 folds into the third column
                    leaf("甲二一一", 25, 20, "部分完成"), leaf("甲二一二", 15, 15))),)),
        )),
        leaf("乙", 40, 40),                                          # a leaf at level 1
    ),
)


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "html", "md"])
def test_empty_project_publishes(fmt):
    card = score_project(Project(name="空项目"))
    data = render(card.project, card, fmt)
    if fmt == "md":   # nothing to report: the title, the cover and the 落款, no empty sections, no 0分
        text = data.decode()
        assert text.startswith("# 空项目项目支出绩效自评报告") and "日\n" in text and "0分" not in text
    else:
        assert len(data) > 500


def test_odd_tree_keeps_every_leaf_and_the_totals():
    card = score_project(ODD)
    assert card.total == D(95)
    grid = score_grid(card)
    assert len(grid.body) == 4
    names = [[c.text for c in row if c is not None] for row in grid.body]
    assert names[0][:6] == ["甲", "60", "甲一", "20", "甲一", "20"]
    assert names[1][:4] == ["甲二", "40", "甲二一一", "25"]   # 甲 already printed above; 甲二一 folded away
    assert names[3][:6] == ["乙", "40", "乙", "40", "乙", "40"]
    totals = [c.text for c in grid.foot[0] if c is not None]
    assert totals == ["合计", "100", "", "100", "", "100", "", "95"]


def test_odd_tree_in_docx_and_xlsx():
    card = score_project(ODD)
    doc = Document(io.BytesIO(render(card.project, card, "docx", charts=False)))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "一级指标")
    assert [c.text for c in table.rows[-1].cells][-1] == "95"
    wb = openpyxl.load_workbook(io.BytesIO(render(card.project, card, "xlsx")))
    ws = wb["评分表"]
    total_row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "合计")
    assert ws.cell(total_row, 8).value == f"=SUM(H5:H{total_row - 1})"   # 4 leaves above the total
    assert [ws.cell(total_row - 1, c).value for c in (1, 3, 5)] == ["乙", "乙", "乙"]
