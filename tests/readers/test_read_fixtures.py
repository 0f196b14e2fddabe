"""Small hand-made reports in other layouts: a 自评表 in 元 (text and DOCX), a 权重 table in a GBK web page."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

from measure import leaves

from jixiao.core.model import Comparator
from jixiao.core.scoring import score_project
from jixiao.readers import read_bytes, read_document

DATA = Path(__file__).parent / "data"
D = Decimal


def _check_selfeval(project: object) -> None:
    p = project
    assert (p.name, p.department, p.implementing_unit, p.year) == (  # type: ignore[attr-defined]
        "城区公厕运维经费", "某市城市管理局", "某市环境卫生管理所", 2023)
    t = p.funding.total  # type: ignore[attr-defined]
    assert (t.initial, t.adjusted, t.actual) == (D(120), D(115), D("109.25"))     # 元 -> 万元, exactly
    assert p.stated.execution_rate == D(95) and p.stated.execution_score == D("9.5")  # type: ignore[attr-defined]
    assert (p.stated.total, p.stated.grade) == (D("93.5"), "优")  # type: ignore[attr-defined]
    assert p.narrative.goal.startswith("保障城区86座公厕")  # type: ignore[attr-defined]
    rows = leaves(p.indicators)  # type: ignore[attr-defined]
    assert [r.name for r in rows] == ["预算执行率", "运维公厕数量", "保洁考核达标率", "故障修复时限", "市民如厕便利程度", "市民满意度"]
    repair = p.target(rows[3].target)  # type: ignore[attr-defined]
    assert (repair.comparator, repair.value, repair.unit, repair.actual) == (Comparator.LE, D(24), "小时", D(30))
    assert repair.deviation_reason.startswith("部分配件采购周期长")
    card = score_project(p)  # type: ignore[arg-type]
    assert card.total == D("93.5") and card.grade == "优"


def test_selfeval_in_yuan_as_text() -> None:
    result = read_document(DATA / "selfeval-yuan.txt")
    _check_selfeval(result.projects[0])
    src = result.projects[0].sources["funding.total.adjusted"]
    assert (src.line, src.fragment is not None and "1,150,000.00" in src.fragment) == (6, True)


def test_selfeval_in_yuan_as_docx() -> None:
    import docx

    document = docx.Document()
    table = None
    for raw in (DATA / "selfeval-yuan.txt").read_text("utf-8").splitlines():
        if "\t" not in raw:
            table = None
            document.add_paragraph(raw)
            continue
        cells = raw.split("\t")
        if table is None:
            table = document.add_table(rows=0, cols=9)
        row = table.add_row()
        for k, text in enumerate(cells[:9]):
            row.cells[k].text = text
    out = io.BytesIO()
    document.save(out)
    _check_selfeval(read_bytes(out.getvalue(), "selfeval.docx").projects[0])


def test_weighted_table_in_a_gbk_web_page() -> None:
    result = read_document(DATA / "weighted.html")
    p = result.projects[0]
    assert (p.name, p.department, p.year) == ("社区养老服务补贴", "某区民政局", 2022)
    assert (p.funding.total.initial, p.funding.total.adjusted, p.funding.total.actual) == (D(80), D("76.5"), D("75.2"))
    assert p.stated.execution_rate == D("98.30")
    assert (p.stated.total, p.stated.grade, p.stated.weight_total) == (D(91), "优", D(100))
    assert [(n.name, [c.name for c in n.children]) for n in p.indicators] == [
        ("决策", ["立项依据充分性", "绩效目标合理性"]), ("过程", ["资金到位率", "预算执行率"]),
        ("产出", ["实际完成率"]), ("效益", ["服务对象满意度"])]
    assert [r.score for r in leaves(p.indicators)] == [D(10), D(8), D(20), D(19), D(18), D(16)]
    assert score_project(p).total == D(91)
    assert p.narrative.problems[0].cause == "社区工作人员变动频繁"
    assert p.narrative.suggestions == ()                 # '无' is no suggestion
    src = p.sources["stated.total"]
    assert "91" in (DATA / "weighted.html").read_bytes().decode("gb18030").splitlines()[src.line - 1]


SUMMARY_TABLE = """某区2023年度道路养护项目绩效自评表
项目名称\t道路养护
金额单位：元
资金来源\t年初预算数\t全年预算数\t全年执行数\t执行率
本年财政拨款\t500,000\t480,000\t456,000\t95%
合计\t500,000\t480,000\t456,000\t95%
一级指标\t二级指标\t三级指标\t分值\t得分
产出\t数量\t养护里程\t40分\t38分
效益\t社会效益\t通行条件改善\t60分\t57.5分
合计\t\t\t100分\t95.5分
"""


def test_total_row_named_heji_in_yuan_with_points_in_words() -> None:
    p = read_bytes(SUMMARY_TABLE.encode("utf-8"), "summary.txt").projects[0]
    t = p.funding.total
    assert (t.initial, t.adjusted, t.actual) == (D(50), D(48), D("45.6"))
    assert p.stated.execution_rate == D(95)
    assert [(r.name, r.weight, r.score) for r in leaves(p.indicators)] == [
        ("养护里程", D(40), D(38)), ("通行条件改善", D(60), D("57.5"))]
    assert (p.stated.total, p.stated.weight_total) == (D("95.5"), D(100))
    assert not any(n.name == "预算执行率" for n in p.indicators)       # no 分值 for it: nothing invented


def test_footer_rows_and_part_headings() -> None:
    text = ("第一部分 基本情况\n项目名称：示范项目\n项目名称\t示范项目\t主管部门\t某局\n"
            "评价结论\t项目总体完成较好，自评得分92分。\n存在问题\t1.资金拨付进度偏慢；2.宣传不到位。\n"
            "改进措施\t加快资金拨付进度。\n项目负责人：\t张三\n")
    result = read_bytes(text.encode("utf-8"), "footer.txt")
    assert len(result.projects) == 1                      # the same name twice is one project
    p = result.projects[0]
    assert p.narrative.sections[0].heading == "基本情况"
    assert p.narrative.conclusion.startswith("项目总体完成较好")
    assert [x.text for x in p.narrative.problems] == ["资金拨付进度偏慢", "宣传不到位。"]
    assert p.narrative.measures == ("加快资金拨付进度。",)
    assert (p.stated.total, p.leads, p.department) == (D(92), ("张三",), "某局")


def test_markdown_table_with_rule_row() -> None:
    md = ("# 2022年度测试项目绩效自评报告\n项目名称：测试项目\n| 一级指标 | 分值 | 三级指标 | 分值 | 得分 |\n"
          "|---|---|---|---|---|\n| 产出 | 60 | 完成率 | 60 | 55 |\n| 效益 | 40 | 满意度 | 40 | 40 |\n"
          "| 合计 | 100 | | 100 | 95 |\n")
    p = read_bytes(md.encode("utf-8"), "r.md").projects[0]
    assert [(n.name, n.weight, [(c.name, c.score) for c in n.children]) for n in p.indicators] == [
        ("产出", D(60), [("完成率", D(55))]), ("效益", D(40), [("满意度", D(40))])]
    assert (p.stated.total, p.stated.weight_total, p.year) == (D(95), D(100), 2022)


def test_page_number_inside_a_table(seed_path: Path) -> None:
    text = seed_path.read_text("utf-8").replace("项目管理\t35\t组织保障", "— 7 —\n\n第 8 页\n项目管理\t35\t组织保障")
    p = read_bytes(text.encode("utf-8"), "paged.txt").projects[0]
    assert len(leaves(p.indicators)) == 16 and score_project(p).total == D(98)


def test_empty_score_in_the_total_row_defers_to_the_prose() -> None:
    text = ("项目名称：甲\n一级指标\t分值\t三级指标\t分值\t得分\n产出\t60\t完成率\t60\t55\n合计\t100\t\t100\t\n"
            "一、结论\n综合评分为95分，评价等级为优。\n")
    p = read_bytes(text.encode("utf-8"), "x.txt").projects[0]
    assert (p.stated.total, p.stated.weight_total, p.stated.grade) == (D(95), D(100), "优")
    assert p.sources["stated.total"].line == 6


def _two_projects() -> str:
    one = (DATA / "selfeval-yuan.txt").read_text("utf-8")
    return one + "\n\n" + one.replace("城区公厕运维经费", "背街小巷保洁经费").replace("1,092,500.00", "1,000,000.00")


def test_two_tables_on_one_page_are_two_projects_in_order() -> None:
    text = _two_projects()
    page = "".join(f"<p>{line}</p>" if "\t" not in line else
                   "<table><tr>" + "".join(f"<td>{c}</td>" for c in line.split("\t")) + "</tr></table>"
                   for line in text.splitlines())
    for name, data in (("two.txt", text.encode("utf-8")), ("two.html", f"<html><body>{page}</body></html>".encode())):
        projects = read_bytes(data, name).projects
        assert [(p.name, p.funding.total.actual) for p in projects] == [
            ("城区公厕运维经费", D("109.25")), ("背街小巷保洁经费", D(100))], name
        assert all(p.narrative.conclusion.startswith("本项目自评得分93.5分") for p in projects)
        assert projects[1].sources["name"].line > projects[0].sources["stated.total"].line or name == "two.html"
