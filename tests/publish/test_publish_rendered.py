"""Look at the output as a reader sees it: DOCX through LibreOffice, and the WeasyPrint PDF.

Slow (LibreOffice, WeasyPrint, poppler). Checks pages, fonts embedded, headings, figures and
table headers present in the extracted text — a glyph that did not render (tofu, .notdef)
drops out of pdftotext, so finding every expected Chinese string proves it rendered.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from publish_helpers import docx_to_pdf, need, pdf_fonts, pdf_pages, pdf_text, run

from jixiao.publish import render

pytestmark = pytest.mark.slow

EXPECTED = [
    "2021年度招商引资项目支出绩效自评报告", "主管部门（公章）：深圳市坪山区投资推广服务署",
    "一、基本情况", "（一）项目概况", "二、项目绩效评价结论和分析", "三、主要经验及做法", "四、存在的问题及整改措施",
    "五、有关建议", "该项目年初预算1423.71万元，调整后全年预算1375.72万元，全年执行1372.97万元，预算执行率99.80%。",
    "综合评分为98分（满分100分），评价等级为“优”。", "招商引资项目支出绩效评价指标体系评分表",
    "图1项目资金：年初预算、全年预算与全年执行（万元）", "图3各一级指标得分与分值", "社会公众或服务对象对项目实施效果的满意程度",
]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pages_of(text: str) -> list[str]:
    return text.split("\f")


@pytest.fixture(scope="module")
def docx_pdf(pingshan, tmp_path_factory) -> Path:
    need("soffice")
    project, card = pingshan
    out = tmp_path_factory.mktemp("docx")
    docx = out / "report.docx"
    docx.write_bytes(render(project, card, None, "docx"))
    return docx_to_pdf(docx, out)


@pytest.fixture(scope="module")
def weasy_pdf(pingshan, tmp_path_factory) -> Path:
    project, card = pingshan
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    path.write_bytes(render(project, card, None, "pdf"))
    return path


@pytest.mark.parametrize("which", ["docx_pdf", "weasy_pdf"])
def test_pages_text_and_fonts(which, request):
    pdf: Path = request.getfixturevalue(which)
    assert 5 <= pdf_pages(pdf) <= 16
    text = pdf_text(pdf)
    flat = squash(text)
    missing = [s for s in EXPECTED if squash(s) not in flat]
    assert not missing, missing
    assert "\ufffd" not in text
    fonts = pdf_fonts(pdf)
    assert fonts and all(row[-5] == "yes" for row in fonts), fonts   # the emb column: every font embedded
    assert any("CJK" in row[0] for row in fonts)


@pytest.mark.parametrize("which", ["docx_pdf", "weasy_pdf"])
def test_page_numbers_and_repeated_table_header(which, request):
    pdf: Path = request.getfixturevalue(which)
    pages = pages_of(pdf_text(pdf))
    numbered = [i for i, page in enumerate(pages, 1) if re.search(rf"—\s*{i}\s*—", page)]
    assert len(numbered) >= pdf_pages(pdf) - 1
    score_pages = [p for p in pages if "重点工作任务" in p or re.search(r"合计\s+100", p)]
    assert len(score_pages) >= 1
    assert all("指标解释" in p for p in score_pages), "every page of the scoring table repeats its header"


def test_pages_render_to_png(weasy_pdf, tmp_path: Path):
    run(need("pdftoppm"), "-r", "30", "-f", "1", "-l", "2", "-png", str(weasy_pdf), str(tmp_path / "p"))
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == 2 and all(p.stat().st_size > 2000 for p in pngs)


def test_selfeval_pdf(selfeval, tmp_path: Path):
    project, card = selfeval
    path = tmp_path / "selfeval.pdf"
    path.write_bytes(render(project, card, None, "pdf"))
    flat = squash(pdf_text(path))
    for s in ("预算执行率", "该项目年初预算500.00万元，调整后全年预算480.00万元，全年执行456.30万元，预算执行率95.06%。",
              f"综合评分为{card.total}分", "居家养老上门服务人次：年度指标值≥12000人次，实际完成值11400人次，未完成（完成率95.00%）"):
        assert squash(s) in flat, s
