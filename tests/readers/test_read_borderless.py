"""Borderless PDF tables (readers/stream.py): rows and columns rebuilt from the text layer alone.

Page geometry is built glyph by glyph for the rules (a wrapped cell, a continuation line, a
spanning header, a table running onto the next page); then the generated layouts
(tests/readers/layouts.py) are printed to PDF by WeasyPrint with no cell borders, in the
styles publishers use (cells centred or top-aligned, tight or loose), and must read back to
the generator's facts or "not found", never another value.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.readers.lattice import Glyph
from jixiao.readers.pagelines import page_lines
from jixiao.readers.stream import Carry


def word(text: str, x: float, y: float, size: float = 10.0) -> list[Glyph]:
    return [Glyph(ch, x + k * size, y, x + (k + 1) * size, y + size) for k, ch in enumerate(text)]


def rows(glyphs: list[Glyph], carry: Carry | None = None) -> list[list[str]]:
    lines = page_lines(glyphs, [], [], page=1, tol=1.0, stream=carry if carry is not None else Carry())
    return [[c.text for c in line.cells] for line in lines]


COLS = (0, 80, 200, 260)          # x where each column's text starts; 20 points of gutter or more


def test_a_wrapped_cell_centred_against_its_row_is_one_cell() -> None:
    glyphs = word("一级指标", COLS[0], 0) + word("三级指标", COLS[1], 0) + word("分值", COLS[2], 0) + word("得分", COLS[3], 0)
    # row 1: the name wraps onto two lines (y 20 and 32); the other cells sit centred between them
    glyphs += word("产出指标", COLS[0], 26) + word("办理业务数", COLS[1], 20) + word("量", COLS[1], 32)
    glyphs += word("20", COLS[2], 26, 6) + word("18", COLS[3], 26, 6)
    glyphs += word("效益指标", COLS[0], 52) + word("满意度", COLS[1], 52) + word("10", COLS[2], 52, 6)
    glyphs += word("10", COLS[3], 52, 6)
    assert rows(glyphs) == [["一级指标", "三级指标", "分值", "得分"], ["产出指标", "办理业务数量", "20", "18"],
                            ["效益指标", "满意度", "10", "10"]]


def test_a_top_aligned_cell_that_wrapped_joins_its_row_and_a_figure_never_does() -> None:
    glyphs = word("一级指标", COLS[0], 0) + word("三级指标", COLS[1], 0) + word("分值", COLS[2], 0) + word("得分", COLS[3], 0)
    # the widest text of the name column reaches x 180: a line that full wrapped
    glyphs += word("产出指标", COLS[0], 14) + word("按时完成检测数", COLS[1], 14) + word("20", COLS[2], 14, 6)
    glyphs += word("18", COLS[3], 14, 6) + word("量", COLS[1], 26)
    # a short name: the line below it in that column is a row of its own, and so is a bare figure
    glyphs += word("效益指标", COLS[0], 40) + word("满意度", COLS[1], 40) + word("10", COLS[2], 40, 6)
    glyphs += word("10", COLS[3], 40, 6) + word("96", COLS[1], 54, 6)
    got = rows(glyphs)
    assert got[1] == ["产出指标", "按时完成检测数量", "20", "18"]
    assert got[2] == ["效益指标", "满意度", "10", "10"]
    assert got[3] == ["", "96", "", ""]


def test_a_header_cell_across_a_column_gap_spans_the_columns_it_crosses() -> None:
    sub = (0, 80, 140, 200, 260)
    glyphs = word("指标", sub[0], 0) + word("年度指标值", 95, 0) + word("得分", sub[4], 0)
    glyphs += word("名称", sub[0], 14) + word("性质", sub[1], 14) + word("数值", sub[2], 14) + word("单位", sub[3], 14)
    glyphs += word("分", sub[4], 14)
    for k, y in enumerate((28, 42, 56)):
        glyphs += word(f"指标{k}", sub[0], y) + word("≥", sub[1], y) + word(str(90 + k), sub[2], y, 6)
        glyphs += word("%", sub[3], y, 6) + word("5", sub[4], y, 6)
    lines = page_lines(glyphs, [], [], page=1, tol=1.0, stream=Carry())
    assert [c.text for c in lines[1].cells] == ["名称", "性质", "数值", "单位", "分"]
    top = lines[0].cells                 # its text runs from the 性质 column into the 数值 one, and
    assert top[1].text == "年度指标值" and top[1].col_span == 3 and len(top) == 5   # the 单位 one has none above
    assert [c.text for c in lines[2].cells] == ["指标0", "≥", "90", "%", "5"]


def test_a_table_runs_on_to_the_next_page_in_its_columns() -> None:
    carry = Carry()
    head = word("一级指标", COLS[0], 700) + word("三级指标", COLS[1], 700) + word("分值", COLS[2], 700)
    head += word("得分", COLS[3], 700)
    for k, y in enumerate((714, 728, 742)):
        head += word("产出指标", COLS[0], y) + word(f"指标{k}", COLS[1], y) + word("10", COLS[2], y, 6)
        head += word("9", COLS[3], y, 6)
    rows(head, carry)
    assert carry.edges is not None                   # the table reached the foot of the page
    # on the next page one row only, its first cells blank (merged above): too few to find columns
    nxt = word("指标3", COLS[1], 40) + word("10", COLS[2], 40, 6) + word("8", COLS[3], 40, 6)
    nxt += word("经自评，该项目得分为九十分，详见下文各节的分析与说明。", 0, 80)
    got = rows(nxt, carry)
    assert got[0] == ["", "指标3", "10", "8"]
    assert len(got[1]) == 1                           # the prose after it stays a text line


def test_prose_and_a_two_column_page_are_not_tables() -> None:
    glyphs: list[Glyph] = []
    for k in range(10):
        glyphs += word(f"左栏第{k}行文字", 0, k * 14) + word(f"右栏第{k}行文字", 300, k * 14)
    lines = page_lines(glyphs, [], [], page=1, tol=1.0, stream=Carry())
    assert not any(line.grid for line in lines)
    assert [line.text.strip() for line in lines][:2] == ["左栏第0行文字", "左栏第1行文字"]


def test_generated_tables_printed_with_and_without_borders_read_back() -> None:
    """Every print style (ruled; borderless centred, tight, top-aligned, loose), merged cells as
    real rowspans in some: the generator's facts or not found, never another value."""
    import layouts
    from measure import compare

    from jixiao.readers import read_bytes

    right: dict[str, int] = {}
    total: dict[str, int] = {}
    wrong: dict[str, object] = {}
    for case in layouts.printed_cases(8):
        style = case.layout.rsplit("/pdf-", 1)[1]
        result = read_bytes(case.data, "generated.pdf")
        verdicts = compare(case.annotation, result.projects[0] if result.projects else None)
        wrong.update({f"{case.layout}.{f}": v for f, v in verdicts.items() if v[0] == "wrong"})
        right[style] = right.get(style, 0) + sum(v[0] == "right" for v in verdicts.values())
        total[style] = total.get(style, 0) + len(verdicts)
    assert wrong == {}
    assert set(total) == set(layouts.PRINT_STYLES)
    assert all(right[s] >= 0.9 * total[s] for s in total), (right, total)


