"""Each rule on a small inline project: it fires with its figures, and stays quiet when it should."""

from __future__ import annotations

from dataclasses import replace

from check_helpers import (
    Amounts,
    D,
    Funding,
    Narrative,
    Stated,
    Target,
    check,
    codes,
    leaf,
    only,
    project,
    tree,
)

from jixiao.core.model import Adjustment, Comparator, FundingSource, Problem, Record, Section, Unit
from jixiao.readers import read_bytes


def test_clean_project_has_no_findings() -> None:
    assert check(project()) == []


# --- arithmetic ---------------------------------------------------------------------------------

def test_stated_total_mismatch_and_printed_precision() -> None:
    p = project(indicators=tree(leaf("甲", "60", "55", reason="部分延期"), leaf("乙", "40", "38.5", reason="质量")),
                stated=Stated(total=D("95")))
    (f,) = only(check(p), "JX211")
    assert f.data["stated"] == "95" and f.data["computed"] == "93.5" and "55＋38.5" not in f.message and "93.5" in f.message
    # 93.5 printed as 93.5, or rounded to the printed digits (94), is not an error
    for printed in ("93.5", "94"):
        assert not only(check(project(indicators=p.indicators, stated=Stated(total=D(printed)))), "JX211")


def test_stated_grade_mismatch() -> None:
    p = project(indicators=tree(leaf("甲", "100", "85", reason="未完成部分任务")), stated=Stated(total=D(85), grade="优"))
    (f,) = only(check(p), "JX212")
    assert "良" in f.message and f.data["expected"] == "良"
    assert not only(check(project(indicators=p.indicators, stated=Stated(total=D(85), grade="良好"))), "JX212")


def test_execution_rate_printed_precision() -> None:
    funding = Funding(total=Amounts(D("65.66"), D("65.66"), D("65.07")))  # 99.10%
    assert not only(check(project(funding=funding, stated=Stated(execution_rate=D(99)))), "JX202")
    assert not only(check(project(funding=funding, stated=Stated(execution_rate=D("99.1")))), "JX202")
    (f,) = only(check(project(funding=funding, stated=Stated(execution_rate=D(98)))), "JX202")
    assert f.data == {"stated": "98", "computed": "99.10", "actual": "65.07", "adjusted": "65.66"}
    # 99.80% is never '100%': a claim of full execution is not a rounding
    funding = Funding(total=Amounts(D("1375.72"), D("1375.72"), D("1372.97")))
    assert only(check(project(funding=funding, stated=Stated(execution_rate=D(100)))), "JX202")


def test_printed_score_above_weight_on_a_formula_row() -> None:
    t = Target("n", "完成率", comparator=Comparator.GE, value=D(100), actual=D(100), unit="%")
    p = project(targets=(t,), indicators=tree(leaf("完成率", "10", "12", target="n"), leaf("其他", "90", "90")))
    (f,) = only(check(p), "JX102")
    assert f.data == {"weight": "10", "score": "12"} and f.path.endswith("完成率.score")


def test_leaf_score_against_its_rule() -> None:
    t = Target("n", "全县参合人数", comparator=Comparator.GE, value=D(8755), actual=D(8676), unit="人")
    p = project(targets=(t,), indicators=tree(leaf("参合人数", "15", "13", target="n", reason="新增死亡人员"),
                                              leaf("其他", "85", "85")))
    (f,) = only(check(p), "JX213")
    assert f.data["stated"] == "13" and f.data["computed"] == "14.86"


# --- budget -------------------------------------------------------------------------------------

def test_adjustment_without_reason_and_with_reason() -> None:
    cut = Funding(total=Amounts(D("202.64"), D("132.912"), D("132.912")))
    (f,) = only(check(project(funding=cut)), "JX201")
    assert f.data["change"] == "-69.73" and f.data["change_rate"] == "-34.41"
    explained = Funding(total=cut.total, adjustments=(Adjustment(D("-69.728"), "项目调减，见追减文件"),))
    assert not only(check(project(funding=explained)), "JX201")
    # a published report may explain it in its prose; a mere mention of 调整 is not a reason
    prose = Narrative(achievement="因部分村干部离任，根据区财政局批复调减预算69.73万元。")
    assert not only(check(project(funding=cut, narrative=prose)), "JX201")
    vague = Narrative(achievement="项目支出过程、调整及完成验收等规范。")
    assert only(check(project(funding=cut, narrative=vague)), "JX201")


