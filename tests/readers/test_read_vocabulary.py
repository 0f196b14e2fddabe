"""The readers take their labels from the one vocabulary: column headings, header labels, the
unqualified-budget convention; and a note about something missing says where to look."""

from __future__ import annotations

from decimal import Decimal

from jixiao.core import vocabulary as v
from jixiao.readers import read_bytes


def test_column_headings_by_the_longest_heading() -> None:
    funds = v.headings(v.FUNDS_COLUMNS)
    roles = [role for role, _ in funds.finditer("年初预算数全年预算执行数计划支出数执 行 率得分")]
    assert roles == ["initial", "actual", "adjusted", "rate", "score"]
    scoring = v.headings(v.SCORING_COLUMNS)
    assert [r for r, _ in scoring.finditer("一级指标三级指标年度 指标值复核得分偏差原因分析及改进措施")] == [
        "l1", "l3", "value", "review", "reason"]


def test_the_convention_in_the_funds_columns() -> None:
    """Initial only with 年初/批复; every other budget heading is the whole-year budget."""
    assert all("年初" in w or "批复" in w for w in v.FUNDS_COLUMNS["initial"])
    assert not any("年初" in w for w in v.FUNDS_COLUMNS["adjusted"])
    text = ("项目名称\t仓储维修项目\n项目资金（万元）\t\t计划支出数\t实际支出数\t执行率\n"
            "\t年度资金总额\t200.00\t180.00\t90.00%\n")
    p = read_bytes(text.encode(), "t.txt").projects[0]
    assert p.funding.total.initial is None
    assert (p.funding.total.adjusted, p.funding.total.actual) == (Decimal("200.00"), Decimal("180.00"))


def _department(label: str) -> str:
    text = f"2023年度项目支出绩效自评表\n项目名称\t仓储维修项目\n{label}\t某市粮食和物资储备局\n"
    return read_bytes(text.encode(), "t.txt").projects[0].department


def test_department_under_its_variant_labels() -> None:
    for label in ("主管部门", "地方主管部门", "实施（主管）单位", "部门(单位)名称", "主管单 位（公章）", "主管部门及代码"):
        assert _department(label) == "某市粮食和物资储备局", label
    assert _department("中央主管部门") == ""        # the ministry above, not the reporting department


def test_notes_about_missing_parts_are_located() -> None:
    text = "关于仓储维修项目的说明\n\n2023年度仓储维修项目绩效自评报告\n一、基本情况\n本项目资金用于仓库维修。\n"
    result = read_bytes(text.encode(), "t.txt")
    at = {f.path: f.source for f in result.findings if f.code == "JX005" and f.source is not None}
    assert at["funding"].line == 5                    # the line that speaks of 资金
    assert at["indicators"].line == 3                 # no line speaks of 指标: the report's title
