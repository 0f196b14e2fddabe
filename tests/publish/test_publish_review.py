"""The 复核意见: the checker's findings in a document of their own, located in the report's terms."""

from __future__ import annotations

import io

from docx import Document

from jixiao.pipeline import check
from jixiao.publish import render, render_review
from jixiao.publish.review import build_review, place


def test_places_use_the_projects_names(pingshan):
    project, _ = pingshan
    assert place("units[3].duties", project) == "参与实施单位「发展规划部」的职责"
    assert place("targets[2]", project) == "绩效目标「宣传册制作」"
    assert place("funding.procurement.adjusted", project) == "项目资金：政府采购的全年预算数"
    assert place("indicators/项目效益/群众满意度", project) == "评分表：项目效益—群众满意度"
    assert place("targets[99]", project) == "绩效目标第100项"
    assert place("", project) == "—"


def test_review_document_counts_and_lists_every_finding(pingshan):
    project, _ = pingshan
    _, findings = check(project)
    review = build_review(project, findings, "2022年3月5日")
    assert review.title == "2021年度招商引资项目支出绩效自评报告复核意见"
    errors = sum(f.is_error for f in findings)
    summary = review.blocks[0].text
    assert f"共发现问题{len(findings)}项" in summary and f"错误{errors}项" in summary
    doc = Document(io.BytesIO(render_review(project, findings, "docx")))
    table = doc.tables[0]
    assert len(table.rows) == 1 + len(findings)
    places = [row.cells[3].text for row in table.rows[1:]]
    assert not [p for p in places if "[" in p or "." in p], places     # no model paths


def test_the_report_itself_never_carries_the_findings(pingshan):
    project, card = pingshan
    _, findings = check(project)
    report = render(project, card, "md").decode()
    assert findings and not [f for f in findings if f.message and f.message in report]
    assert "复核" not in report


def test_a_clean_review_says_so(pingshan):
    project, _ = pingshan
    md = render_review(project, [], "md").decode()
    assert "未发现需要修改的问题" in md