def test_over_budget_low_execution_and_zero_base() -> None:
    assert only(check(project(funding=Funding(total=Amounts(D(40), D(40), D("43.91"))))), "JX203")
    low = Funding(total=Amounts(D(50), D(50), D(10)))
    (f,) = only(check(project(funding=low)), "JX204")
    assert f.data["rate"] == "20.00"
    assert not only(check(project(funding=Funding(total=low.total, low_execution_reason="工程未完工"))), "JX204")
    in_prose = Narrative(achievement="执行率较低，主要是剩余3%尾款未付。")
    assert not only(check(project(funding=low, narrative=in_prose)), "JX204")
    unrelated = Narrative(achievement="资金来源为本年财政拨款和上年结转资金。")
    assert only(check(project(funding=low, narrative=unrelated)), "JX204")
    assert only(check(project(funding=Funding(total=Amounts(D(0), D(0), D(5))))), "JX206")


def test_funding_sources_must_add_up() -> None:
    rows = (FundingSource("本年财政拨款", Amounts(D("202.64"), D("132.912"), D("132.912"))),)
    bad = Funding(total=Amounts(D(0), D(0), D(0)), sources=rows)
    found = only(check(project(funding=bad)), "JX205")
    assert {f.data["column"] for f in found} == {"initial", "adjusted", "actual"}
    good = Funding(total=Amounts(D("202.64"), D("132.912"), D("132.912")), sources=rows,
                   adjustments=(Adjustment(reason="调减"),))
    assert not only(check(project(funding=good)), "JX205")


# --- targets ------------------------------------------------------------------------------------

def test_inflated_score_and_deduction_when_met() -> None:
    missed = Target("a", "发放燃油补贴人次", comparator=Comparator.GE, value=D(180), actual=D(164), unit="人次")
    met = Target("b", "看病难问题解决率", comparator=Comparator.GE, value=D(95), actual=D(95), unit="%")
    p = project(targets=(missed, met), indicators=tree(
        leaf("燃油补贴人次", "30", "30", target="a"), leaf("解决率", "30", "27", target="b"), leaf("其他", "40", "40")))
    found = check(p)
    (inflated,) = only(found, "JX307")
    assert "164" in inflated.message and "180" in inflated.message and "91.11%" in inflated.message
    (deducted,) = only(found, "JX301")
    assert "已达成" in deducted.message and deducted.data["lost"] == "3"


def test_missing_actual_actual_without_target_overachievement_units() -> None:
    targets = (
        Target("a", "宣传册制作", value=D(3000), unit="本"),
        Target("b", "培训人次", actual=D(1200), unit="人次"),
        Target("c", "举办活动场次", comparator=Comparator.GE, value=D(10), actual=D(13), unit="场"),
        Target("d", "验收合格", comparator=Comparator.GE, value=D(50), unit="个", actual=D(50), actual_unit="%"),
        Target("e", "资金到位率", comparator=Comparator.GE, value=D(100), unit="%", actual=D(100)),
    )
    found = check(project(targets=targets))
    assert [f.data["target"] for f in only(found, "JX305")] == ["宣传册制作"]
    assert [f.data["target"] for f in only(found, "JX306")] == ["培训人次"]
    (over,) = only(found, "JX308")
    assert over.data["percent"] == "130.00"
    (unit,) = only(found, "JX309")
    assert unit.data == {"target": "验收合格", "target_unit": "个", "actual_unit": "%"}
    assert [f.data["target"] for f in only(found, "JX311")] == ["资金到位率"]


# --- narrative ----------------------------------------------------------------------------------

def test_rate_claims_scan_sections_and_respect_precision() -> None:
    funding = Funding(total=Amounts(D("65.66"), D("65.66"), D("65.07")), procurement=Amounts(D(10), D(10), D(10)))
    text = ("资金执行率为99%。政府采购执行率100%。力争执行率达到100%。其中中央资金执行率100%。"
            "全年预算执行进度达到100%。")
    found = only(check(project(funding=funding, narrative=Narrative(sections=(Section("三、资金", text),)))), "JX401")
    assert [f.data["phrase"] for f in found] == ["全年预算执行进度达到100%"]
    assert found[0].path == "claims.sentences[4]"     # the fifth sentence of the section, located at it


def test_score_and_grade_claims() -> None:
    p = project(indicators=tree(leaf("甲", "100", "88", reason="部分任务延期")),
                narrative=Narrative(conclusion="综合评分98分，评价等级为优。"))
    found = only(check(p), "JX402")
    assert len(found) == 2 and "88" in found[0].message


