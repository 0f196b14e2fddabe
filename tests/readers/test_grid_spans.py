"""One scoring table with merged cells, written as DOCX, XLSX, HTML and a ruled PDF page, reads as
the same canonical grid (cells with their spans) and the same facts.

The table has what real 自评表 have: a title row spanning the table, a 项目名称 row whose value
spans the rest, a two-row nested header (年度指标值 over 指标性质/指标值/度量单位, 自评得分 over
单项得分/权重/折算得分) with the other headings merged down, 一级/二级 labels merged down over
their rows, a row that starts two columns in (DOCX ``w:gridBefore``; empty cells elsewhere) and
a 合计 label spanning eight columns. Every expectation below is written out by hand.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.model import Indicator, Project
from jixiao.readers import read_bytes
from jixiao.readers.assemble import assemble
from jixiao.readers.docx_grid import read_docx, table_grids
from jixiao.readers.grid_model import TableCell, TableGrid
from jixiao.readers.lattice import Glyph
from jixiao.readers.layout import Document, Line
from jixiao.readers.office import read_workbook, workbook_grids
from jixiao.readers.pagelines import page_lines
from jixiao.readers.table_header import column_paths, header_at
from jixiao.readers.web import html_grids, read_html

WIDTH = 11
# (row, column) of each cell's origin -> (text, row span, column span); positions not listed are
# covered by a merge (or, in row 11, left out by w:gridBefore and empty elsewhere)
CELLS: dict[tuple[int, int], tuple[str, int, int]] = {
    (0, 0): ("2025年度社区居家养老服务项目绩效自评表", 1, 11),
    (1, 0): ("项目名称", 1, 1), (1, 1): ("社区居家养老服务项目", 1, 10),
    (2, 0): ("一级指标", 2, 1), (2, 1): ("二级指标", 2, 1), (2, 2): ("三级指标", 2, 1),
    (2, 3): ("年度指标值", 1, 3), (2, 6): ("实际完成值", 2, 1), (2, 7): ("自评得分", 1, 3),
    (2, 10): ("偏差原因分析及改进措施", 2, 1),
    (3, 3): ("指标性质", 1, 1), (3, 4): ("指标值", 1, 1), (3, 5): ("度量单位", 1, 1),
    (3, 7): ("单项得分", 1, 1), (3, 8): ("权重", 1, 1), (3, 9): ("折算得分", 1, 1),
}
_ROWS = [
    # row: (一级 with its row span, 二级 with its row span) or None where merged from above, then the rest
    (4, ("产出指标", 3), ("数量指标", 2), "服务老人人次", "≥", "1200", "人次", "1350", "100", "20", "20", ""),
    (5, None, None, "培训护理员人数", "≥", "50", "人", "45", "90", "20", "18", "培训场地延期"),
    (6, None, ("质量指标", 1), "服务合格率", "≥", "95", "%", "98", "100", "10", "10", ""),
    (7, ("效益指标", 2), ("社会效益指标", 2), "老人生活质量改善", "定性", "明显改善", "", "明显改善", "100", "20", "20", ""),
    (8, None, None, "志愿服务时长", "≥", "3000", "小时", "2800", "90", "10", "9", "志愿者招募不足"),
    (9, ("满意度指标", 1), ("服务对象满意度指标", 1), "老人满意度", "≥", "90", "%", "96", "100", "10", "10", ""),
]
for _r, _l1, _l2, *_rest in _ROWS:
    if _l1:
        CELLS[(_r, 0)] = (_l1[0], _l1[1], 1)
    if _l2:
        CELLS[(_r, 1)] = (_l2[0], _l2[1], 1)
    for _k, _text in enumerate(_rest):
        CELLS[(_r, 2 + _k)] = (_text, 1, 1)
# row 10 leaves its first two columns out (w:gridBefore=2): its levels are the ones above
for _k, _text in enumerate(("", "", "家属满意度", "≥", "85", "%", "80", "90", "10", "9", "部分家属反映探视时间不便")):
    CELLS[(10, _k)] = (_text, 1, 1)
CELLS[(11, 0)] = ("合计", 1, 8)
CELLS.update({(11, 8): ("100", 1, 1), (11, 9): ("96", 1, 1), (11, 10): ("", 1, 1)})
NROWS = 12
GRID_BEFORE = {10: 2}


def _covered() -> set[tuple[int, int]]:
    return {(r, c) for (r0, c0), (_, rs, cs) in CELLS.items() for r in range(r0, r0 + rs)
            for c in range(c0, c0 + cs) if (r, c) != (r0, c0)}


def to_docx() -> bytes:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    table = document.add_table(rows=NROWS, cols=WIDTH)
    for (r, c), (text, rs, cs) in CELLS.items():
        cell = table.cell(r, c)
        if rs > 1 or cs > 1:
            cell = cell.merge(table.cell(r + rs - 1, c + cs - 1))
        cell.text = text
    for r, skip in GRID_BEFORE.items():
        tr = table.rows[r]._tr
        for tc in tr.tc_lst[:skip]:
            tr.remove(tc)
        before = OxmlElement("w:gridBefore")
        before.set(qn("w:val"), str(skip))
        tr.get_or_add_trPr().append(before)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def to_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for (r, c), (text, rs, cs) in CELLS.items():
        value: object = int(text) if text.isdigit() else text or None
        sheet.cell(r + 1, c + 1, value)
        if rs > 1 or cs > 1:
            sheet.merge_cells(start_row=r + 1, start_column=c + 1, end_row=r + rs, end_column=c + cs)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_html() -> bytes:
    rows = []
    for r in range(NROWS):
        tds = []
        for c in range(WIDTH):
            if (r, c) in CELLS:
                text, rs, cs = CELLS[(r, c)]
                span = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
                tds.append(f"<td{span}>{text}</td>")
        rows.append(f"<tr>{''.join(tds)}</tr>")
    return f"<html><body><table>{''.join(rows)}</table></body></html>".encode()


def to_page() -> list[Line]:
    """The table drawn on a PDF page: each cell's four edges ruled, its text as glyphs inside."""
    xs = [120.0 * k for k in range(WIDTH + 1)]
    ys = [20.0 * k for k in range(NROWS + 1)]
    h: list[tuple[float, float, float]] = []
    v: list[tuple[float, float, float]] = []
    glyphs: list[Glyph] = []
    for (r, c), (text, rs, cs) in CELLS.items():
        x0, x1, y0, y1 = xs[c], xs[c + cs], ys[r], ys[r + rs]
        h += [(y0, x0, x1), (y1, x0, x1)]
        v += [(x0, y0, y1), (x1, y0, y1)]
        glyphs += [Glyph(ch, x0 + 2 + 8 * k, y0 + 5, x0 + 10 + 8 * k, y0 + 13) for k, ch in enumerate(text)]
    return page_lines(glyphs, h, v, page=1, tol=1.0)


