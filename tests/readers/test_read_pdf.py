"""PDF through pypdfium2: page geometry to rows and cells, and jixiao's own PDFs read back to the
facts they were written from (with and without charts)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.readers.lattice import Glyph, find_grids
from jixiao.readers.pagelines import page_lines
from jixiao.readers.pdf import is_garbage

ROOT = Path(__file__).resolve().parents[2]


def word(text: str, x: float, y: float, size: float = 10.0) -> list[Glyph]:
    """One glyph per character, laid out left to right from (x, y) as a CJK font would."""
    return [Glyph(ch, x + k * size, y, x + (k + 1) * size, y + size) for k, ch in enumerate(text)]


def box_rules(xs: list[float], ys: list[float]) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """A full grid: every row and column line drawn across the table."""
    return ([(y, xs[0], xs[-1]) for y in ys], [(x, ys[0], ys[-1]) for x in xs])


def test_merged_label_cell_repeats_down_and_figures_count_once() -> None:
    xs, ys = [0, 100, 160, 300, 360], [0, 20, 40, 60]
    h, v = box_rules(xs, ys)
    # column 0 is merged over rows 1-2 (no rule between them there); column 1 too, holding a weight
    h = [s for s in h if s[0] != 40] + [(40.0, 160.0, 360.0)]
    glyphs = (word("一级指标", 2, 5) + word("分值", 102, 5) + word("三级指标", 162, 5) + word("得分", 302, 5)
              + word("项目管理", 2, 35) + word("35", 102, 35) + word("资金到位率", 162, 25) + word("5", 302, 25)
              + word("制度健全性", 162, 45) + word("4", 302, 45))
    lines = page_lines(glyphs, h, v, page=3, tol=1.0)
    rows = [[c.text for c in line.cells] for line in lines]
    assert rows == [["一级指标", "分值", "三级指标", "得分"], ["项目管理", "35", "资金到位率", "5"],
                    ["项目管理", "", "制度健全性", "4"]]
    assert all(line.grid and line.page == 3 for line in lines)
    assert [line.no for line in lines] == [1, 2, 3]
    assert lines[1].cell_boxes[3] == (300, 20, 360, 40)


def test_cell_cut_by_a_page_break_has_no_bottom_rule_and_is_still_a_cell() -> None:
    xs, ys = [0, 100, 200], [0, 20, 40, 60]
    h, v = box_rules(xs, ys)
    h = [s for s in h if s[0] not in (40, 60)] + [(40.0, 100.0, 200.0), (60.0, 100.0, 200.0)]
    glyphs = word("项目决策", 2, 32) + word("立项", 102, 5) + word("程序", 102, 25) + word("目标", 102, 45)
    rows = [[c.text for c in line.cells] for line in page_lines(glyphs, h, v, page=1, tol=1.0)]
    assert rows[0] == ["", "立项"]
    assert rows[1:] == [["项目决策", "程序"], ["项目决策", "目标"]]


def test_wrapped_cell_text_is_one_cell_and_prose_outside_tables_keeps_gaps() -> None:
    xs, ys = [0, 60, 200], [100, 140]
    h, v = box_rules(xs, ys)
    glyphs = (word("项目名称：示例", 0, 0) + word("主管部门：某局", 200, 0)
              + word("三级", 2, 105) + word("指标名称", 62, 105) + word("较长", 62, 120))
    lines = page_lines(glyphs, h, v, page=1, tol=1.0)
    assert lines[0].text.startswith("项目名称：示例  ") and lines[0].text.endswith("主管部门：某局")
    assert [c.text for c in lines[0].cells] == ["项目名称：示例", "主管部门：某局"]
    assert [c.text for c in lines[1].cells] == ["三级", "指标名称较长"]


def test_chart_axes_are_not_a_table() -> None:
    # an axis pair with tick marks: lines that cross, but no closed cell holding text
    h = [(200.0, 40.0, 300.0)] + [(y, 36.0, 40.0) for y in (50.0, 100.0, 150.0)]
    v = [(40.0, 20.0, 200.0)] + [(x, 200.0, 204.0) for x in (100.0, 200.0, 300.0)]
    assert find_grids(h, v, 1.0) == []
    glyphs = word("图1", 100, 210) + word("50", 10, 95)
    assert not any(line.grid for line in page_lines(glyphs, h, v, page=1, tol=1.0))


def test_two_columns_are_read_one_after_the_other() -> None:
    glyphs: list[Glyph] = []
    for k in range(10):
        glyphs += word(f"左栏第{k}行文字", 0, k * 14) + word(f"右栏第{k}行文字", 300, k * 14)
    texts = [line.text.strip() for line in page_lines(glyphs, [], [], page=1, tol=1.0)]
    assert texts == [f"左栏第{k}行文字" for k in range(10)] + [f"右栏第{k}行文字" for k in range(10)]


def test_garbage_text_layers_are_recognised() -> None:
    chinese = "项目名称：社区居家养老服务补贴，全年预算480.00万元，执行率95.06%。"
    assert not is_garbage(chinese)
    assert not is_garbage("Total 2021 budget 1375.72 execution 99.80% of the adjusted budget")
    assert not is_garbage("1423.71 1375.72 1372.97 99.80% 543.64 430.89")
    mojibake = chinese.encode("gb18030").decode("latin-1")          # a font without a usable ToUnicode map
    assert is_garbage(mojibake)
    assert is_garbage("\ufffd" * 30 + "项目")
    assert is_garbage("".join(chr(0xE000 + k) for k in range(40)))


def _published_reads_back(example: str, fmt: str, charts: bool) -> None:
    from jixiao.pipeline import load, score
    from jixiao.publish import render
    from jixiao.readers import read_bytes

    project = load(ROOT / "examples" / f"{example}.yaml").projects[0]
    card = score(project).card
    assert card is not None
    result = read_bytes(render(project, card, fmt, charts=charts), f"report.{fmt}")
    assert len(result.projects) == 1, result.findings
    back = result.projects[0]
    assert (back.name, back.department, back.year) == (project.name, project.department, project.year)
    f, g = project.funding.total, back.funding.total
    assert (g.initial, g.adjusted, g.actual) == (f.initial, f.adjusted, f.actual)
    assert [(s.name, s.amounts) for s in back.funding.sources] == [(s.name, s.amounts) for s in project.funding.sources]
    assert (back.stated.total, back.stated.grade) == (card.total, card.grade)
    assert back.stated.execution_rate == project.funding.execution_rate
    read = {t.name: (t.comparator, t.value, t.unit, t.actual) for t in back.targets}
    printed = {t.name: (t.comparator, t.value, t.unit, t.actual) for t in project.targets if t.value is not None}
    assert {n: read.get(n) for n in printed} == printed          # every target with its 指标值 and 实际完成值
    rescored = score(back).card
    assert rescored is not None and rescored.total == card.total
    src = back.source_of("stated.total")
    assert src is not None and (src.page is not None or fmt != "pdf")
    assert isinstance(card.total, Decimal)


@pytest.mark.slow
@pytest.mark.parametrize("charts", [True, False])
@pytest.mark.parametrize("example", ["pingshan-2021-zhaoshang", "shequ-2023-yanglao-selfeval"])
def test_own_pdf_reads_back_to_the_same_facts(example: str, charts: bool) -> None:
    _published_reads_back(example, "pdf", charts)


@pytest.mark.parametrize("fmt", ["docx", "html", "md"])
@pytest.mark.parametrize("example", ["pingshan-2021-zhaoshang", "shequ-2023-yanglao-selfeval"])
def test_own_documents_with_charts_read_back_to_the_same_facts(example: str, fmt: str) -> None:
    _published_reads_back(example, fmt, charts=True)


def test_a_figure_wrapped_at_its_cell_rule_is_one_figure() -> None:
    """A narrow ruled cell: '7308.7' reaches the right rule and goes on with '8' below it;
    two figures that do not fill the cell stay apart, as do two Latin words."""
    xs, ys = [0, 66, 140, 220], [0, 30]
    h, v = box_rules(xs, ys)
    glyphs = word("7308.7", 3, 3) + word("8", 3, 15)             # 6 glyphs of 10: 3 … 63, the rule at 66
    glyphs += word("10", 70, 3) + word("20", 70, 15)              # ends at 90, the rule at 140
    glyphs += word("Annual", 142, 3, 6) + word("report", 142, 15, 6)
    rows = [[c.text for c in line.cells] for line in page_lines(glyphs, h, v, page=1, tol=1.0)]
    assert rows == [["7308.78", "10 20", "Annual report"]]
