"""Tables and paragraphs of the DOCX body as WordprocessingML text (built directly: ~5× faster than the API).

Tables are fixed layout with merged cells (gridSpan / vMerge) and repeated header rows; a
long table cut into groups (the scoring table) puts each group in a row that may not split.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from docx.shared import Mm

from .tables import Grid, Row

CELL_MARGIN = 57      # twips (1 mm) left and right, so 2-character columns such as 分值 do not wrap
SMALL_TABLE = 10      # rows
CELL_PAD = 34         # twips (0.6 mm) above and below, so text does not touch the rules
TEXT_WIDTH_MM = 210 - 28 - 26


def paragraph(text: str, style_id: str, align: str = "", bold: bool = False, keep: bool = False) -> str:
    """One paragraph as WordprocessingML text; building XML directly is ~5× faster than the API.

    Newlines in ``text`` become line breaks; ``keep`` keeps it on the page of the next one.
    """
    jc = f'<w:jc w:val="{align}"/>' if align and align != "center" else ""
    keep_next = "<w:keepNext/>" if keep else ""
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    pieces = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(part)}</w:t>' for part in text.split("\n"))
    run = f"<w:r>{rpr}{pieces}</w:r>" if text else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{keep_next}{jc}</w:pPr>{run}</w:p>'


def _kept_rows(grid: Grid) -> set[int]:
    """Rows kept with the next one (Word's keep-with-next inside a table keeps rows together).

    A short table stays whole; a long one keeps its header with two body rows, so the caption
    (kept with the table) is never stranded, and its 合计 row with the row above.
    """
    total = len(grid.rows())
    if total <= SMALL_TABLE:
        return set(range(total - 1))
    kept = set(range(len(grid.head) + 1))
    if grid.foot:
        kept.add(len(grid.head) + len(grid.body) - 1)    # the 合计 row never alone at the top of a page
    return kept


Spans = tuple[dict[tuple[int, int], int], set[tuple[int, int]]]


def _spans(rows: list[Row]) -> Spans:
    """What each grid position holds: a vertical continuation (with its width) or nothing at all."""
    below: dict[tuple[int, int], int] = {}
    skip: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            for dc in range(1, cell.colspan):
                skip.add((r, c + dc))
            for dr in range(1, cell.rowspan):
                below[r + dr, c] = cell.colspan
                for dc in range(1, cell.colspan):
                    skip.add((r + dr, c + dc))
    return below, skip


def _tbl_open(twips: list[int], style_id: str, borders: str = "") -> str:
    out = [f'<w:tbl><w:tblPr><w:tblStyle w:val="{style_id}"/><w:tblW w:w="{sum(twips)}" w:type="dxa"/>'
           f'<w:jc w:val="center"/>{borders}<w:tblLayout w:type="fixed"/>'
           f'<w:tblCellMar><w:top w:w="{CELL_PAD}" w:type="dxa"/><w:left w:w="{CELL_MARGIN}" w:type="dxa"/>'
           f'<w:bottom w:w="{CELL_PAD}" w:type="dxa"/><w:right w:w="{CELL_MARGIN}" w:type="dxa"/>'
           "</w:tblCellMar></w:tblPr><w:tblGrid>"]
    out += [f'<w:gridCol w:w="{t}"/>' for t in twips]
    out.append("</w:tblGrid>")
    return "".join(out)


def _rows_xml(grid: Grid, twips: list[int], ids: dict[str, str], spans: Spans, run: tuple[int, int],
              keep: set[int], header: bool = True) -> str:
    """Rows ``run[0]``..``run[1] - 1`` of the grid as w:tr, merged cells as gridSpan / vMerge."""
    rows = grid.rows()
    below, skip = spans
    first, last = run
    style = ids["表格小字" if grid.compact else "表格文字"]
    out: list[str] = []
    for r in range(first, last):
        repeat = "<w:tblHeader/>" if header and r < len(grid.head) else ""
        out.append(f"<w:tr><w:trPr><w:cantSplit/>{repeat}</w:trPr>")
        for c, cell in enumerate(rows[r]):
            if (r, c) in skip:
                continue
            if cell is None:
                span = below.get((r, c), 1)
                grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
                width = sum(twips[c:c + span])
                out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid_span}<w:vMerge/>'
                           f'<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="{style}"/>'
                           "</w:pPr></w:p></w:tc>")
                continue
            width = sum(twips[c:c + cell.colspan])
            grid_span = f'<w:gridSpan w:val="{cell.colspan}"/>' if cell.colspan > 1 else ""
            vmerge = '<w:vMerge w:val="restart"/>' if cell.rowspan > 1 else ""
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid_span}{vmerge}'
                       f'<w:vAlign w:val="center"/></w:tcPr>')
            out.append(paragraph(cell.text, style, cell.align, cell.header or cell.bold, keep=r in keep))
            out.append("</w:tc>")
        out.append("</w:tr>")
    return "".join(out)


def _twips(grid: Grid) -> list[int]:
    total = sum(grid.widths) or grid.columns
    return [int(Mm(TEXT_WIDTH_MM * w / total).twips) for w in (grid.widths or [1.0] * grid.columns)]


def table_xml(grid: Grid, ids: dict[str, str]) -> str:
    """A fixed-layout table with merged cells (gridSpan / vMerge) and repeated header rows."""
    if grid.groups and len(grid.rows()) > SMALL_TABLE:
        return _grouped_table_xml(grid, ids)
    twips = _twips(grid)
    rows = _rows_xml(grid, twips, ids, _spans(grid.rows()), (0, len(grid.rows())), _kept_rows(grid))
    return f"{_tbl_open(twips, ids['Table Grid'])}{rows}</w:tbl>"


# Inner tables after the first draw no top rule: the rule above them is the previous one's bottom.
_NO_TOP = '<w:tblBorders><w:top w:val="nil"/></w:tblBorders>'
_FRAME_BORDERS = "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right",
                                                                  "insideH", "insideV"))
# a cell must end with a paragraph: after a nested table it is made as small as Word and LibreOffice allow
_TAIL = ('<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
         '<w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>')


def _grouped_table_xml(grid: Grid, ids: dict[str, str]) -> str:
    """The scoring table with each group in a row of a borderless one-column frame table.

    LibreOffice ignores keep-with-next inside a table, so a merged 一级 cell split by a page
    break shows its label on the first page only. A row that may not split (``cantSplit``) is
    kept whole by Word, WPS and LibreOffice alike: each group (already cut to fit a page, see
    ``tables.chunks``) is a nested table in one such row, and the header is another, repeated.
    """
    twips = _twips(grid)
    width = sum(twips)
    head = len(grid.head)
    starts = [head + g for g in sorted(set(grid.groups) | {0})]
    # the 合计 row goes with the last group, never alone at the top of a page
    runs = [(0, head), *zip(starts, [*starts[1:], len(grid.rows())], strict=True)]
    spans = _spans(grid.rows())
    out = [f'<w:tbl><w:tblPr><w:tblW w:w="{width}" w:type="dxa"/><w:jc w:val="center"/>'
           f'<w:tblBorders>{_FRAME_BORDERS}</w:tblBorders><w:tblLayout w:type="fixed"/>'
           '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
           '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr>'
           f'<w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid>']
    for n, (first, last) in enumerate(runs):
        if last <= first:
            continue
        repeat = "<w:tblHeader/>" if n == 0 else ""
        inner = _tbl_open(twips, ids["Table Grid"], "" if n == 0 else _NO_TOP)
        rows = _rows_xml(grid, twips, ids, spans, (first, last), set(), header=False)
        out.append(f'<w:tr><w:trPr><w:cantSplit/>{repeat}</w:trPr><w:tc><w:tcPr><w:tcW w:w="{width}" '
                   f'w:type="dxa"/></w:tcPr>{inner}{rows}</w:tbl>{_TAIL}</w:tc></w:tr>')
    out.append("</w:tbl>")
    return "".join(out)
