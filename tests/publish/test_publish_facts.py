"""Sentences come from the model: change a figure and the sentence follows; nothing is typed by hand."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from jixiao.core.model import Amounts, Comparator, Funding, FundingSource, Target
from jixiao.core.scoring import score_project
from jixiao.publish import facts, prose


def test_funding_paragraph_states_budget_change_execution_in_one_paragraph(pingshan):
    _, card = pingshan
    paragraphs = prose.funding_paragraphs(card.project.funding)
    assert len(paragraphs) == 1
    # 1375.72 − 1423.71 = −47.99; 1372.97 / 1375.72 = 99.80%; 430.89 / 430.89 = 100.00%
    assert paragraphs[0] == ("该项目年初预算1423.71万元；年中调减47.99万元，调整后全年预算1375.72万元；"
                             "实际支出1372.97万元，预算执行率99.80%。其中政府采购年初预算543.64万元，"
                             "全年预算430.89万元，实际执行430.89万元，执行率100.00%；项目资金用于投资推介、招商服务、"
                             "产业空间管理。")


def test_funding_paragraph_follows_the_model():
    funding = Funding(total=Amounts(Decimal("100"), Decimal("120.5"), Decimal("60.25")),
                      sources=(FundingSource("当年财政拨款", Amounts(Decimal(80))),
                               FundingSource("其他资金", Amounts(Decimal(20)))))
    assert prose.funding_paragraphs(funding) == [
        "该项目年初预算100.00万元，其中当年财政拨款80.00万元、其他资金20.00万元；年中调增20.50万元，"
        "调整后全年预算120.50万元；实际支出60.25万元，预算执行率50.00%。"]


def test_missing_amounts_are_left_out_not_invented():
    assert prose.funding_paragraphs(Funding(total=Amounts(None, Decimal(10), None))) == ["该项目全年预算10.00万元。"]
    assert prose.funding_paragraphs(Funding()) == []


def test_targets_paragraphs_count_and_group(selfeval):
    project, _ = selfeval
    paragraphs = prose.targets_paragraphs(project)
    # 8 targets: 6 numeric (visits and unit-cost missed), 2 qualitative — the counts add up
    assert paragraphs[0].startswith("项目共设置绩效指标8项，其中定量指标6项（已完成4项、未完全完成2项），定性指标2项。")
    assert [p[:6] for p in paragraphs] == ["项目共设置绩", "从效益指标看", "从满意度指标"]
    assert "每人次平均服务成本320元/人次，超出300元/人次的控制目标，主要原因是人工成本上涨" in paragraphs[0]
    assert "服务质量抽检合格率97%（目标不低于95%）、补贴按月拨付及时率100%（目标100%），均达到年度目标。" in paragraphs[0]
    text = "".join(paragraphs)
    assert "未填报" not in text and "①" not in text


def test_published_record_without_actuals_says_nothing_a_reviewer_would(pingshan):
    project, _ = pingshan
    text = "".join(prose.targets_paragraphs(project))
    assert text.startswith("项目共设置绩效指标8项。从产出指标看，年度目标为召开市级生物医药产业会议次数1次")
    assert "未填报" not in text and "未完成" not in text


def test_target_sentences():
    ge = Target("a", "服务人次", comparator=Comparator.GE, value=Decimal(12000), unit="人次", actual=Decimal(11400),
                deviation_reason="机构更换；已落实替补。")
    le = Target("b", "单位成本", comparator=Comparator.LE, value=Decimal(300), unit="元", actual=Decimal(320))
    assert prose.target_sentence(ge) == "服务人次11400人次，未达到12000人次的年度目标，主要原因是机构更换，已落实替补。"
    assert prose.target_sentence(le) == "单位成本320元，超出300元的控制目标。"
    assert facts.target_status(le) == "未完成" and facts.target_value_text(le) == "≤300元"
    assert prose.goal_words(le) == "不高于300元"


def test_dimension_paragraphs_come_from_the_score_card(pingshan):
    _, card = pingshan
    decision, management = card.roots[0], card.roots[1]
    assert prose.dimension_paragraph(decision, card.project) == (
        "项目决策方面，该部分分值15分，自评得分14分，得分率93.33%。其中，“绩效目标明确性”得4分，扣1分，"
        "主要是绩效目标有待进一步细化、量化。其余指标均得满分。")
    assert prose.dimension_paragraph(management, card.project).endswith("各项指标均得满分。")
    benefit = prose.dimension_paragraph(card.roots[3], card.project)
    assert "扣1分。" in benefit and "未说明" not in benefit


def test_a_changed_score_changes_every_sentence(pingshan):
    _, card = pingshan
    leaf = card.project.indicators[0].children[0].children[0]
    lowered = replace(leaf, score=Decimal(3), reason="依据不足")
    tree = list(card.project.indicators)
    branch = tree[0].children[0]
    tree[0] = replace(tree[0], children=(replace(branch, children=(lowered,)), *tree[0].children[1:]))
    card2 = score_project(replace(card.project, indicators=tuple(tree)))
    assert card2.total == Decimal(96)
    assert prose.conclusion_sentence(card2) == "经综合评价，该项目自评得分96分，评价等级为“优”。"
    assert "“立项依据充分性”得3分，扣2分，主要是依据不足。" in prose.dimension_paragraph(card2.roots[0], card2.project)


def test_numbering_helpers():
    assert [facts.cn_number(n) for n in (1, 9, 10, 11, 20, 23)] == ["一", "九", "十", "十一", "二十", "二十三"]
    assert facts.circled(3) == "③"
    assert facts.tidy("把部署落实到招商引资、 投资推广和 产业 统筹 2021 年") == "把部署落实到招商引资、投资推广和产业统筹 2021 年"
    assert prose.join_cn(["甲", "乙", "丙"]) == "甲、乙和丙"


def test_analysis_sections_match_their_dimension():
    assert facts.matches_dimension("项目决策情况", "项目决策")
    assert facts.matches_dimension("项目过程情况", "项目管理")
    assert not facts.matches_dimension("项目绩效情况", "项目管理")


def test_loss_reasons_come_from_the_target_or_the_rule(selfeval):
    _, card = selfeval
    execution, output = card.roots[0], card.roots[1]
    # 456.30 / 480.00 = 95.06%
    assert "“预算执行率”得9.51分，扣0.49分，按预算执行率95.06%计分。" in prose.dimension_paragraph(
        execution, card.project)
    text = prose.dimension_paragraph(output, card.project)
    assert "“居家养老上门服务人次”得14.25分，扣0.75分，主要是三季度两家服务机构更换" in text
    assert "未说明扣分原因" not in text


def test_long_titles_break_between_words():
    assert facts.title_lines("2021年度招商引资项目支出绩效自评报告") == ["2021年度招商引资项目支出绩效自评报告"]
    assert facts.title_lines("2023年度社区居家养老服务补贴项目支出绩效自评报告") == [
        "2023年度社区居家养老服务补贴", "项目支出绩效自评报告"]


def test_the_review_title_breaks_between_words():
    assert facts.title_lines("2021年度招商引资项目支出绩效自评报告复核意见") == [
        "2021年度招商引资", "项目支出绩效自评报告复核意见"]
