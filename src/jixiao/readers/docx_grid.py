"""DOCX to layout lines straight from word/document.xml (zip + lxml): paragraphs and real table grids.

Why not python-docx: building its object model costs ~50× the parse itself, and the grid
needs only what the XML says. Each table becomes a canonical grid (``grid_model.py``): cells at
their grid columns (``w:gridBefore`` skips columns, ``w:gridSpan`` spans them, a ``w:vMerge``
continuation extends the cell above), so a merge's padding never moves a value to another
column; ``grid_lines`` turns it into one grid line per row.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from lxml import etree

from .grid_model import TableGrid, grid_lines
from .layout import Document, Line, split_cells

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _SDT = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc", f"{_W}sdt"
_T, _TAB, _BR, _CR = f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"
_SPAN, _VMERGE, _VAL = f"{_W}gridSpan", f"{_W}vMerge", f"{_W}val"
_TCPR, _CONTENT = f"{_W}tcPr", f"{_W}sdtContent"
_TRPR, _BEFORE = f"{_W}trPr", f"{_W}gridBefore"
_MAX_XML = 64 * 1024 * 1024


def _text(p: etree._Element) -> str:
    parts: list[str] = []
    for el in p.iter(_T, _TAB, _BR, _CR):
        if el.tag == _T:
            parts.append(el.text or "")
        elif el.tag == _TAB:
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


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


def _int(el: etree._Element | None) -> int:
    """A ``w:val`` count (gridSpan, gridBefore), kept within what a real table holds."""
    if el is None:
        return 0
    try:
        return max(0, min(int(el.get(_VAL, "1") or 1), 64))
    except ValueError:
        return 1


def _grids(tbl: etree._Element) -> Iterator[TableGrid]:
    """The table as canonical grids (``grid_model``): cells at their grid columns with their spans.

    ``w:gridBefore`` leaves the first columns of a row without cells, ``w:gridSpan`` spans a cell
    over columns, a ``w:vMerge`` continuation extends the cell above it in the same grid column.
    A one-column frame around tables (rows kept together on a page) gives the inner tables' grids.
    """
    grid = TableGrid([])
    starts: dict[int, tuple[int, int]] = {}     # grid column -> origin of the last cell starting there
    for tr in tbl.iterchildren(_TR):      # a nested table's rows belong to its cell's text
        tcs = list(tr.iterchildren(_TC))
        if len(tcs) == 1 and (inner := list(tcs[0].iterchildren(_TBL))):
            if grid.texts:
                yield grid
            for nested in inner:
                yield from _grids(nested)
            grid, starts = TableGrid([]), {}
            continue
        r = len(grid.texts)
        props = _child(tr, _TRPR)
        row = [""] * (_int(_child(props, _BEFORE)) if props is not None else 0)
        for tc in tcs:
            props = _child(tc, _TCPR)
            span: int | None = None
            merge: str | None = None
            if props is not None:
                for prop in props.iterchildren(_SPAN, _VMERGE):     # the first of each counts, as find() would
                    if prop.tag == _SPAN and span is None:
                        span = max(1, _int(prop))
                    elif prop.tag == _VMERGE and merge is None:
                        merge = prop.get(_VAL, "continue")
            span = span or 1
            col = len(row)
            row.extend([""] * span)
            if merge == "continue":
                origin = starts.get(col)
                if origin is not None:
                    grid.spans[origin] = (r - origin[0] + 1, grid.spans.get(origin, (1, span))[1])
                continue                      # a continuation has no text of its own
            row[col] = _cell_text(tc)
            starts[col] = (r, col)
            for k in range(col + 1, col + span):
                starts.pop(k, None)
            if span > 1:
                grid.spans[(r, col)] = (1, span)
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
