"""Rules over the prose claims (claimed.py, funds.py): each fires with its figures and stays quiet on a
consistent text. Invented reports read through the readers, so the claims are the ones real reading gives."""

from __future__ import annotations

from jixiao.core.checks import run_checks
from jixiao.core.findings import Finding, Severity
from jixiao.core.scoring import score_project
from jixiao.readers import read_bytes


def check_text(text: str) -> list[Finding]:
    loaded = read_bytes(text.encode("utf-8"), "report.txt")
    return [f for p in loaded.projects for f in run_checks(p, score_project(p))]


def only(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def test_items_under_a_whole_must_add_up() -> None:
    wrong = ("一、资金情况\n全市下达资金共500万元，其中下达区县200万元；市直单位300万元。"
             "市直单位项目有：一是图书馆，下达资金180万元。二是文化馆，下达资金150万元。\n")
    found = only(check_text(wrong), "JX408")
    assert len(found) == 1 and "330万元" in found[0].message and "300万元" in found[0].message
    assert found[0].source is not None and found[0].source.line == 2
    right = wrong.replace("150万元", "120万元")
    assert not only(check_text(right), "JX408")


def test_unit_misprint_from_parts_and_from_a_product() -> None:
    parts = "一、资金情况\n项目全年预算数860元：其中中央资金600万元，省级资金260万元。\n"
    found = only(check_text(parts), "JX411")
    assert len(found) == 1 and "860元" in found[0].message and "万元" in found[0].message
    product = "一、资金情况\n慰问困难党员50人，慰问标准400元/人。本级配套资金2元，已全部发放。\n"
    found = only(check_text(product), "JX411")
    assert len(found) == 1 and "50人×400元/人" in found[0].message
    assert not only(check_text(product.replace("2元", "2万元")), "JX411")


def test_numbering_and_document_numbers() -> None:
    text = "一、主要工作\n1.完成培训。\n2.完成宣传。\n2.完成验收。\n3.完成总结。\n依据县财〔2023〕12号和县财2023〕13号文件执行。\n"
    found = check_text(text)
    assert [f.data["repeated"] for f in only(found, "JX412")] == [2]
    assert [f.data["number"] for f in only(found, "JX413")] == ["和县财2023〕13号"]
    fine = "一、主要工作\n1.完成培训。\n2.完成宣传。\n3.完成总结。\n1.加强管理。\n2.加强监督。\n"
    assert not only(check_text(fine), "JX412")      # a second list starting again at 1 is not a repeat


def test_grants_by_level_against_the_budget() -> None:
    text = ("一、资金情况\n2023年中央下达补助资金600万元。各级财政安排配套资金300万元。"
            "全年预算数950万元，全年执行数940万元，执行率98.95%。\n")
    found = only(check_text(text), "JX414")
    assert len(found) == 1 and "900.00" in found[0].message and "50.00" in found[0].message
    explained = text.replace("执行率98.95%。", "执行率98.95%。上年结转资金50万元。")
    assert not only(check_text(explained), "JX414")


def test_a_level_spending_more_than_it_received() -> None:
    text = ("一、资金情况\n中央下达补助资金500万元。全年预算数800万元，"
            "全年执行数790(含中央资金520万元,县级资金270万元)，执行率98.75%。\n")
    found = only(check_text(text), "JX415")
    assert len(found) == 1 and found[0].severity is Severity.WARNING and "520.00" in found[0].message


def test_report_dated_before_the_period_ends_and_years_that_disagree() -> None:
    early = "某县2023年度项目支出绩效自评报告\n一、基本情况\n项目起止时间：2023.1.1-2023.12.31。\n填报日期：2023年11月20日\n"
    assert only(check_text(early), "JX416")
    assert not only(check_text(early.replace("2023年11月20日", "2024年2月20日")), "JX416")
    titles = "某局2022年度部门整体绩效自评表\n某局2023年度部门整体绩效自评表\n一、基本情况\n概况。\n"
    assert only(check_text(titles), "JX417")


def test_a_task_missed_and_an_item_spent_beyond_its_plan() -> None:
    task = "一、完成情况\n全年参保人数年初任务数5000人，全年完成值4600人。\n"
    found = only(check_text(task), "JX418")
    assert len(found) == 1 and found[0].severity is Severity.INFO and "92.00%" in found[0].message
    assert not only(check_text(task.replace("4600人", "5100人")), "JX418")
    items = ("一、资金情况\n本项目共申请预算资金500000元，其中人员培训200000元，设备购置150000元，宣传印刷150000元。"
             "本项目共完成预算资金480000元，其中人员培训230000元，设备购置150000元，宣传印刷100000元。\n")
    found = only(check_text(items), "JX418")
    assert len(found) == 1 and "人员培训" in found[0].message and "230000元" in found[0].message


def test_unspent_share_claimed_against_the_budget() -> None:
    text = ("一、资金情况\n全年预算数50万元，全年执行数40万元。\n"
            "二、偏差原因\n工程已完工，剩余2%尾款未付。\n")
    found = only(check_text(text), "JX401")
    assert len(found) == 1 and "20.00%" in found[0].message
    assert not only(check_text(text.replace("2%", "20%")), "JX401")


def test_money_said_wholly_spent_against_the_figures() -> None:
    text = "一、资金情况\n全年预算数50万元，全年执行数45万元。项目资金已全部支付。\n"
    found = only(check_text(text), "JX419")
    assert len(found) == 1 and found[0].severity is Severity.WARNING and "90.00%" in found[0].message
    assert not only(check_text(text.replace("已全部支付", "尚未全部支付")), "JX419")
    assert not only(check_text(text.replace("45万元", "50万元")), "JX419")


def test_claims_of_plain_texts_are_the_same_builder() -> None:
    from jixiao.core.claims import claims_from_texts
    claims, origin = claims_from_texts(["全年收到资金共100万元，其中省级60万元，县级30万元，其他10万元。", "1.培训。\n2.宣传。\n2.验收。"])
    assert [s.whole.text for s in claims.sums] == ["100万元"]
    assert claims.lists == ((1, ("1", "2", "2")),) and origin == [0, 1, 1, 1]
