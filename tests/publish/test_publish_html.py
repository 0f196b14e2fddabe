"""HTML (self-contained) and Markdown: the same outline, readable as a web page and as text."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from jixiao.publish import render


@pytest.fixture(scope="module")
def html(pingshan) -> str:
    project, card = pingshan
    return render(project, card, "html", charts=True).decode("utf-8")


def test_html_is_self_contained(html):
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("style") is not None and "@page" in soup.find("style").text
    assert not soup.find_all("link") and not soup.find_all("script")
    assert not re.search(r'(?:src|href)="https?://', html)
    figures = soup.select("figure.chart")
    assert [f["id"] for f in figures] == ["chart-budget", "chart-targets", "chart-scores"]
    assert all(f.find("svg") is not None for f in figures)


def test_html_structure_and_generated_sentences(html):
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("h1").text == "2021年度招商引资项目支出绩效自评报告"
    assert [h.text for h in soup.find_all("h2")] == [
        "一、基本情况", "二、项目绩效评价结论和分析", "三、主要经验及做法", "四、存在的问题及整改措施", "五、有关建议"]
    generated = [p.text for p in soup.select("p.generated")]
    assert generated[1].startswith("该项目年初预算1423.71万元；年中调减47.99万元")
    assert "复核" not in soup.text
    signature = soup.select_one("footer.signature")
    assert signature.select_one("p.unit").text == "深圳市坪山区投资推广服务署"


def test_html_scoring_table_has_spans_header_and_total(html):
    soup = BeautifulSoup(html, "html.parser")
    table = soup.select_one("table.score")
    assert table.find_previous_sibling("p").text == "招商引资项目支出绩效评价指标体系评分表"
    # one tbody per 一级 group, so the PDF keeps a group on one page; 合计 inside the last one
    groups = table.select("tbody")
    assert len(groups) == 4 and groups[-1].select("tr")[-1]["class"] == ["total"]
    assert [th.text for th in table.select("thead th")] == [
        "一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "指标解释", "得分"]
    first = table.select("tbody tr")[0].find_all("td")
    assert first[0].text == "项目决策" and first[0]["rowspan"] == "3"
    total = table.select_one("tr.total").find_all("td")
    assert total[0].text == "合计" and total[-1].text == "98"


def test_text_is_escaped(pingshan):
    from dataclasses import replace

    project, card = pingshan
    narrative = replace(card.project.narrative, conclusion="<script>alert(1)</script> & 结论")
    card2 = replace(card, project=replace(card.project, narrative=narrative))
    out = render(project, card2, "html", charts=False).decode()
    assert "<script>alert(1)</script>" not in out and "&lt;script&gt;" in out


def test_markdown(pingshan):
    project, card = pingshan
    md = render(project, card, "md").decode("utf-8")
    assert md.startswith("# 2021年度招商引资项目支出绩效自评报告\n")
    assert "\n## 一、基本情况\n" in md and "\n### （一）项目概况\n" in md
    assert "\n#### 1.项目绩效目标\n" in md
    assert "| 一级指标 | 分值 | 二级指标 | 分值 | 三级指标 | 分值 | 指标解释 | 得分 |" in md
    assert "| 合计 | 100 |  | 100 |  | 100 |  | 98 |" in md
    assert "\n1.项目管理人员的绩效管理专业知识有待提高。" in md