def _expected_cells() -> list[TableCell]:
    covered = _covered()
    out = []
    for r in range(NROWS):
        for c in range(WIDTH):
            if (r, c) in covered:
                continue
            text, rs, cs = CELLS.get((r, c), ("", 1, 1))
            out.append(TableCell(r, c, text, rs, cs))
    return out


FORMATS = {"docx": (to_docx, table_grids, read_docx), "xlsx": (to_xlsx, workbook_grids, read_workbook),
           "html": (to_html, html_grids, read_html)}


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_gives_the_same_canonical_grid(fmt: str) -> None:
    make, grids, _ = FORMATS[fmt]
    found: list[TableGrid] = grids(make())
    assert len(found) == 1
    assert list(found[0].cells()) == _expected_cells()
    assert found[0].spans == {(0, 0): (1, 11), (1, 1): (1, 10), (2, 0): (2, 1), (2, 1): (2, 1), (2, 2): (2, 1),
                     (2, 3): (1, 3), (2, 6): (2, 1), (2, 7): (1, 3), (2, 10): (2, 1), (4, 0): (3, 1),
                     (4, 1): (2, 1), (7, 0): (2, 1), (7, 1): (2, 1), (11, 0): (1, 8)}


def _table_lines(fmt: str) -> list[Line]:
    if fmt == "pdf":
        return [line for line in to_page() if line.grid]
    make, _, read = FORMATS[fmt]
    return [line for line in read(make(), f"t.{fmt}").lines if line.grid]


def _row(lines: list[Line], first: str) -> Line:
    return next(line for line in lines if len(line.cells) > 2 and line.cells[2].text == first)


@pytest.mark.parametrize("fmt", [*FORMATS, "pdf"])
def test_merged_padding_never_moves_a_value_to_another_column(fmt: str) -> None:
    lines = _table_lines(fmt)
    # a row under two merged labels: the labels repeat, every figure stays in its own column
    row = _row(lines, "培训护理员人数")
    assert [c.text for c in row.cells] == ["产出指标", "数量指标", "培训护理员人数", "≥", "50", "人", "45", "90", "20",
                                           "18", "培训场地延期"]
    assert [c.covered for c in row.cells] == [True, True] + [False] * 9
    # the row that starts two columns in: its name is in the 三级 column, not the 一级
    row = _row(lines, "家属满意度")
    assert [c.text for c in row.cells] == ["", "", "家属满意度", "≥", "85", "%", "80", "90", "10", "9",
                                           "部分家属反映探视时间不便"]
    # the 合计 label spans eight columns: 100 and 96 are the 权重 and 折算得分 columns
    total = next(line for line in lines if line.cells[0].text == "合计")
    assert [c.text for c in total.cells][8:10] == ["100", "96"]
    assert (total.cells[0].col_span, total.cells[8].col_span) == (8, 1)
    assert all(c.covered and not c.text for c in total.cells[1:8])
    head = next(k for k, line in enumerate(lines) if line.cells[0].text == "一级指标")
    assert column_paths(lines[head], lines[head + 1]) == [
        ("l1",), ("l2",), ("l3",), ("value", "cmp"), ("value", "value"), ("value", "unit"), ("actual",),
        ("score", "raw"), ("score", "weight"), ("score", "score"), ("reason",)]
    roles = header_at(Document(f"t.{fmt}", lines), head)
    assert roles == (["l1", "l2", "l3", "cmp", "value", "unit", "actual", "raw", "weight", "score", "reason"],
                     head + 1)