def test_figure_conflict_for_counts_without_thresholds() -> None:
    t = Target("m", "召开产业推介会次数", comparator=Comparator.GE, value=D(5), actual=D(5), unit="次")
    text = "全年召开产业推介会8次，接待企业30家。"
    (f,) = only(check(project(targets=(t,), narrative=Narrative(achievement=text))), "JX403")
    assert f.data["reported"] == "5" and f.data["other"] == "8"
    same = Narrative(achievement="全年召开产业推介会5次，目标为5次。")
    assert not only(check(project(targets=(t,), narrative=same)), "JX403")


def test_money_claim_against_funding_table() -> None:
    funding = Funding(total=Amounts(D(100), D(100), D("98.5")))
    text = "年度预算安排100万元，实际支出95.5万元；其中中央资金实际支出30万元。"
    claims = read_bytes(f"一、绩效情况\n{text}\n".encode(), "t.txt").projects[0].claims   # the prose as read
    (f,) = only(check(project(funding=funding, claims=claims)), "JX403")
    assert f.data == {"claimed": "95.50", "table": "98.5"}


def test_duplicate_paragraphs_and_copied_achievement() -> None:
    para = "本项目严格按照预算管理办法执行，资金拨付及时，支出审批手续完备，未发现违规使用资金的情况。"
    n = Narrative(goal="完成全县建档立卡人员医疗保险个人缴费补贴发放工作，做到应保尽保。",
                  achievement="完成了全县建档立卡人员医疗保险个人缴费补贴发放工作，做到应保尽保。",
                  analysis=(Section("过程", para), Section("管理", para)))
    found = check(project(narrative=n, units=(Unit("一科", "负责资金审核拨付与监督检查"), Unit("二科", "负责资金审核拨付与监督检查"))))
    assert len(only(found, "JX404")) == 2
    assert only(found, "JX405")


def test_problems_without_measures_and_completion_claims() -> None:
    missed = Target("a", "补贴人次", comparator=Comparator.GE, value=D(180), actual=D(164), unit="人次")
    outline = (Section("一、基本情况", "概况"), Section("四、存在的问题", "宣传不到位"))
    n = Narrative(achievement="已按照计划完成目标，达到预期效果。", problems=(Problem("宣传不到位"),),
                  sections=outline)
    found = check(project(targets=(missed,), narrative=n))
    assert only(found, "JX406") and only(found, "JX407")
    # a 自评表 without a report outline: its footer cells are labels, not sections
    assert not only(check(project(targets=(missed,), narrative=replace(n, sections=()))), "JX406")
    quiet = Narrative(achievement="基本完成目标。", problems=(Problem("宣传不到位"),), measures=("加强宣传",))
    found = check(project(targets=(missed,), narrative=quiet))
    assert not only(found, "JX406") and not only(found, "JX407")


# --- completeness, evidence, profiles -----------------------------------------------------------

def test_sections_header_placeholders() -> None:
    outline = Narrative(goal="目标", problems=(Problem("宣传不足"),), measures=("加强宣传",))
    p = project(department="", narrative=outline,
                targets=(Target("a", "排污沟（≥**米）", value=D(1), actual=D(1), unit="条"),))
    found = check(p)
    assert {f.data["section"] for f in only(found, "JX601")} == {"基本情况", "目标完成情况/绩效分析"}
    # a text cut short after its first parts is not missing its later ones
    assert not only(check(project(narrative=Narrative(background="概况", goal="目标"))), "JX601")
    assert not only(found, "JX602")      # a published report names its department in many ways
    authored = check(p.evolve(record=Record.DRAFT))
    assert [f.data["field"] for f in only(authored, "JX602")] == ["department"]
    assert only(found, "JX603")


def test_strict_profile_adds_evidence_rule() -> None:
    p = project()
    assert not only(check(p), "JX501")
    (f,) = only(check(p, "strict"), "JX501")
    assert f.data["indicator"] == "任务完成率"
    assert not only(check(project(indicators=tree(leaf("任务完成率", "100", "100", evidence=("验收报告",)))), "strict"), "JX501")


def test_select_and_ignore_by_code_slug_prefix_family() -> None:
    p = project(funding=Funding(total=Amounts(D(50), D(40), D(10))), stated=Stated(execution_rate=D(30)))
    everything = codes(check(p))
    assert {"JX201", "JX202", "JX204"} <= set(everything)
    assert codes(check(p, select=("JX202",))) == ["JX202"]
    assert codes(check(p, select=("low-execution-unexplained",))) == ["JX204"]
    assert "JX202" not in codes(check(p, ignore=("arithmetic",)))
    assert not [c for c in codes(check(p, ignore=("JX2",))) if c.startswith("JX2")]


