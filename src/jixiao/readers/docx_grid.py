"""DOCX to layout lines straight from word/document.xml (zip + lxml): paragraphs and real table grids.

Why not python-docx: building its object model costs ~50× the parse itself, and the grid
needs only what the XML says. Each table becomes a canonical grid (``grid_model.py``): cells at
their grid columns (``w:gridBefore`` / ``w:gridAfter`` leave columns without a cell at the start / end
of a row, ``w:gridSpan`` spans them, a ``w:vMerge`` continuation extends the cell above), so a merge's padding never moves a value to another
column; ``grid_lines`` turns it into one grid line per row.
"""

from __future__ import annotations

import io
import threading
import zipfile
from collections.abc import Iterator
from typing import Any

from lxml import etree

from .grid_model import TableGrid, grid_lines
from .layout import Document, Line, split_cells

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _SDT = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc", f"{_W}sdt"
_T, _TAB, _BR, _CR = f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"
_SPAN, _VMERGE, _VAL = f"{_W}gridSpan", f"{_W}vMerge", f"{_W}val"
_TCPR, _CONTENT = f"{_W}tcPr", f"{_W}sdtContent"
_TRPR, _BEFORE, _AFTER = f"{_W}trPr", f"{_W}gridBefore", f"{_W}gridAfter"
_MAX_XML = 64 * 1024 * 1024


_PIECES = etree.XPath(".//w:t/text() | .//w:tab | .//w:br | .//w:cr", namespaces={"w": _W[1:-1]},
                      smart_strings=False)     # compiled once: a paragraph's text in one C-level walk
_BREAKS = {_TAB: "\t", _BR: "\n", _CR: "\n"}


def _text(p: etree._Element) -> str:
    """The paragraph's text (``w:t``), a tab for ``w:tab`` and a line break for ``w:br`` / ``w:cr``."""
    pieces: Any = _PIECES(p)
    try:
        return "".join(pieces)          # no tab or break: every piece is text
    except TypeError:
        return "".join(x if isinstance(x, str) else _BREAKS[x.tag] for x in pieces)


def _child(el: etree._Element, tag: str) -> etree._Element | None:
    """``el.find(tag)`` for a plain child tag, without lxml's Python-level path parser (it costs
    more than the rest of a row)."""
    for child in el.iterchildren(tag):
        return child
    return None