LEAVES = {
    "产出指标/数量指标/服务老人人次": (Decimal(20), Decimal(20)),
    "产出指标/数量指标/培训护理员人数": (Decimal(20), Decimal(18)),
    "产出指标/质量指标/服务合格率": (Decimal(10), Decimal(10)),
    "效益指标/社会效益指标/老人生活质量改善": (Decimal(20), Decimal(20)),
    "效益指标/社会效益指标/志愿服务时长": (Decimal(10), Decimal(9)),
    "满意度指标/服务对象满意度指标/老人满意度": (Decimal(10), Decimal(10)),
    "满意度指标/服务对象满意度指标/家属满意度": (Decimal(10), Decimal(9)),
}
TARGETS = {  # name -> (value, unit, actual as printed)
    "服务老人人次": (Decimal(1200), "人次", "1350"), "培训护理员人数": (Decimal(50), "人", "45"),
    "服务合格率": (Decimal(95), "%", "98"), "志愿服务时长": (Decimal(3000), "小时", "2800"),
    "老人满意度": (Decimal(90), "%", "96"), "家属满意度": (Decimal(85), "%", "80"),
}


def _leaves(node: Indicator, path: str = "") -> dict[str, tuple[Decimal | None, Decimal | None]]:
    here = f"{path}/{node.name}" if path else node.name
    if not node.children:
        return {here: (node.weight, node.score)}
    return {k: v for child in node.children for k, v in _leaves(child, here).items()}


def _project(fmt: str) -> Project:
    if fmt == "pdf":
        return assemble(Document("t.pdf", to_page()), Path("t.pdf"))[0]
    result = read_bytes(FORMATS[fmt][0](), f"t.{fmt}")
    assert len(result.projects) == 1
    return result.projects[0]


@pytest.mark.parametrize("fmt", [*FORMATS, "pdf"])
def test_every_format_gives_the_same_facts(fmt: str) -> None:
    project = _project(fmt)
    assert project.name == "社区居家养老服务项目"
    leaves = {k: v for root in project.indicators for k, v in _leaves(root).items()}
    assert leaves == LEAVES
    assert project.stated.total == Decimal(96)
    targets = {t.name: (t.value, t.unit, t.actual_text) for t in project.targets}
    for name, want in TARGETS.items():
        assert targets[name] == want, name


def test_a_merged_label_repeats_down_a_merged_figure_counts_once() -> None:
    from jixiao.readers.grid_model import grid_lines

    grid = TableGrid([["项目管理", "35", "98%", "资金到位率"], ["", "", "", "制度健全性"]],
                     {(0, 0): (2, 1), (0, 1): (2, 1), (0, 2): (2, 1)}, lines=[7, 8])
    lines = grid_lines(grid)
    assert [[c.text for c in line.cells] for line in lines] == [["项目管理", "35", "98%", "资金到位率"],
                                                               ["项目管理", "", "", "制度健全性"]]
    assert [line.no for line in lines] == [7, 8]
    assert [(c.row_span, c.covered) for c in lines[0].cells] == [(2, False), (2, False), (2, False), (1, False)]
    assert [c.covered for c in lines[1].cells] == [True, True, True, False]


