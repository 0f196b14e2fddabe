"""A key named after its block: ``total`` under funding is 年度资金总额, under stated 自评得分.

The review document, the revision diff and the merge page each name fields for people; before
one table served them, each named both totals alike (one of them after the wrong block).
"""

from __future__ import annotations

from jixiao.publish.review import place
from jixiao.web.projects import diff, merge

DOC = {"funding": {"total": {"initial": "100.00"}}, "stated": {"total": "90"},
       "targets": [{"name": "培训人次", "actual": "120"}]}


def test_review_document_names_each_total_after_its_block() -> None:
    assert place("stated.total", None) == "报告所列数值的自评得分"                       # type: ignore[arg-type]
    assert place("funding.total.initial", None) == "项目资金的年度资金总额的年初预算数"    # type: ignore[arg-type]


def test_revision_diff_names_each_total_after_its_block() -> None:
    labels = {path: label for path, (label, _) in diff._walk(DOC, "", "", (), "").items()}
    assert labels["funding.total.initial"] == "资金 · 年度资金总额 · 年初预算数"
    assert labels["stated.total"] == "报告所填 · 自评得分"
    assert labels["targets[培训人次].actual"] == "绩效指标「培训人次」 · 实际完成值"


def test_merge_page_names_each_total_after_its_block() -> None:
    assert merge.label(("funding", "total", "initial"), DOC) == "资金 · 年度资金总额 · 年初预算数"
    assert merge.label(("stated", "total"), DOC) == "报告所填 · 自评得分"
    assert merge.label(("targets", 0, "actual"), DOC) == "绩效目标「培训人次」 · 实际完成值"
    assert merge.label(("funding", "total", "actual"), DOC) == "资金 · 年度资金总额 · 全年执行数"
