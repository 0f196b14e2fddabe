"""Prose arithmetic (JX408), dates against documents (JX409), and weight findings on tables the
reader could only read in part (hedged to information). Invented texts in the layouts seen."""

from __future__ import annotations

from types import MappingProxyType

from check_helpers import Amounts, D, Funding, Stated, check, codes, leaf, only, project, tree

from jixiao.core.checks import run_checks
from jixiao.core.checks.base import ZERO_TOTAL_ROW
from jixiao.core.findings import Severity, Source
from jixiao.core.model import FundingSource
from jixiao.core.scoring import score_project
from jixiao.readers import read_bytes


def _prose(text: str) -> list:
    """The text read as a published report (the readers extract its claims), then checked."""
    loaded = read_bytes(f"一、基本情况\n{text}\n".encode(), "report.txt")
    return [f for p in loaded.projects for f in run_checks(p, score_project(p))]


def test_written_out_addition_must_be_right() -> None:
    found = only(_prose("培训场次为12+9=20场。"), "JX408")
    assert len(found) == 1 and found[0].data["computed"] == "21"
    assert not only(_prose("培训场次为12+9=21场，经费3.5+1.25=4.75万元。"), "JX408")


def test_parts_after_qizhong_must_add_up_to_the_amount_before_it() -> None:
    text = "本项目共安排资金500000元，其中设备购置200000元，人员培训150000元，宣传印刷50000元。"
    found = only(_prose(text), "JX408")
    assert len(found) == 1 and found[0].data["computed"] == "400000"
    ok = ("本项目共安排资金500000元，其中设备购置300000元，人员培训150000元，宣传印刷50000元。"
          "全年收到资金共120万元，其中：省级资金80万元，县级资金40万元2023年支出110万元，其中省级资金70万元，"
          "县级资金40万元。")
    assert not only(_prose(ok), "JX408")


def test_parts_that_may_be_a_selection_or_cross_dimensions_are_not_flagged() -> None:
    two = "全年支出100万元，其中人员经费30万元、公用经费20万元。"
    overlap = "年初预算300万元，其中一般经费预算300万元，政府采购预算120万元。"
    assert not only(_prose(two + overlap), "JX408")


def test_count_at_start_plus_added_against_the_stated_whole() -> None:
    text = "本年度实施项目共11个（含结转项目2个），年初批复6个项目，年中新增6个项目。"
    found = only(_prose(text), "JX408")
    assert len(found) == 1 and found[0].data["computed"] == "12" and found[0].data["whole"] == "11"
    assert not only(_prose("本年度实施项目共12个，年初批复6个项目，年中新增6个项目。"), "JX408")


def test_a_date_cannot_precede_the_document_it_concerns() -> None:
    text = "2013年3月2日，我局收到《关于下达2023年农村公路养护资金的通知》（交财〔2023〕17号）。"
    found = only(_prose(text), "JX409")
    assert len(found) == 1 and found[0].data["document_year"] == 2023
    fine = ("2023年3月2日，我局收到《关于下达2023年农村公路养护资金的通知》（交财〔2023〕17号）。"
            "2019年5月起执行《管理办法》，2023年印发补充通知（交财〔2023〕3号）。")
    assert not only(_prose(fine), "JX409")


def test_weight_sums_of_a_partially_read_table_are_information() -> None:
    p = project(indicators=tree(leaf("甲", "40", "40")), stated=Stated(execution_score=D(10), total=D(50)))
    assert [f.severity for f in only(check(p), "JX101")] == [Severity.ERROR]
    # a published table read without its 合计 row or 总分 may not have been read to its end
    unconfirmed = p.evolve(stated=Stated(execution_score=D(10)))
    assert [f.severity for f in only(check(unconfirmed), "JX101")] == [Severity.INFO]
    hedged = p.evolve(read_notes=("read.truncated_table",),
                      sources=MappingProxyType({"read.truncated_table": Source("t.txt", 3, 1)}))
    found = only(check(hedged), "JX101")
    assert found and all(f.severity is Severity.INFO and "仅供参考" in f.message for f in found)


def test_a_total_row_of_zeros_is_one_finding_and_not_an_execution_error() -> None:
    rows = (FundingSource("本年财政拨款", Amounts(D(90), D("89.974"), D("89.974"))),)
    funding = Funding(total=Amounts(D(90), D("89.974"), D("89.974")), sources=rows)
    p = project(funding=funding, stated=Stated(execution_rate=D(0), execution_score=D(0)),
                read_notes=(ZERO_TOTAL_ROW,), sources=MappingProxyType({ZERO_TOTAL_ROW: Source("t.txt", 4, 1)}))
    found = check(p)
    assert codes(found).count("JX205") == 1 and "执行率亦填0" in only(found, "JX205")[0].message
    assert "JX202" not in codes(found)
    assert not only(check(project(funding=funding)), "JX205")


def test_funds_renamed_between_sections_are_a_conflict() -> None:
    text = ("2023年收到中央下达补助资金500.5万元，省级下达60.2万元，县级配套120.8万元。"
            "全年收到资金共681.5万元，其中：中央资金500.5万元，县级资金60.2万元，其他资金120.8万元。")
    found = only(_prose(text), "JX410")
    assert len(found) == 1 and found[0].data["level"] == "县级"
    fine = ("收到中央资金500.5万元，省级资金60.2万元。支出中央资金480万元，省级资金60.2万元。"
            "省级资金10万元用于培训，市级资金10万元用于宣传。")
    assert not only(_prose(fine), "JX410")


def test_rounded_sums_and_changes_inside_a_breakdown_pass() -> None:
    text = ("三个村各占33.33+33.33+33.33=100%。全年支出90万元，其中培训费40万元，比上年增加5万元，"
            "印刷费20万元，差旅费30万元。")
    assert not only(_prose(text), "JX408")
