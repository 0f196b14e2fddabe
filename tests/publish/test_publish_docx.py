"""The DOCX: the seed's structure, GB/T 9704 typography with w:eastAsia fonts, real merged tables."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt
from publish_helpers import scoring_tables

from jixiao.publish import render
from jixiao.publish.outline import Heading, build_report

SECTIONS = ["一、基本情况", "二、项目绩效评价结论和分析", "三、主要经验及做法", "四、存在的问题及整改措施", "五、有关建议"]


@pytest.fixture(scope="module")
def docx_bytes(pingshan) -> bytes:
    project, card = pingshan
    return render(project, card, "docx")


@pytest.fixture(scope="module")
def doc(docx_bytes):
    return Document(io.BytesIO(docx_bytes))


def test_outline_numbers_headings_at_four_levels(pingshan):
    project, card = pingshan
    report = build_report(project, card)
    heads = [b for b in report.blocks if isinstance(b, Heading)]
    assert [h.text for h in heads if h.level == 1] == SECTIONS
    level2 = [h.text for h in heads if h.level == 2]
    assert level2[:4] == ["（一）项目概况", "（二）项目管理的组织架构和职责分工", "（三）项目资金管理情况",
                          "（四）项目绩效目标及实现情况"]
    assert "1.项目决策情况" in [h.text for h in heads if h.level == 3]   # no space to stretch in justified text
    assert report.title == "2021年度招商引资项目支出绩效自评报告"


def test_headings_and_cover_in_order(doc):
    styled = [(p.style.name, p.text) for p in doc.paragraphs]
    assert styled[0] == ("Title", "2021年度招商引资项目支出绩效自评报告")
    cover = [t for _, t in styled[1:6]]
    assert cover == ["项目名称：招商引资", "主管部门（公章）：深圳市坪山区投资推广服务署",
                     "项目负责人：刘海兰、马路漫、朱运凯", "填报人：王美娴", "联系电话：0755-28339251"]
    assert [t for s, t in styled if s == "Heading 1"] == SECTIONS
    texts = [t for _, t in styled]
    # 1423.71 − 1375.72 = 47.99; 1372.97 / 1375.72 = 99.80%
    assert any(t.startswith("该项目年初预算1423.71万元；年中调减47.99万元，调整后全年预算1375.72万元；"
                            "实际支出1372.97万元，预算执行率99.80%。") for t in texts)
    # the preparer's conclusion already states 98分, so the score is not stated a second time
    assert sum("98分" in t for t in texts) == 1
    # the user's narrative sits under its dimension, after the generated figures
    i = texts.index("1.项目决策情况")
    assert texts[i + 1].startswith("项目决策方面，该部分分值15分，自评得分14分")
    assert texts[i + 2].startswith("项目目标与署职能相适应")
    # 落款: the signing unit and a date, right-aligned at the end
    assert texts[-2:][0] == "深圳市坪山区投资推广服务署" and texts[-1].endswith("日")


def test_page_setup_follows_gb_t_9704(doc):
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)   # A4 in twips
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [37, 35, 28, 26]


def _east_asia(style) -> str | None:
    rfonts = style.element.rPr.find(qn("w:rFonts"))
    return rfonts.get(qn("w:eastAsia"))


def test_fonts_are_set_for_east_asian_text(doc):
    styles = doc.styles
    assert _east_asia(styles["Normal"]) == "仿宋_GB2312"
    assert _east_asia(styles["Title"]) == "方正小标宋简体"
    assert _east_asia(styles["Heading 1"]) == "黑体"
    assert _east_asia(styles["Heading 2"]) == "楷体_GB2312"
    assert styles["Title"].font.size == Pt(22)
    assert styles["Normal"].font.size == Pt(16) and styles["Heading 1"].font.size == Pt(16)
    pf = styles["Normal"].paragraph_format
    assert pf.line_spacing_rule == WD_LINE_SPACING.EXACTLY and pf.line_spacing == Pt(28.95)   # 22 lines / 225 mm
    spacing = styles["Normal"].element.rPr.find(qn("w:spacing"))
    # 28 characters of 16 pt in 156 mm: each gives up 16 − 156/25.4*72/28 ≈ 0.21 pt, rounded to 0.25 pt
    assert spacing is not None and int(spacing.get(qn("w:val"))) == -5
    theme = styles["Heading 1"].element.rPr.find(qn("w:rFonts")).get(qn("w:asciiTheme"))
    assert theme is None, "a theme font would override the explicit one"


def test_footer_has_a_page_field(docx_bytes):
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        footers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/footer")]
    assert any("PAGE" in f and 'w:fldCharType="begin"' in f for f in footers)


def test_scoring_table_merges_levels_and_totals(doc):
    parts = scoring_tables(doc)
    header = [c.text for c in parts[0].rows[0].cells]
    assert header == ["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "指标解释", "得分"]
    rows = [row for part in parts[1:] for row in part.rows]
    assert len(rows) == 16 + 1
    # 项目决策 spans its three leaf rows: python-docx returns the same merged cell for each
    decision = parts[1]
    assert decision.cell(0, 0)._tc is decision.cell(2, 0)._tc
    assert decision.cell(0, 0).text == "项目决策" and parts[2].cell(0, 0).text == "项目管理"
    last = [c.text for c in rows[-1].cells]
    assert last[0] == "合计" and last[1] == "100" and last[-1] == "98"
    leaf_scores = [row.cells[-1].text for row in rows[:-1]]
    assert sum(int(s) for s in leaf_scores) == 98
    assert "绩效目标有待进一步细化、量化" in rows[2].cells[6].text


def test_each_group_is_a_row_that_may_not_split(doc):
    """LibreOffice ignores keep-with-next in tables; a cantSplit row is kept whole by every viewer."""
    frame = next(t for t in doc.tables if t.rows[0].cells[0].tables
                 and t.rows[0].cells[0].tables[0].rows[0].cells[0].text == "一级指标")
    groups = [row.cells[0].tables[0].rows[0].cells[0].text for row in frame.rows[1:]]
    assert groups == ["项目决策", "项目管理", "项目产出", "项目效益"]
    for n, row in enumerate(frame.rows):
        tr_pr = row._tr.trPr
        assert tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is not None
        assert (tr_pr.find(qn("w:tblHeader")) is not None) == (n == 0)     # the header repeats, nothing else
    last = frame.rows[-1].cells[0].tables[0]
    assert last.rows[-1].cells[0].text == "合计"          # never alone at the top of a page


def test_figures_only_with_charts(docx_bytes, pingshan):
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        assert not [n for n in z.namelist() if n.startswith("word/media/")]   # off by default
    project, card = pingshan
    with zipfile.ZipFile(io.BytesIO(render(project, card, "docx", charts=True))) as z:
        assert len([n for n in z.namelist() if n.startswith("word/media/")]) == 3


def test_properties_are_the_projects_not_the_templates(docx_bytes):
    doc = Document(io.BytesIO(docx_bytes))
    cp = doc.core_properties
    assert cp.title == "2021年度招商引资项目支出绩效自评报告"
    assert cp.author == "深圳市坪山区投资推广服务署" and cp.language == "zh-CN"
    assert cp.created.year >= 2024 and cp.revision == 1 and cp.last_printed is None
    assert cp.comments == "" and cp.author != "python-docx"
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        app = z.read("docProps/app.xml").decode()
        styles = z.read("word/styles.xml").decode()
        fonts = z.read("word/fontTable.xml").decode()
        names = z.namelist()
    assert "Macintosh" not in app and "<Application>jixiao</Application>" in app
    assert 'w:eastAsia="zh-CN"' in styles
    assert 'w:name="仿宋_GB2312"' in fonts and 'w:altName w:val="仿宋"' in fonts
    assert "docProps/thumbnail.jpeg" not in names


def test_created_is_the_signing_date_when_given(pingshan):
    from datetime import date

    project, card = pingshan
    doc = Document(io.BytesIO(render(project, card, "docx", signed=date(2022, 3, 5))))
    assert doc.core_properties.created.date() == date(2022, 3, 5)
    assert doc.paragraphs[-1].text == "2022年3月5日"


def test_page_numbers_odd_right_even_left(docx_bytes):
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        settings = z.read("word/settings.xml").decode()
        footers = {n: z.read(n).decode() for n in z.namelist() if n.startswith("word/footer")}
    assert "w:evenAndOddHeaders" in settings
    aligns = sorted(a for f in footers.values() for a in ("right", "left") if f'w:jc w:val="{a}"' in f)
    assert aligns == ["left", "right"]
    doc = Document(io.BytesIO(docx_bytes))
    # the number's line starts 7 mm under the text block: 35 mm margin − 7 mm − 18 pt line
    assert abs(doc.sections[0].footer_distance.mm - (35 - 7 - 18 * 25.4 / 72)) < 0.2


def test_selfeval_project_report(selfeval):
    project, card = selfeval
    doc = Document(io.BytesIO(render(project, card, "docx", charts=False)))
    texts = [p.text for p in doc.paragraphs]
    assert any("居家养老上门服务人次11400人次，未达到12000人次的年度目标，主要原因是三季度两家服务机构更换" in t
               for t in texts)
    assert any(t == f"经综合评价，该项目自评得分{card.total}分，评价等级为“优”。" for t in texts)
    funding = next(t for t in doc.tables if t.rows[0].cells[0].text == "项目资金（万元）")
    assert [c.text for c in funding.rows[2].cells] == ["其中：本年财政拨款", "400.00", "380.00", "361.30", "95.08%"]


def test_the_score_column_holds_a_two_decimal_total(doc):
    """"94.14" at 小五 (9 pt Times, digits 0.5 em) plus 1 mm cell margins each side must fit unwrapped."""
    table = scoring_tables(doc)[0]
    widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    needed = 5 * 0.5 * 9 * 20 + 2 * 57          # twips
    assert widths[-1] >= needed * 1.2, widths
