"""Passages read as wholes (core/passages.py): the 年度总体目标 block and text printed twice.

Invented reports read through the readers, so the claims are the ones real reading gives."""

from __future__ import annotations

from jixiao.core.checks import run_checks
from jixiao.core.claims import build_claims
from jixiao.core.findings import Finding
from jixiao.core.passages import goal_cells, repeated_clauses
from jixiao.core.scoring import score_project
from jixiao.readers import read_bytes


def check_text(text: str) -> list[Finding]:
    loaded = read_bytes(text.encode("utf-8"), "report.txt")
    return [f for p in loaded.projects for f in run_checks(p, score_project(p))]


def only(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]

HEAD = "项目支出绩效自评表\n项目名称\n测试项目\n"
TABLE = "一级指标\n二级指标\n三级指标\n产出指标\n数量指标\n培训人数\n100\n100\n10\n10\n"


def _405(findings: list[Finding]) -> list[Finding]:
    return only(findings, "JX405")


def test_goal_cells_are_the_text_between_the_header_and_the_indicator_table() -> None:
    cells = goal_cells(["年度总体目标", "预期目标", "实际完成情况", "43.2", "37.24", "一级指标", "二级指标"])
    assert [t for _, t in cells] == ["43.2", "37.24"]
    assert goal_cells(["项目名称", "一级指标"]) == ()


def test_goal_cells_holding_only_amounts_are_reported() -> None:
    text = HEAD + "年度总体目标\n预期目标\n实际完成情况\n43.2\n37.24\n" + TABLE
    found = _405(check_text(text))
    assert len(found) == 1 and "43.2" in found[0].message and "37.24" in found[0].message
    written = text.replace("43.2\n37.24", "完成全年培训任务，提升业务能力\n完成培训100人次，业务能力提升")
    assert not _405(check_text(written))


def test_achievement_repeating_the_goal_clause_for_clause_is_reported() -> None:
    goal = "深入开展法治宣传教育活动进社区,切实加强社区矫正人员日常监管工作。"
    interleaved = HEAD + f"年度总体目标 预期目标 实际完成情况 {goal} {goal}\n" + TABLE
    found = _405(check_text(interleaved))
    assert len(found) == 1 and "照抄" in found[0].message
    own = HEAD + f"年度总体目标 预期目标 实际完成情况 {goal} 全年开展宣传活动12场,社区矫正人员无脱管漏管。\n" + TABLE
    assert not _405(check_text(own))


def test_repeated_clauses_need_a_long_clause() -> None:
    assert repeated_clauses(((0, "提高水平,提高水平"),)) == ()
    assert len(repeated_clauses(((0, "全面提高基层医疗卫生服务水平,"), (1, "全面提高基层医疗卫生服务水平。")))) == 1


def test_a_long_sentence_printed_twice_apart_is_a_repeated_passage() -> None:
    para = "项目实施过程中严格执行财务管理制度，资金使用规范，未发现截留挪用等违规问题，各项工作有序推进。"
    text = f"一、项目概况\n{para}\n二、绩效分析\n产出数量达到预期。\n第3页\n{para}\n三、问题\n无。\n"
    found = only(check_text(text), "JX404")
    assert len(found) == 1 and "两次" in found[0].message
    assert found[0].source is not None and found[0].source.line == 6
    assert not only(check_text(text.replace(f"第3页\n{para}", "第3页")), "JX404")
    claims = build_claims(["短句。", "短句。"], [0, 1])
    assert claims.repeats == ()


def test_a_rate_printed_without_its_percent_sign_is_noted() -> None:
    from types import MappingProxyType

    from check_helpers import D, Stated, check, project

    from jixiao.core.findings import Severity, Source
    from jixiao.core.model import Claims

    def with_rate(printed: str, header: str = "执行率(B/A)") -> list[Finding]:
        src = Source(file="t.txt", line=5, column=1, fragment=printed)
        p = project(stated=Stated(execution_rate=D(20), execution_score=D(2)),
                    sources=MappingProxyType({"stated.execution_rate": src}),
                    claims=Claims(sentences=(header,)))
        return [f for f in check(p) if f.code == "JX202" and "%号" in f.message]

    (found,) = with_rate("20")
    assert found.severity is Severity.INFO and "“20”" in found.message
    assert not with_rate("20%")
    assert not with_rate("20", header="执行率(%)")


def test_statements_of_the_result_are_read_with_the_claims() -> None:
    from decimal import Decimal

    claims = build_claims(["经综合评价,自评总分:95分,评价等级为优。", "项目全面完成了年度绩效目标。",
                           "项目基本完成预期目标。"], [0, 1, 2])
    assert [(k, kw, v) for k, kw, v, _ in claims.scores] == [(0, "自评总分", Decimal(95))]
    assert [(k, g) for k, g, _ in claims.grades] == [(0, "优")]
    assert [k for k, _ in claims.completions] == [1]         # '基本完成' is hedged, not a claim of all


def test_weights_in_a_table_note_against_the_table() -> None:
    from check_helpers import D, check, leaf, project

    from jixiao.core.model import Indicator

    rows = (Indicator("产出指标", D(60), children=(leaf("完成率", "60", "60"),)),
            Indicator("效益指标", D(40), children=(leaf("满意度", "40", "40"),)))

    def note(text: str) -> list[str]:
        claims = build_claims([text], [0])
        return [f.message for f in check(project(indicators=rows, claims=claims)) if f.code == "JX105"]

    (msg,) = note("注:产出指标50分,效益指标40分。")
    assert "表注" in msg and "50" in msg and "60" in msg
    assert not note("注:产出指标60分,效益指标40分。")
    assert not note("注:满分10分。")          # one figure: a scoring rule, not the weights


def test_dated_documents_are_read_with_the_claims() -> None:
    claims = build_claims(["2021年3月5日收到市财政局《关于下达资金的通知》(某财预〔2022〕15号)。",
                           "2023年4月收到上级资金,用于2022年1月下达的〔2022〕8号文件。",
                           "请于2021年3月5日前填写并报送〔2022〕号文件。"], [0, 1, 2])
    # in the second, 2023年4月 has another date before the document, which belongs to 2022年1月;
    # the third is a template prompt
    assert [(k, y, d) for k, _, y, _, d in claims.dated_documents] == [(0, 2021, 2022), (1, 2022, 2022)]