def test_some_printed_tables_merge_their_labels_over_rows() -> None:
    """The printed set holds real rowspans (a label printed once, centred over its rows), so the
    test above covers a merged label that touches the rows it spans."""
    import layouts

    html = [c for c in layouts.cases(120) if c.suffix == ".html"]
    assert any("/spans" in c.layout and b"rowspan=" in c.data for c in html[:8])


def test_a_sentence_with_spaces_around_its_figures_is_not_a_funds_row() -> None:
    """PDF text layers put spaces between Chinese and figures; the sentence is still prose."""
    from jixiao.readers import read_bytes

    text = ("2024年度项目支出绩效自评表\n本项目年初预算 977.94 万元，调整后全年预算 897.19 万元，全年执行数 547.29 万元，"
            "预算执行率为 61.00%。\n")
    total = read_bytes(text.encode(), "report.txt").projects[0].funding.total
    assert (total.initial, total.adjusted, total.actual) == (Decimal("977.94"), Decimal("897.19"), Decimal("547.29"))


@pytest.mark.parametrize("cells", [["36,04", "36041", "29,91"], ["\ufffd", "3604.11", "2991.41"]])
def test_an_unreadable_figure_keeps_its_column_so_no_other_figure_moves_into_it(cells: list[str]) -> None:
    from jixiao.readers import read_bytes

    text = ("项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t执行率\n"
            f"\t年度资金总额\t{cells[0]}\t{cells[1]}\t{cells[2]}\t83.00%\n")
    total = read_bytes(text.encode(), "table.txt").projects[0].funding.total
    assert total.initial is None
    assert total.adjusted in (None, Decimal(cells[1])) and total.actual in (None, number_or_none(cells[2]))


def number_or_none(text: str) -> Decimal | None:
    from jixiao.readers.numbers import number

    return number(text)


def test_word_tables_without_borders_printed_by_libreoffice_read_back(tmp_path: object) -> None:
    """python-docx's default table style draws no borders: LibreOffice prints such a table as
    free text, its narrow cells wrapping figures ('658.5' over '3')."""
    import shutil
    import subprocess
    from pathlib import Path

    import layouts
    from measure import compare

    from jixiao.readers import read_bytes

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    out = Path(str(tmp_path))
    cases = {}
    seed = 0
    while len(cases) < 6:
        case = layouts.case(seed)
        if case.suffix == ".docx":
            (out / f"g{seed}.docx").write_bytes(case.data)
            cases[seed] = case
        seed += 1
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{out}/profile", "--convert-to", "pdf",
                    "--outdir", str(out), *[str(out / f"g{s}.docx") for s in cases]],
                   check=True, capture_output=True, timeout=300)
    right = total = 0
    wrong = {}
    for s, case in cases.items():
        result = read_bytes((out / f"g{s}.pdf").read_bytes(), "printed.pdf")
        verdicts = compare(case.annotation, result.projects[0] if result.projects else None)
        wrong.update({f"{s}.{f}": v for f, v in verdicts.items() if v[0] == "wrong"})
        right += sum(v[0] == "right" for v in verdicts.values())
        total += len(verdicts)
    assert wrong == {}
    assert right >= 0.75 * total
