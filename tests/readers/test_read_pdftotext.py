"""Text tables as ``pdftotext -layout`` prints them: a wrapped cell's lines are lines of their own
(above and below the row's figures when centred, below them when top-aligned) and every
character, CJK or not, takes one column of the grid. Invented texts, and generated reports
printed to PDF and converted by pdftotext (skipped without it)."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal as D
from pathlib import Path

import pytest

from jixiao.readers import read_bytes
from jixiao.readers.fragments import join_fragments
from jixiao.readers.layout import text_lines
from jixiao.readers.normalise import normalise_document

CENTRED = """某县2023年度项目支出绩效自评表

项目名称    乡村道路养护

                                      实际完成      分             偏差原因分析
一级指标    二级指标     三级指标       年度指标值                     得分
                                      值         值             及改进措施
                 道路养护
产出指标    数量指标                ≥100公里    105公里     40    40
                 里程
                 养护质量
产出指标    质量指标                ≥95%      92%       30    27
                 达标率
                 群众满意
满意度指标   满意度指标               ≥90%      93%       30    30
                 度
合计                                              100   97
"""

TOP = """某县2023年度项目支出绩效自评表

项目名称    乡村道路养护

一级指标    二级指标     三级指标       年度指标值     实际完成      分值    得分
                                      值
产出指标    数量指标     道路养护       ≥100公里    105公里     40    40
                 里程
产出指标    质量指标     养护质量       ≥95%      92%       30    27
                 达标率
满意度指标   满意度指标    群众满意       ≥90%      93%       30    30
                 度
合计                                              100   97
"""

def _texts(text: str) -> list[str]:
    doc = join_fragments(normalise_document(text_lines(text, "x.txt")))
    return [ln.text for ln in doc.lines]


@pytest.mark.parametrize("text", [CENTRED, TOP], ids=["centred", "top-aligned"])
def test_wrapped_cells_join_their_rows(text: str) -> None:
    lines = _texts(text)
    assert any("道路养护里程" in t and "105公里" in t for t in lines)
    assert any("养护质量达标率" in t and "92%" in t for t in lines)
    assert any("群众满意度" in t and "93%" in t for t in lines)
    assert any("实际完成值" in t and "得分" in t for t in lines)
    assert not any(t.strip() in {"里程", "达标率", "度", "道路养护"} for t in lines)


@pytest.mark.parametrize("text", [CENTRED, TOP], ids=["centred", "top-aligned"])
def test_wrapped_cells_read_as_rows(text: str) -> None:
    result = read_bytes(text.encode(), "report.txt")
    project = result.projects[0]
    rows = {n.name: (n.weight, n.score) for n in _leaves(project.indicators)}
    assert rows == {"道路养护里程": (D(40), D(40)), "养护质量达标率": (D(30), D(27)), "群众满意度": (D(30), D(30))}
    assert project.stated.total == D(97)


def _leaves(nodes, out=None):
    out = [] if out is None else out
    for n in nodes:
        _leaves(n.children, out) if n.children else out.append(n)
    return out


def test_a_table_in_display_width_is_left_alone() -> None:
    # a fixed-width export: CJK characters two columns wide; the pass must not reprint it
    text = ("一级指标      二级指标      三级指标          分值    得分\n"
            "产出指标      数量指标      助餐服务人次        30      30\n"
            "                            上门探访户数        20      18\n")
    doc = normalise_document(text_lines(text, "x.txt"))
    assert [ln.text for ln in join_fragments(doc).lines] == [ln.text for ln in doc.lines]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_generated_reports_through_pdftotext_layout(tmp_path: Path) -> None:
    """The printed generated reports as pdftotext -layout text, scored on the generator's
    annotation: wrong facts at most, right facts at least as many as measured when the pass was
    built (benchmarks/read_accuracy.py reads the full set)."""
    pytest.importorskip("weasyprint")
    import layouts
    from measure import compare

    got: list[str] = []
    for k, case in enumerate(layouts.printed_cases(2)):
        pdf = tmp_path / f"p{k}.pdf"
        pdf.write_bytes(case.data)
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(pdf), "-"],
                              capture_output=True, check=True).stdout
        result = read_bytes(text, f"p{k}.txt")
        project = result.projects[0] if result.projects else None
        got += [v[0] for v in compare(case.annotation, project).values()]
    assert got.count("wrong") <= WRONG_AT_MOST and got.count("right") >= RIGHT_AT_LEAST, got


# the first two printed layouts in five print styles, 80 facts: before the fragments pass 37 right
# and 18 wrong, with it 64 right and 3 wrong (a funds header three lines tall whose middle line
# holds one heading; docs/readers.md, "Text extracted from a PDF")
WRONG_AT_MOST = 3
RIGHT_AT_LEAST = 64
