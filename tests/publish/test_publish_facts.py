"""Sentences come from the model: change a figure and the sentence follows; nothing is typed by hand."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from jixiao.core.model import Amounts, Comparator, Funding, Target
from jixiao.core.scoring import score_project
from jixiao.publish import facts


def test_funding_sentence_states_the_three_amounts_and_the_rate(pingshan):
    _, card = pingshan
    sentences = facts.funding_sentences(card.project.funding)
    assert sentences[0] == ("该项目年初预算1423.71万元，调整后全年预算1375.72万元，"
                            "全年执行1372.97万元，预算执行率99.80%。")
    assert "全年预算较年初预算调减47.99万元（3.37%）。" in sentences
    assert any(s.startswith("其中政府采购年初预算543.64万元，全年预算430.89万元，全年执行430.89万元，执行率100.00%")
               for s in sentences)


def test_funding_sentence_follows_the_model():
    funding = Funding(total=Amounts(Decimal("100"), Decimal("120.5"), Decimal("60.25")))
    text = facts.funding_sentences(funding)
    assert text[0] == "该项目年初预算100.00万元，调整后全年预算120.50万元，全年执行60.25万元，预算执行率50.00%。"
    assert text[1] == "全年预算较年初预算调增20.50万元（20.50%）。"


def test_missing_amounts_are_left_out_not_invented():
    assert facts.funding_sentences(Funding(total=Amounts(None, Decimal(10), None))) == ["该项目调整后全年预算10.00万元。"]
    assert facts.funding_sentences(Funding()) == []


def test_target_sentences_compare_value_and_actual(pingshan):
    project, _ = pingshan
    by_id = {t.id: t for t in project.targets}
    assert facts.target_sentence(by_id["staff-satisfaction"]) == (
        "单位干部职工满意度：年度指标值≥95%，实际完成值98%，已完成。")
    assert facts.target_sentence(by_id["meetings"]) == "召开市级生物医药产业会议次数：年度指标值1次，未填报实际完成值。"
    assert facts.target_summary(project) == "共设置绩效目标8项，已完成4项，4项未填报实际完成值。"


def test_unmet_targets_show_the_completion_rate():
    ge = Target("a", "服务人次", comparator=Comparator.GE, value=Decimal(12000), unit="人次", actual=Decimal(11400),
                deviation_reason="机构更换。")
    le = Target("b", "单位成本", comparator=Comparator.LE, value=Decimal(300), unit="元", actual=Decimal(320))
    assert facts.target_sentence(ge) == ("服务人次：年度指标值≥12000人次，实际完成值11400人次，未完成（完成率95.00%）；"
                                         "偏差原因：机构更换。")
    assert facts.target_status(le) == "未完成（完成率93.75%）"
    assert facts.target_value_text(le) == "≤300元"


def test_conclusion_and_dimensions_come_from_the_score_card(pingshan):
    _, card = pingshan
    assert facts.conclusion_sentence(card).startswith("综合评分为98分（满分100分），评价等级为“优”。其中项目决策14分（分值15分）")
    decision = card.roots[0]
    assert facts.dimension_sentence(decision) == (
        "项目决策分值15分，得分14分，得分率93.33%。扣分指标：绩效目标明确性得4分（分值5分），扣1分，"
        "原因：绩效目标有待进一步细化、量化。")
    assert facts.dimension_sentence(card.roots[1]).endswith("各项指标均得满分。")
    assert facts.losses_summary(card) == ("评分表中共有2项指标扣分：绩效目标明确性（扣1分）、"
                                          "社会公众或服务对象对项目实施效果的满意程度（扣1分），合计扣2分。")


def test_a_changed_score_changes_every_sentence(pingshan):
    _, card = pingshan
    leaf = card.project.indicators[0].children[0].children[0]
    lowered = replace(leaf, score=Decimal(3), reason="依据不足")
    tree = list(card.project.indicators)
    branch = tree[0].children[0]
    tree[0] = replace(tree[0], children=(replace(branch, children=(lowered,)), *tree[0].children[1:]))
    card2 = score_project(replace(card.project, indicators=tuple(tree)))
    assert card2.total == Decimal(96)
    assert "综合评分为96分" in facts.conclusion_sentence(card2)
    assert "立项依据充分性得3分（分值5分），扣2分，原因：依据不足" in facts.dimension_sentence(card2.roots[0])


def test_numbering_helpers():
    assert [facts.cn_number(n) for n in (1, 9, 10, 11, 20, 23)] == ["一", "九", "十", "十一", "二十", "二十三"]
    assert facts.circled(3) == "③"
    assert facts.tidy("把部署落实到招商引资、 投资推广和 产业 统筹 2021 年") == "把部署落实到招商引资、投资推广和产业统筹 2021 年"


def test_analysis_sections_match_their_dimension():
    assert facts.matches_dimension("项目决策情况", "项目决策")
    assert facts.matches_dimension("项目过程情况", "项目管理")
    assert not facts.matches_dimension("项目绩效情况", "项目管理")


def test_loss_reasons_come_from_the_target_or_the_rule(selfeval):
    _, card = selfeval
    execution, output = card.roots[0], card.roots[1]
    assert "原因：按规则计分（全年执行456.30/全年预算480.00=95.06%，10×95.06%=9.51）" in facts.dimension_sentence(
        execution, card.project)
    text = facts.dimension_sentence(output, card.project)
    assert "居家养老上门服务人次得14.25分（分值15分），扣0.75分，原因：三季度两家服务机构更换" in text
    assert "未说明扣分原因" not in text


def test_long_titles_break_between_words():
    assert facts.title_lines("2021年度招商引资项目支出绩效自评报告") == ["2021年度招商引资项目支出绩效自评报告"]
    assert facts.title_lines("2023年度社区居家养老服务补贴项目支出绩效自评报告") == [
        "2023年度社区居家养老服务补贴", "项目支出绩效自评报告"]
