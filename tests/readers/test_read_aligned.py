"""Tables laid out with runs of spaces (pdftotext -layout) are read as grids; prose and scrambled
single-spaced words are left alone. Invented texts."""

from __future__ import annotations

from decimal import Decimal as D

from jixiao.readers import read_bytes

ALIGNED = """某区2023年度社区养老服务项目绩效自评报告
项目名称：社区养老服务补助
主管部门：某区民政局
年初预算50万元，全年预算50万元，实际支出48万元，执行率为96%。
一级指标      二级指标      三级指标                  年度指标值    实际完成值    分值    得分
产出指标      数量指标      助餐服务人次              ≥3000人次     3200人次        30      30
                            上门探访户数              ≥200户        180户           20      18
              质量指标      服务投诉率                ≤2%           1%              10      10
效益指标      社会效益指标  老人生活质量改善          明显改善      明显改善        30      30
满意度指标    满意度指标    服务对象满意度            ≥90%          93%             10      10
合计                                                                                100     98


三、存在的问题
上门探访户数未达到目标，原因是部分老人外出。  下一步将加强回访。
"""


def _leaves(nodes, out=None):
    out = [] if out is None else out
    for n in nodes:
        _leaves(n.children, out) if n.children else out.append(n)
    return out


def test_space_aligned_table_is_a_grid_with_merged_labels_kept() -> None:
    p = read_bytes(ALIGNED.encode("utf-8"), "layout.txt").projects[0]
    rows = {n.name: (n.weight, n.score) for n in _leaves(p.indicators)}
    assert rows["上门探访户数"] == (D(20), D(18)) and rows["服务对象满意度"] == (D(10), D(10))
    assert [i.name for i in p.indicators] == ["产出指标", "效益指标", "满意度指标"]
    assert p.stated.total == D(98) and p.stated.weight_total == D(100)
    visit = next(t for t in p.targets if t.name == "上门探访户数")
    assert (visit.value, visit.actual) == (D(200), D(180))
    assert p.narrative.problems       # the prose after the table is still prose


def test_prose_with_double_spaces_and_single_spaced_words_are_not_grids() -> None:
    prose = "项目名称：某项目\n本项目  全年得分  较好，分值  设置合理，一级指标  完整。\n"
    p = read_bytes(prose.encode("utf-8"), "p.txt").projects[0]
    assert not p.indicators
    words = ("项目名称 某项目 一级指标 二级指标 三级指标 分值 得分 产出指标 数量指标 培训人次 20 18 "
             "质量指标 合格率 30 30")
    result = read_bytes(words.encode("utf-8"), "w.txt")
    assert any("顺序错乱" in f.message for f in result.findings)


def test_a_wrapped_name_joins_its_row_instead_of_becoming_one() -> None:
    text = ("项目名称：社区养老服务补助\n"
            "一级指标      二级指标      三级指标                  分值    得分    偏差原因\n"
            "产出指标      数量指标      助餐服务人次（含上门        30      30\n"
            "                            送餐）\n"
            "                            上门探访户数                20      18      部分老人外出\n"
            "效益指标      社会效益指标  老人生活质量改善            50      48      个别老人未回访\n"
            "合计                                                    100     96\n")
    p = read_bytes(text.encode("utf-8"), "wrap.txt").projects[0]
    rows = {n.name: (n.weight, n.score, n.reason) for n in _leaves(p.indicators)}
    assert rows["助餐服务人次（含上门送餐）"] == (D(30), D(30), "")
    assert rows["上门探访户数"] == (D(20), D(18), "部分老人外出")
    assert len(rows) == 3 and p.stated.total == D(96)


def test_a_second_header_row_splits_its_parent_column() -> None:
    """'自评得分' over '单项得分  权重  折算得分': the sub-headings give the columns under the parent."""
    from decimal import Decimal

    from jixiao.readers import read_bytes

    rows = [("一级指标", "三级指标", "自评得分", "", "", "偏差原因"), ("", "", "单项得分", "权重", "折算得分", ""),
            ("产出指标", "修复数", "80", "20", "16", "工期延误"), ("", "合格率", "100", "30", "30", "")]
    def width(t: str) -> int:
        return sum(1 if ch.isascii() else 2 for ch in t)

    widths = [max(width(r[k]) for r in rows) + 2 for k in range(6)]
    text = "\n".join("".join(c + " " * (widths[k] - width(c)) for k, c in enumerate(r)).rstrip() for r in rows)
    leaves = [n for root in read_bytes(text.encode(), "t.txt").projects[0].indicators for n in root.children]
    assert [(n.name, n.weight, n.score) for n in leaves] == [("修复数", Decimal(20), Decimal(16)),
                                                              ("合格率", Decimal(30), Decimal(30))]
