"""Flattened 自评表 text in the layouts of converted spreadsheets: what is read, and what the reader
admits it could not read (JX005 plus a marker the checker uses). Invented texts, not corpus copies."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

from jixiao.core.readnotes import ZERO_TOTAL_ROW
from jixiao.readers import read_bytes


def _read(text: str):
    result = read_bytes(text.encode("utf-8"), "t.txt")
    assert len(result.projects) == 1
    return result.projects[0], result.findings


def _leaves(p):
    out = []

    def walk(nodes):
        for n in nodes:
            if n.children:
                walk(n.children)
            else:
                out.append(n)
    walk(p.indicators)
    return out


SCRAMBLED = (
    "某县项目支出绩效自评表 (2021年度) 项目名称 乡镇垃圾清运补助 主管部门 某县城管局 项目资金 年初预算数 (万元) "
    "年度资金总额 其中:当年财政拨款 实施单位 全年预算数 全年执行数 分值 执行率 得分 40 38 10 95% 8 40 38 — 95% — "
    "年度总 体目标 一级 指标 二级指标 三级指标 数量指标 指标1:清运垃圾吨数 绩 效 指 标 某县环卫所 产出 指标 (60分 ) "
    "实际 指标值 完成值 5000 分值 得分 偏差原因分析及改进措 施 4800 30 27 车辆检修停运 "
    "质量指标 指标1:清运及时 率 98% 98% 30 30 满意度 指标 指标1:群众满意度 90% 92% 10 10 100 75 总分"
)


def test_scrambled_table_keeps_the_budget_score_and_the_slot_names() -> None:
    p, notes = _read(SCRAMBLED)
    assert p.stated.execution_score == D(8) and p.stated.total == D(75)
    first = _leaves(p)[1]            # after the 预算执行率 root leaf
    assert first.name == "清运垃圾吨数" and (first.weight, first.score) == (D(30), D(27))
    t = p.target(first.target)
    assert (t.value, t.actual) == (D(5000), D(4800))
    names = {n.name for n in _leaves(p)}
    assert not any(len(n) == 1 or n in {"分值", "得分", "指标值"} for n in names)
    assert "read.scrambled_table" in p.sources and "read.scrambled_table" in p.read_notes
    assert any(f.code == "JX005" for f in notes)


def test_a_zero_total_row_is_read_as_its_sources_and_marked() -> None:
    text = ("项目支出绩效自评表 (2022年度) 项目名称 村道保洁 主管部门 某镇政府 项目资金 (万元) 年初预算数 全年预算数 "
            "全年执行数 分值 执行率 得分 年度资金总额: 0 0 0 10 0 0 其中:本年财政拨款 80 75.5 75.5 上年结转资金 其他资金 "
            "年度总体目标 预期目标 实际完成情况 全年保洁村道120公里,其中主干道40公里,支路80公里。 ........ "
            "全年保洁村道118公里。 绩效指标 一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 "
            "产出指标(50分) 数量指标 保洁里程 =120公里 118 25 24")
    p, notes = _read(text)
    assert (p.funding.total.initial, p.funding.total.adjusted) == (D(80), D("75.5"))
    assert ZERO_TOTAL_ROW in p.sources
    assert p.narrative.goal.startswith("全年保洁村道120公里") and p.narrative.achievement == "全年保洁村道118公里。"
    assert "read.truncated_table" in p.sources and "read.truncated_table" in p.read_notes      # the text stops inside the table, no 合计 row
    assert any("中断" in f.message for f in notes if f.code == "JX005")


def test_a_table_without_weight_column_is_reported_not_guessed() -> None:
    text = ("项目名称：道路维修\n年度绩效目标（80分）\n一级指标\n二级指标\n三级指标\n年初目标值(A)\n实际完成值(B)\n得分\n"
            "产出指标(40分)\n数量指标\n维修路段(≥**公里)\n12\n12\n4\n修补坑槽(≥**处)\n300\n310\n4\n")
    p, notes = _read(text)
    assert all(n.weight is None for n in _leaves(p) if n.name != "预算执行率")
    assert "read.no_weight_column" in p.sources and "read.no_weight_column" in p.read_notes
    assert any("分值列" in f.message for f in notes)


def test_a_transferred_amount_among_several_is_not_the_initial_budget() -> None:
    several = ("2022年收到上级下达残疾人补助资金50万元，市级下达8万元，县级配套12万元。"
               "全年收到资金共70万元，实际支出68万元。")
    p, _ = _read("某项目绩效自评报告\n" + several + "\n")
    assert p.funding.total.initial is None and p.funding.total.adjusted == D(70)
    one = "2022年下达我县农村公路养护资金(省级)200万元。实际支出190万元。"
    p, _ = _read("某项目绩效自评报告\n" + one + "\n")
    # the written convention (docs/readers.md): an unqualified amount is the whole-year budget
    assert (p.funding.total.initial, p.funding.total.adjusted, p.funding.total.actual) == (None, D(200), D(190))
    first = "2022年年初下达我县农村公路养护资金200万元，实际支出190万元。"
    p, _ = _read("某项目绩效自评报告\n" + first + "\n")
    assert (p.funding.total.initial, p.funding.total.adjusted) == (D(200), None)


def test_read_notes_survive_the_project_file(dev_corpus: Path) -> None:
    """`jixiao read` → YAML → check weighs a partly read table the same as the document itself."""
    from jixiao.io.loading import parse_project_text
    from jixiao.io.serialize import dump_yaml, project_to_dict
    from jixiao.pipeline import check
    from jixiao.readers import read_document

    checked = 0
    for path in sorted(dev_corpus.glob("*.txt")):
        for project in read_document(path).projects:
            if not project.read_notes:
                continue
            again = parse_project_text(dump_yaml(project_to_dict(project)), "again.yaml").projects[0]
            assert again.read_notes == project.read_notes

            def severities(p: object) -> list[tuple[str, str]]:
                return sorted((f.code, f.severity.value) for f in check(p)[1]  # type: ignore[arg-type]
                              if f.code in {"JX101", "JX103", "JX205"})
            assert severities(again) == severities(project), path.name
            checked += 1
    assert checked >= 2   # the dev corpus has scrambled and truncated tables
