"""Reasons read once with the claims (core/reasons.py) and the rules that ask for them."""

from __future__ import annotations

from check_helpers import D, Narrative, check, leaf, only, project

from jixiao.core.claims import build_claims
from jixiao.core.model import Indicator, Section
from jixiao.core.reasons import reason_kinds, text_reasons

TREE = (Indicator("项目决策", D(100), children=(
    Indicator("绩效目标", D(100), children=(leaf("资金使用合规性", "100", "96"),)),)),)


def test_kinds_of_reason() -> None:
    assert reason_kinds("因政策调整，年中追加预算20万元") == {"adjustment"}
    assert reason_kinds("根据区财政局文件调减政府采购预算") == {"adjustment-procurement"}
    assert "shortfall" in reason_kinds("剩余3%尾款未付")
    assert "late" in reason_kinds("省级资金尚未到位")
    assert reason_kinds("低于目标值时请说明原因") == frozenset()       # a template prompt gives no reason
    assert reason_kinds("项目按计划实施") == frozenset()
    assert "shortfall" in text_reasons("已完工。剩余尾款待审计后支付")


def test_a_deduction_list_explains_the_items_it_names() -> None:
    claims = build_claims(["四、扣分情况说明", "1.资金使用合规性:个别凭证附件不全", "五、结论", "资金使用合规性良好"],
                          [0, 1, 2, 3])
    tagged = {(k, kind) for k, kind, _ in claims.reasons}
    assert (1, "shortcoming") in tagged          # an item of the list, though it names no weakness word
    assert (3, "shortcoming") not in tagged      # after the next heading the list has ended


def test_a_deduction_named_in_a_deduction_list_is_explained() -> None:
    listed = Narrative(analysis=(Section("其他", "扣分情况说明：\n1.资金使用合规性：个别凭证附件不全。"),))
    assert not only(check(project(indicators=TREE, narrative=listed)), "JX301")
    other = Narrative(analysis=(Section("其他", "扣分情况说明：\n1.档案管理：个别档案归档不及时。"),))
    assert only(check(project(indicators=TREE, narrative=other)), "JX301")
    formula = Narrative(analysis=(Section("其他", "资金使用合规性按公式得96分。"),))
    assert not only(check(project(indicators=TREE, narrative=formula)), "JX301")


def test_a_table_dumped_on_one_line_is_no_reason() -> None:
    row = "资金使用合规性 " + "数据 " * 80 + "有待加强"
    claims = build_claims([row], [0])
    assert not claims.reasons


def test_wholly_arrived_against_the_money_that_arrived() -> None:
    from check_helpers import Amounts, Funding

    from jixiao.core.model import Section

    funding = Funding(total=Amounts(D(500), D(500), D(450)))

    def said(text: str) -> list[str]:
        n = Narrative(sections=(Section("一、基本情况", text),))
        return [f.message for f in only(check(project(funding=funding, narrative=n)), "JX419")]

    (msg,) = said("实际到位资金450万元，项目资金已全额到位。")
    assert "全额到位" in msg and "450" in msg and "500" in msg and "少50" in msg
    assert not said("实际到位资金500万元，项目资金已全额到位。")
    assert not any("实际到位资金" in m for m in said("中央实际到位资金450万元，项目资金已全额到位。"))  # a part


def test_funds_arrival_reads_the_claims() -> None:
    from check_helpers import Amounts, Funding

    from jixiao.core.model import Section

    funding = Funding(total=Amounts(D(500), D(400)))
    late = Narrative(sections=(Section("一、基本情况", "实际到位资金120万元；省级资金尚未下达。"),))
    assert not only(check(project(funding=funding, narrative=late)), "JX208")


def test_a_rate_wrong_at_its_own_precision_is_a_warning() -> None:
    from check_helpers import Amounts, Funding, Stated

    from jixiao.core.findings import Severity

    funding = Funding(total=Amounts(D(25), D(25), D("21.54576")))     # 86.18304%

    def rate_findings(stated: str) -> list[Severity]:
        p = project(funding=funding, stated=Stated(execution_rate=D(stated), execution_score=D(9)))
        return [f.severity for f in only(check(p), "JX202")]

    assert rate_findings("86.19") == [Severity.WARNING]      # 86.18 at the printed two places
    assert rate_findings("86.18") == []
    assert rate_findings("86.1") == [Severity.INFO]          # one place printed, within tolerance: a note


def test_a_sub_row_rate_is_checked_at_its_printed_precision() -> None:
    from jixiao.core.checks import run_checks
    from jixiao.core.scoring import score_project
    from jixiao.readers import read_bytes

    def table(rate: str) -> list[str]:
        text = ("项目支出绩效自评表\n项目名称 | 测试项目 |\n项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |\n"
                "年度资金总额 | 250000 | 250000 | 215457.6 | 10 | 86.18% | 8.62 |\n"
                f"其中:当年财政拨款 | 250000 | 250000 | 215457.6 | — | {rate} | — |\n上年结转资金 | — | — |\n")
        p = read_bytes(text.encode("utf-8"), "t.txt").projects[0]
        return [f.message for f in run_checks(p, score_project(p)) if f.code == "JX202" and "一行" in f.message]

    (msg,) = table("86.19%")          # 215457.6 / 250000 = 86.18304%
    assert "当年财政拨款" in msg and "86.19" in msg and "86.18" in msg
    assert not table("86.18%")
    assert not table("86.2%")          # right at its one printed place
