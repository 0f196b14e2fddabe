"""Structure recovery for text tables: wrapped rows joined, short rows aligned, nested headers as roles."""

from __future__ import annotations

from decimal import Decimal

from jixiao.core.model import Indicator
from jixiao.readers import read_bytes
from jixiao.readers.grid import align


def _leaves(nodes: tuple[Indicator, ...]) -> list[Indicator]:
    out: list[Indicator] = []
    for n in nodes:
        out.extend(_leaves(n.children) if n.children else [n])
    return out


def test_a_continuation_row_is_aligned_by_cell_type() -> None:
    roles = ("l1", "l2", "l3", "value", "actual", "weight", "score", "reason")
    # the merged 一级/二级 cells are omitted: the name lands in 三级, the points in 分值/得分
    assert align(roles, ("指标2:建设数量", "≥200", "202", "10", "10")) == (2, 3, 4, 5, 6)
    assert align(roles, ("质量指标", "通过率", "≥95%", "100%", "5", "5")) == (1, 2, 3, 4, 5, 6)
    assert align(roles, ("产出指标", "数量指标", "名称", "1", "1", "10", "10", "")) in (None, tuple(range(7)))
    assert align(roles, ("合计", "", "100")) is None            # an empty cell inside: positions are real


def test_wrapped_pipe_rows_and_omitted_merged_cells() -> None:
    text = "\n".join([
        "项目名称 | 某项目 | ||||||",
        "一级指标 | 二级指标 | 三级指标 | 年度 指标值 |",
        "实际 完成值 |",
        "分值 | 得分 | 偏差原因 | ||",
        "产出指标 | 数量指标 | 指标1:建设数量 | ≥4 | 4 | 30 | 30 | |||",
        "指标2:验收数量 | ≥200 | 202 | 30 | 28 | ||||",
        "效益指标 | 社会效益指标 | 指标1:覆盖率 | ≥95% | 100% | 40 | 40 | |||",
        "总分 | | | | | 100 | 98 | ||",
    ])
    p = read_bytes(text.encode(), "t.txt").projects[0]
    got = [(leaf.name, leaf.weight, leaf.score) for leaf in _leaves(p.indicators)]
    assert got == [("建设数量", Decimal(30), Decimal(30)), ("验收数量", Decimal(30), Decimal(28)),
                   ("覆盖率", Decimal(40), Decimal(40))]
    assert p.stated.total == Decimal(98)
    src = p.sources["stated.total"]
    assert src.line == 8


def test_nested_score_header_takes_the_weighted_score() -> None:
    text = "\n".join([
        "项目名称\t某项目",
        "一级指标\t二级指标\t三级指标\t自评得分\t\t",
        "\t\t\t单项得分\t权重\t折算得分",
        "产出指标\t数量指标\t培训人次\t90\t50\t45",
        "效益指标\t社会效益指标\t覆盖率\t80\t50\t40",
        "合计\t\t\t\t100\t85",
    ])
    p = read_bytes(text.encode(), "t.txt").projects[0]
    assert [(leaf.name, leaf.weight, leaf.score) for leaf in _leaves(p.indicators)] == [
        ("培训人次", Decimal(50), Decimal(45)), ("覆盖率", Decimal(50), Decimal(40))]
    assert p.stated.total == Decimal(85)


def test_run_on_funds_row_is_cut_by_the_arithmetic() -> None:
    text = "\n".join([
        "项目名称某项目",
        "项目资金（万元）年初预算数全年预算数全年执行数分值执行率得分",
        "年度资金总额120.00100.0090.001090.00%9",        # 120 | 100 | 90 | 10 | 90% | 9
        "总分10088.5",
    ])
    p = read_bytes(text.encode(), "t.txt").projects[0]
    assert (p.funding.total.initial, p.funding.total.adjusted, p.funding.total.actual) == (
        Decimal(120), Decimal(100), Decimal(90))
    assert p.stated.execution_rate == Decimal(90) and p.stated.total == Decimal("88.5")


def test_an_ambiguous_run_is_not_read() -> None:
    # without a rate there is no arithmetic to cut '10090' by: nothing is guessed
    text = "项目名称某项目\n年初预算数全年预算数全年执行数\n年度资金总额1009010090\n"
    p = read_bytes(text.encode(), "t.txt").projects[0]
    assert (p.funding.total.initial, p.funding.total.adjusted, p.funding.total.actual) == (None, None, None)


def test_a_second_header_row_without_its_leading_cells_spreads_under_its_parent() -> None:
    """'指标性质 | 指标值 | 度量单位' printed alone under '年度指标值': three columns under the parent."""
    from decimal import Decimal

    from jixiao.readers import read_bytes

    text = ("项目名称 | 路灯养护 |\n一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n"
            "指标性质 | 指标值 | 度量单位 |\n产出指标 | 数量指标 | 路灯修复数 | ≥ | 120 | 盏 | 125盏 | 30 | 30 |\n"
            "产出指标 | 质量指标 | 修复合格率 | ≥ | 95 | % | 97% | 60 | 54.5 |\n总分 | | | | | | | 90 | 84.5 |\n")
    p = read_bytes(text.encode(), "t.txt").projects[0]
    assert [(t.name, t.value, t.unit, t.actual) for t in p.targets] == [
        ("路灯修复数", Decimal(120), "盏", Decimal(125)), ("修复合格率", Decimal(95), "%", Decimal(97))]
    assert p.stated.total == Decimal("84.5")