def _blocks(body: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and tables in body order; content controls (w:sdt) opened."""
    for el in body:
        if el.tag == _SDT:
            content = _child(el, _CONTENT)
            if content is not None:
                yield from _blocks(content)
        elif el.tag in (_P, _TBL):
            yield el


def _cell_text(tc: etree._Element) -> str:
    return "\n".join(_text(p) for p in tc.iter(_P))


_CellInfo = tuple[str, str | None, str]        # (gridSpan's w:val or "", w:vMerge's w:val (None: no vMerge), text)
_RowInfo = tuple[str | None, str | None, list[_CellInfo]]     # (gridBefore's w:val, gridAfter's w:val, cells)


def _count(val: str | None) -> int:
    """A ``w:val`` count (gridSpan, gridBefore, gridAfter) kept within what a real table holds, from
    the value as given (None: no such element, 0; "": an element without a value, 1)."""
    if val is None:
        return 0
    try:
        return max(0, min(int(val or 1), 64))
    except ValueError:
        return 1


# The rows of a table without a frame, as text, in one libxslt pass (the per-cell Python walk cost
# ~4 µs a cell): a row opens with U+FDD0, each cell with U+FDD1, fields end with U+FDD3 and a
# value given is marked (U+FDD4) so that an element without w:val is told from no element.
# Those noncharacters never occur in a real document; one that holds them anyway is read by the walk.
_ROW, _CELL, _END, _GIVEN = "\ufdd0", "\ufdd1", "\ufdd3", "\ufdd4"
_XSL = f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:w="{_W[1:-1]}">
<xsl:output method="text" encoding="utf-8"/>
<xsl:template match="/w:tbl"><xsl:for-each select="w:tr">&#xFDD0;<xsl:for-each select="w:trPr[1]/w:gridBefore[1]"
>&#xFDD4;<xsl:value-of select="@w:val"/></xsl:for-each>&#xFDD3;<xsl:for-each select="w:trPr[1]/w:gridAfter[1]"
>&#xFDD4;<xsl:value-of select="@w:val"/></xsl:for-each>&#xFDD3;<xsl:for-each select="w:tc">&#xFDD1;<xsl:value-of
select="w:tcPr[1]/w:gridSpan[1]/@w:val"/>&#xFDD3;<xsl:for-each select="w:tcPr[1]/w:vMerge[1]">&#xFDD4;<xsl:choose
><xsl:when test="@w:val">&#xFDD4;<xsl:value-of select="@w:val"/></xsl:when></xsl:choose></xsl:for-each
>&#xFDD3;<xsl:for-each select=".//w:p"><xsl:if test="position() &gt; 1"><xsl:text>&#10;</xsl:text></xsl:if
><xsl:for-each select=".//w:t|.//w:tab|.//w:br|.//w:cr"><xsl:choose><xsl:when test="self::w:t"><xsl:value-of
select="."/></xsl:when><xsl:when test="self::w:tab"><xsl:text>&#9;</xsl:text></xsl:when><xsl:otherwise
><xsl:text>&#10;</xsl:text></xsl:otherwise></xsl:choose></xsl:for-each></xsl:for-each></xsl:for-each
></xsl:for-each></xsl:template>
</xsl:stylesheet>"""
_FRAMED = etree.XPath("boolean(w:tr[count(w:tc) = 1]/w:tc/w:tbl)", namespaces={"w": _W[1:-1]})
_SIZE = etree.XPath("concat(count(w:tr), ' ', count(w:tr/w:tc))", namespaces={"w": _W[1:-1]})
_LOCAL = threading.local()          # an XSLT object per thread (the web app reads in threads)


def _transform() -> etree.XSLT:
    xslt = getattr(_LOCAL, "xslt", None)
    if xslt is None:
        xslt = _LOCAL.xslt = etree.XSLT(etree.XML(_XSL), access_control=etree.XSLTAccessControl.DENY_ALL)
    return xslt


def _given(field: str) -> str | None:
    """A field of the transform: None when the element is absent, else its w:val ("" for none)."""
    return field[1:] if field.startswith(_GIVEN) else None


def _rows_xslt(tbl: etree._Element) -> list[_RowInfo] | None:
    """The rows of ``tbl`` from the transform, or None when its output cannot be trusted."""
    out = str(_transform()(tbl))
    rows_n, cells_n = (int(n) for n in str(_SIZE(tbl)).split())
    if out.count(_ROW) != rows_n or out.count(_CELL) != cells_n:
        return None                     # a text holding the separators: read it by the walk
    rows: list[_RowInfo] = []
    for chunk in out.split(_ROW)[1:]:
        head, *cells = chunk.split(_CELL)
        before, after, _ = head.split(_END, 2)
        parsed: list[_CellInfo] = []
        for cell in cells:
            span, merge, text = cell.split(_END, 2)
            vmerge = _given(merge)          # None: no w:vMerge; "": one without w:val; else U+FDD4 + w:val
            merged = vmerge if vmerge is None else vmerge[1:] if vmerge else "continue"
            parsed.append((span, merged, "" if merged == "continue" else text))   # a continuation shows nothing
        rows.append((_given(before), _given(after), parsed))
    return rows


def _val(el: etree._Element | None) -> str | None:
    return None if el is None else el.get(_VAL, "")


def _rows_walk(tbl: etree._Element) -> Iterator[_RowInfo | etree._Element]:
    """The rows of ``tbl`` by walking the tree; a frame row (one cell holding tables) as that cell."""
    for tr in tbl.iterchildren(_TR):      # a nested table's rows belong to its cell's text
        tcs = list(tr.iterchildren(_TC))
        if len(tcs) == 1 and any(True for _ in tcs[0].iterchildren(_TBL)):
            yield tcs[0]
            continue
        row_props = _child(tr, _TRPR)
        cells: list[_CellInfo] = []
        for tc in tcs:
            props = _child(tc, _TCPR)
            span: str | None = None
            merge: str | None = None
            if props is not None:
                for prop in props.iterchildren(_SPAN, _VMERGE):     # the first of each counts, as find() would
                    if prop.tag == _SPAN and span is None:
                        span = prop.get(_VAL, "")
                    elif prop.tag == _VMERGE and merge is None:
                        merge = prop.get(_VAL, "continue")
            cells.append((span or "", merge, "" if merge == "continue" else _cell_text(tc)))
        yield (None if row_props is None else _val(_child(row_props, _BEFORE)),
               None if row_props is None else _val(_child(row_props, _AFTER)), cells)


def _grids(tbl: etree._Element) -> Iterator[TableGrid]:
    """The table as canonical grids (``grid_model``): cells at their grid columns with their spans.

    ``w:gridBefore`` leaves the first columns of a row without cells and ``w:gridAfter`` the last
    ones (they stay empty positions of the row), ``w:gridSpan`` spans a cell over columns, a
    ``w:vMerge`` continuation extends the cell above it in the same grid column (not across a row
    that has no cell there).
    A one-column frame around tables (rows kept together on a page) gives the inner tables' grids.
    """
    rows: Iterator[_RowInfo | etree._Element] | list[_RowInfo] | None = None if _FRAMED(tbl) else _rows_xslt(tbl)
    grid = TableGrid([])
    starts: dict[int, tuple[int, int]] = {}     # grid column -> origin of the last cell starting there
    for item in rows if rows is not None else _rows_walk(tbl):
        if not isinstance(item, tuple):           # a frame: the tables inside the cell
            if grid.texts:
                yield grid
            for nested in item.iterchildren(_TBL):
                yield from _grids(nested)
            grid, starts = TableGrid([]), {}
            continue
        before, after, cells = item
        r = len(grid.texts)
        row = [""] * _count(before)
        for k in range(len(row)):
            starts.pop(k, None)               # nothing above a skipped column continues below it
        for span_val, merge, text in cells:
            span = max(1, _count(span_val)) if span_val else 1
            col = len(row)
            row.extend([""] * span)
            if merge == "continue":
                origin = starts.get(col)
                if origin is not None:
                    grid.spans[origin] = (r - origin[0] + 1, grid.spans.get(origin, (1, span))[1])
                continue                      # a continuation has no text of its own
            row[col] = text
            starts[col] = (r, col)
            for k in range(col + 1, col + span):
                starts.pop(k, None)
            if span > 1:
                grid.spans[(r, col)] = (1, span)
        if n_after := _count(after):
            for k in range(len(row), len(row) + n_after):
                starts.pop(k, None)
            row.extend([""] * n_after)
        grid.texts.append(row)
    if grid.texts:
        yield grid


def table_grids(data: bytes) -> list[TableGrid]:
    """Every table of a DOCX as a canonical grid (tests compare the formats on these)."""
    body = _body(data)
    return [grid for el in _blocks(body) if el.tag == _TBL for grid in _grids(el)] if body is not None else []


def _body(data: bytes) -> etree._Element | None:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo("word/document.xml")
        if info.file_size > _MAX_XML:
            raise ValueError("word/document.xml is too large")
        xml = z.read(info)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(xml, parser)
    return root.find(f"{_W}body")


def read_docx(data: bytes, file: str) -> Document:
    body = _body(data)
    doc = Document(file)
    if body is None:
        return doc
    no = 0
    for el in _blocks(body):
        if el.tag == _P:
            no += 1
            text = _text(el)
            cells, exact = split_cells(text)
            doc.lines.append(Line(no, text, cells, exact=exact))
        else:
            for grid in _grids(el):
                grid.lines = list(range(no + 1, no + 1 + len(grid.texts)))
                no += len(grid.texts)
                doc.lines.extend(grid_lines(grid))
    return doc
