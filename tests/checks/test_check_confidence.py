"""Reading confidence and plausibility: rules stay silent on doubtful facts and never state the impossible;
the same defect is reported once; cells left blank or defined against themselves. Inline projects."""

from __future__ import annotations

from check_helpers import Amounts, D, Funding, Narrative, Stated, check, codes, leaf, only, project, tree

from jixiao.core.achievement import target_met
from jixiao.core.checks.confidence import implausible
from jixiao.core.findings import Severity
from jixiao.core.model import Claims, Comparator, Figure, Indicator, Rule, RuleKind, Section, SumClaim, Target
from jixiao.core.registry import issue
from jixiao.readers import read_bytes


def test_a_deadline_is_met_by_an_earlier_actual() -> None:
    deadline = Target("a", "验收时间", subcategory="时效", comparator=Comparator.EQ, value=D(9), unit="月前",
                      actual=D(7), actual_unit="月")
    assert target_met(deadline) is True
    assert target_met(Target("b", "验收时间", value=D(9), unit="月前", actual=D(11), actual_unit="月")) is False
    p = project(targets=(deadline,), indicators=tree(leaf("验收时间", "100", "100", target="a")))
    found = check(p)
    assert not {"JX307", "JX309", "JX213"} & set(codes(found))


def test_an_initial_budget_that_is_a_grant_is_noted_not_used() -> None:
    grant = Figure(D(600), "万元", "中央下达转移支付资金", "600万元", 0)
    p = project(funding=Funding(total=Amounts(D(600), D(800), D(790))),
                claims=Claims(sentences=("中央下达转移支付资金600万元。",), figures=(grant,)))
    found = check(p)
    assert "JX201" not in codes(found)
    notes = [f for f in only(found, "JX005") if f.data.get("column") == "initial"]
    assert len(notes) == 1 and notes[0].severity is Severity.INFO
    said = Figure(D(600), "万元", "年初批复预算", "600万元", 0)
    assert only(check(project(funding=Funding(total=Amounts(D(600), D(800), D(790))),
                              claims=Claims(sentences=("年初批复预算600万元。",), figures=(said,)))), "JX201")


def test_an_actual_that_is_one_part_of_the_spending_is_not_used() -> None:
    whole = Figure(D(1000), "万元", "全年执行数", "1000", 0)
    part = Figure(D(600), "万元", "含中央资金", "600万元", 0)
    other = Figure(D(400), "万元", "地方资金", "400万元", 0)
    claims = Claims(sentences=("全年执行数1000(含中央资金600万元,地方资金400万元)。",), figures=(part, other),
                    sums=(SumClaim("breakdown", whole, (part, other)),))
    p = project(funding=Funding(total=Amounts(D(1020), D(1020), D(600))), claims=claims,
                stated=Stated(execution_rate=D("98.04"), execution_score=D(10)))
    found = check(p)
    assert not {"JX202", "JX204"} & set(codes(found))
    assert [f.data["column"] for f in only(found, "JX005")] == ["actual"]


def test_rows_above_their_weights_mean_a_misaligned_table() -> None:
    rows = tree(leaf("甲", "3", "6"), leaf("乙", "2", "4"), leaf("丙", "95", "90"))
    found = check(project(indicators=rows))
    assert "JX102" not in codes(found) and "JX211" not in codes(found)
    note = only(found, "JX005")
    assert len(note) == 1 and "未能可靠对齐" in note[0].message
    one = tree(leaf("甲", "3", "6"), leaf("乙", "97", "90"))
    assert [f.severity for f in only(check(project(indicators=one)), "JX102")] == [Severity.ERROR]


def test_an_impossible_figure_becomes_a_note() -> None:
    far = Target("a", "执行率", value=D(20000), actual=D(1))
    p = project(targets=(far,), indicators=tree(leaf("执行率", "100", "40", target="a")))
    for f in check(p):
        assert not (f.data.get("weight") and f.severity is not Severity.INFO and D(str(f.data["weight"])) > 100)
    f = issue("JX202", "m", "e", data={"stated": "950", "computed": "95"})
    assert implausible(f, D(100)) is not None
    assert implausible(issue("JX202", "m", "e", data={"stated": "95.5"}), D(100)) is None


def test_a_deduction_on_a_met_target_is_reported_once() -> None:
    met = Target("a", "满意度", comparator=Comparator.GE, value=D(95), actual=D(95), unit="%")
    p = project(targets=(met,), indicators=tree(leaf("满意度", "100", "90", target="a")))
    found = check(p)
    assert codes(found).count("JX301") == 1 and "JX213" not in codes(found)


def test_missing_actuals_a_blank_row_warns_a_reading_gap_is_one_note() -> None:
    blank = Target("a", "覆盖率", comparator=Comparator.EQ, value=D(100), unit="%")
    p = project(targets=(blank,), indicators=tree(leaf("覆盖率", "100", target="a")))
    assert [f.severity for f in only(check(p), "JX305")] == [Severity.WARNING]
    scored = project(targets=(blank,), indicators=tree(leaf("覆盖率", "100", "100", target="a")))
    assert [f.severity for f in only(check(scored), "JX305")] == [Severity.INFO]
    status = Target("b", "完成", value=D(1), unit="项")
    assert not only(check(project(targets=(status,))), "JX305")


