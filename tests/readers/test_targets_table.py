"""The targets table (绩效目标完成情况表) read as the targets when the scoring table has none."""

from __future__ import annotations

from decimal import Decimal

from jixiao.core.model import Comparator
from jixiao.readers import read_bytes

TEXT = """2023年度示例项目绩效自评报告
一、基本情况
绩效目标完成情况表
| 绩效指标 | 类别 | 年度指标值 | 实际完成值 | 完成情况 |
|---|---|---|---|---|
| 路灯修复数 | 产出/数量 | ≥120个 | 131个 | 已完成 |
| 巡查覆盖率 | 产出/质量 | 100% | 96% | 未完成 |
| 群众满意度 | 满意度/服务对象满意度 | ≥90% | — | — |
二、绩效评价结论和分析
| 一级指标 | 二级指标 | 三级指标 | 分值 | 得分 |
| 产出指标 | 数量指标 | 路灯修复数 | 50 | 50 |
| 产出指标 | 质量指标 | 巡查覆盖率 | 30 | 28 |
| 满意度指标 | 服务对象满意度 | 群众满意度 | 20 | 20 |
"""


def test_each_row_of_the_targets_table_is_a_target_with_its_result() -> None:
    project = read_bytes(TEXT.encode(), "t.md").projects[0]
    got = [(t.name, t.category, t.subcategory, t.comparator, t.value, t.unit, t.actual) for t in project.targets]
    assert got == [
        ("路灯修复数", "产出", "数量", Comparator.GE, Decimal(120), "个", Decimal(131)),
        ("巡查覆盖率", "产出", "质量", Comparator.EQ, Decimal(100), "%", Decimal(96)),
        ("群众满意度", "满意度", "服务对象满意度", Comparator.GE, Decimal(90), "%", None),
    ]
    assert project.source_of("targets[0].actual") is not None
    leaf = project.indicators[0].children[0].children[0]
    assert leaf.name == "路灯修复数" and leaf.target == project.targets[0].id    # linked by name