def test_crashing_rule_becomes_internal_error() -> None:
    from jixiao.core.checks import run_checks
    from jixiao.core.checks.budget import check_low_execution

    def broken(ctx: object) -> list[object]:
        raise ZeroDivisionError("boom")

    p = project(funding=Funding(total=Amounts(D(50), D(50), D(10))))
    found = run_checks(p, checks=(broken, check_low_execution))
    assert codes(found) == ["JX901", "JX204"] or sorted(codes(found)) == ["JX204", "JX901"]
    (crash,) = only(found, "JX901")
    assert crash.slug == "internal-error" and "broken" in crash.message and crash.source is not None


def test_scoring_findings_become_errors_in_drafts_and_findings_in_published() -> None:
    bad = tree(leaf("甲", "60", "50"), leaf("乙", "30", "30"))    # weights 90, deduction without reason
    published = check(project(indicators=bad))
    assert {"JX101", "JX301"} <= set(codes(published))
    draft = check(project(indicators=bad, record=Record.DRAFT))
    assert all(f.severity.value == "error" for f in draft if f.code in {"JX101", "JX301"})


def test_total_includes_the_printed_budget_row_score() -> None:
    """006-like: rows 84 + budget row 9 = 93, printed total 94; the budget row's 9 is the printed one."""
    from jixiao.core.model import Indicator, Rule, RuleKind

    budget = Indicator("预算执行率", D(10), rule=Rule(RuleKind.EXECUTION_RATE))
    rows = (Indicator("产出", D(90), children=(leaf("参合人数", "50", "47", reason="死亡减员"),
                                             leaf("满意度", "40", "37", reason="个别不满意"))),)
    p = project(indicators=(budget, *rows), funding=Funding(total=Amounts(D("65.66"), D("65.66"), D("65.07"))),
                stated=Stated(total=D(94), execution_score=D(9)))
    found = check(p)
    (total,) = only(found, "JX211")
    assert total.data["computed"] == "93"
    (row,) = only(found, "JX213")
    assert row.data["stated"] == "9" and row.data["computed"] == "9.91"


def test_deduction_reason_given_in_the_prose_is_a_reason() -> None:
    from jixiao.core.model import Indicator

    tree_ = (Indicator("项目决策", D(100), children=(
        Indicator("绩效目标", D(100), children=(leaf("绩效目标明确性", "100", "96"),)),)),)
    silent = Narrative(analysis=(Section("决策", "立项依据充分，但绩效目标有待进一步细化、量化。"),))
    assert not only(check(project(indicators=tree_, narrative=silent)), "JX301")
    unrelated = Narrative(analysis=(Section("决策", "立项依据充分，程序规范。"),))
    assert only(check(project(indicators=tree_, narrative=unrelated)), "JX301")
    # a draft must carry the reason on the indicator itself
    assert only(check(project(indicators=tree_, narrative=silent, record=Record.DRAFT)), "JX301")


def test_text_claims_about_other_years_or_nested_sections_are_not_defects() -> None:
    funding = Funding(total=Amounts(D(100), D(100), D("99.8")))
    other_year = Narrative(achievement="2021年预算执行率为95%，今年继续加强管理。")
    assert not only(check(project(funding=funding, narrative=other_year)), "JX401")
    para = "本项目严格按照预算管理办法执行，资金拨付及时，支出审批手续完备，未发现违规使用资金的情况。"
    nested = Narrative(sections=(Section("三、绩效分析", f"（一）过程\n{para}\n（二）产出\n完成全部任务。"),
                                 Section("（一）过程", para)))
    assert not only(check(project(narrative=nested)), "JX404")


def test_funds_that_did_not_arrive_need_a_reason() -> None:
    from jixiao.core.model import Section

    funding = Funding(total=Amounts(D(500), D(400)))
    low = Narrative(sections=(Section("一、基本情况", "年初预算500万元，调整后400万元，实际到位资金120万元。"),))
    found = only(check(project(funding=funding, narrative=low)), "JX208")
    assert len(found) == 1 and found[0].data["rate"] == "30.00"
    part = Narrative(sections=(Section("一、基本情况", "中央实际到位资金120万元，省级到位资金80万元。"),))
    assert not only(check(project(funding=funding, narrative=part)), "JX208")
    why = Narrative(sections=(Section("一、基本情况", "实际到位资金120万元，其余资金因上级未拨付暂未到位。"),))
    assert not only(check(project(funding=funding, narrative=why)), "JX208")