def test_cells_zero_reasons_definitions_and_budget_scored_twice() -> None:
    targets = (Target("a", "安全率", value=D(100), actual=D(100), unit="%", deviation_reason="0"),
               Target("b", "建设示范村数量", subcategory="数量", comparator=Comparator.LE, value=D(4), actual=D(4)),
               Target("c", "项目资金", value=D(100), actual=D(90)))
    found = check(project(targets=targets, funding=Funding(total=Amounts(D(100), D(100), D(90)))))
    assert "「0」" in only(found, "JX314")[0].message
    assert [f.data["target"] for f in only(found, "JX312")] == ["建设示范村数量"]
    assert [f.data["target"] for f in only(found, "JX313")] == ["项目资金"]


def test_a_blank_budget_row_score_and_a_whole_table_weight() -> None:
    rows = (leaf("预算执行率", "10", rule=Rule(RuleKind.EXECUTION_RATE)), *tree(leaf("甲", "45", "45"),
                                                                         leaf("乙", "45", "40", reason="未完成")))
    found = check(project(indicators=rows, stated=Stated()))
    assert any("预算执行率得分栏为空" in f.message for f in only(found, "JX604"))
    heavy = (leaf("预算执行率", "100", rule=Rule(RuleKind.EXECUTION_RATE)),)
    assert only(check(project(indicators=heavy, stated=Stated())), "JX104")


def test_template_prompts_are_one_finding() -> None:
    text = ("项目支出绩效自评表\n评价结论 |\n结合自评情况,说明项目自评总分。(200字以内) |\n存在问题 |\n"
            "结合自评情况,分析存在的问题及原因。(200字以内) |\n")
    p = read_bytes(text.encode("utf-8"), "t.txt").projects[0]
    found = only(check(p), "JX603")
    assert len(found) == 1 and "评价结论" in found[0].message and "存在问题" in found[0].message
    assert found[0].source is not None and found[0].source.line == 3


def test_copied_actuals_goals_of_figures_and_qualitative_targets_met_as_printed() -> None:
    copied = Target("a", "培训人数", comparator=Comparator.GE, value=D(500), unit="人", value_text="≥500人",
                    actual_text="≥500人")
    assert only(check(project(targets=(copied,))), "JX405")
    p = project(narrative=Narrative(goal="43.2", achievement="37.24"))
    assert len(only(check(p), "JX405")) == 2
    same = Target("q", "验收情况", comparator=Comparator.QUALITATIVE, value_text="合格", actual_text="合格")
    deducted = project(targets=(same,), indicators=tree(leaf("验收情况", "100", "90", target="q")))
    assert any("已达到合格" in f.message for f in only(check(deducted), "JX301"))


def test_a_deduction_explained_by_its_formula_is_not_reported() -> None:
    missed = Target("a", "培训覆盖率", comparator=Comparator.GE, value=D(100), actual=D(100), unit="%")
    rows = tree(leaf("培训覆盖率", "100", "90", target="a"))
    text = Narrative(sections=(Section("三、绩效分析", "培训覆盖率指标按评分标准得9分。"),))
    assert not only(check(project(targets=(missed,), indicators=rows, narrative=text)), "JX301")


def test_points_in_a_section_header_against_the_weights_under_it() -> None:
    rows = (Indicator("产出指标(50分)", D(50), children=(leaf("甲", "30", "30"), leaf("乙", "15", "15"))),
            Indicator("效益指标", D(50), children=(leaf("丙", "50", "50"),)))
    found = only(check(project(indicators=rows, stated=Stated(execution_score=D(10), total=D(95)))), "JX105")
    assert len(found) == 1 and found[0].severity is Severity.WARNING and "合计45分" in found[0].message
    assert [f.severity for f in only(check(project(indicators=rows)), "JX105")] == [Severity.INFO]   # no 总分 read
    fine = (Indicator("产出指标(50分)", D(50), children=(leaf("甲", "30", "30"), leaf("乙", "20", "20"))),)
    assert not only(check(project(indicators=fine)), "JX105")


def test_a_dimension_score_and_bold_markers_are_not_defects() -> None:
    rows = tree(leaf("甲", "60", "55", reason="部分延期"), leaf("乙", "40", "40"))
    text = Narrative(sections=(Section("二、绩效分析", "产出指标自评得分55分。**资金情况表**如下。"),))
    found = check(project(indicators=rows, narrative=text))
    assert not only(found, "JX402") and not only(found, "JX603")
    placeholder = Narrative(sections=(Section("二、绩效分析", "新建猪舍(≥**平方米)。"),))
    assert only(check(project(narrative=placeholder)), "JX603")