def _skipping_docx() -> bytes:
    """Four columns; rows that leave columns out at the start (w:gridBefore), the end (w:gridAfter)
    or both, and a vertical merge whose column the row above it leaves out."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rows = [["一级指标", "二级指标", "分值", "得分"], ["", "数量指标", "20", "18"], ["质量指标", "10", "9", ""],
            ["", "时效指标", "", ""], ["成本指标", "5", "5", "备注"]]
    skips = {1: (1, 0), 2: (0, 1), 3: (1, 2)}          # row -> (gridBefore, gridAfter)
    document = docx.Document()
    table = document.add_table(rows=len(rows), cols=4)
    for r, texts in enumerate(rows):
        for c, text in enumerate(texts):
            table.cell(r, c).text = text
    for r, (before, after) in skips.items():
        tr = table.rows[r]._tr
        tcs = tr.tc_lst
        for tc in [*tcs[:before], *(tcs[len(tcs) - after:] if after else [])]:
            tr.remove(tc)
        for tag, n in (("w:gridBefore", before), ("w:gridAfter", after)):
            if n:
                el = OxmlElement(tag)
                el.set(qn("w:val"), str(n))
                tr.get_or_add_trPr().append(el)
    tc = table.rows[4]._tr.tc_lst[0]          # continues a merge in column 0, which row 3 leaves out
    merge = OxmlElement("w:vMerge")
    tc.get_or_add_tcPr().append(merge)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_grid_before_and_after_bind_each_cell_to_its_grid_column() -> None:
    data = _skipping_docx()
    (grid,) = table_grids(data)
    assert grid.texts == [["一级指标", "二级指标", "分值", "得分"], ["", "数量指标", "20", "18"],
                          ["质量指标", "10", "9", ""], ["", "时效指标", "", ""], ["", "5", "5", "备注"]]
    assert grid.spans == {}           # the merge cannot reach over row 3, which has no cell in column 0
    lines = [line for line in read_docx(data, "t.docx").lines if line.grid]
    assert [[(c.column, c.text) for c in line.cells] for line in lines[1:4]] == [
        [(1, ""), (2, "数量指标"), (3, "20"), (4, "18")], [(1, "质量指标"), (2, "10"), (3, "9"), (4, "")],
        [(1, ""), (2, "时效指标"), (3, ""), (4, "")]]


_ODD_ROWS = """<w:tbl xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:tr><w:trPr><w:gridBefore/></w:trPr><w:tc><w:tcPr><w:gridSpan/><w:vMerge w:val="restart"/></w:tcPr>
  <w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t xml:space="preserve"> c </w:t></w:r></w:p><w:p/><w:p><w:r><w:t/>
  <w:t>d</w:t></w:r></w:p></w:tc>
  <w:tc><w:tcPr><w:gridSpan w:val="2"/><w:gridSpan w:val="5"/></w:tcPr><w:p><w:r><w:t>e</w:t></w:r></w:p>
  <w:tbl><w:tr><w:tc><w:p><w:r><w:t>inner</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr>
<w:tr><w:trPr><w:gridBefore w:val="x"/><w:gridAfter w:val="2"/></w:trPr><w:tc><w:tcPr><w:vMerge/></w:tcPr>
  <w:p><w:r><w:t>hidden</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:vMerge w:val=""/><w:gridSpan w:val="99"/></w:tcPr>
  <w:p><w:r><w:cr/><w:t>f</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>SEP</w:t></w:r></w:p></w:tc></w:tr>
</w:tbl>"""


@pytest.mark.parametrize("sep", ["", "\ufdd0", "\ufdd1", "\ufdd3\ufdd4"])
def test_the_table_transform_reads_what_the_tree_walk_reads(sep: str) -> None:
    """DOCX table rows come from one XSLT pass; the tree walk (for frames, and for a text holding
    the transform's own separators) must read every odd row the same way."""
    from lxml import etree

    from jixiao.readers.docx_grid import _grids, _rows_walk, _rows_xslt

    tbl = etree.fromstring(_ODD_ROWS.replace("SEP", f"g{sep}h"))
    walked = list(_rows_walk(tbl))
    assert walked[0][2][0][2] == "a\tb\n c \n\nd"
    assert _rows_xslt(tbl) == (walked if not sep.startswith(("\ufdd0", "\ufdd1")) else None)
    (grid,) = _grids(tbl)
    assert grid.texts[2] == [f"g{sep}h"]
    assert grid.texts[0][:2] == ["", "a\tb\n c \n\nd"] and grid.spans[(0, 1)] == (2, 1)


def test_every_docx_table_reads_the_same_by_transform_and_by_walk() -> None:
    import layouts
    import synth
    from lxml import etree

    from jixiao.readers.docx_grid import _TBL, _body, _rows_walk, _rows_xslt
    from testdata import SEED

    docs = [to_docx(), _skipping_docx(), synth.to_docx(SEED.read_text("utf-8")),
            *(c.data for c in [*layouts.shipped_cases(), *layouts.cases(80)] if c.suffix == ".docx")]
    seen = 0
    for data in docs:
        body = _body(data)
        assert body is not None
        for tbl in body.iter(_TBL):
            if not etree.XPath("boolean(w:tr[count(w:tc) = 1]/w:tc/w:tbl)",
                               namespaces={"w": tbl.nsmap.get("w", "")})(tbl):
                assert _rows_xslt(tbl) == list(_rows_walk(tbl))
                seen += 1
    assert seen >= 10
