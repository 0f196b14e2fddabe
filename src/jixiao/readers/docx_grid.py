"""DOCX to layout lines straight from word/document.xml (zip + lxml): paragraphs and real table grids.

Why not python-docx: building its object model costs ~50× the parse itself, and the grid
needs only what the XML says. A table row becomes one grid line whose cells are bound by
grid column: a horizontal merge (``w:gridSpan``) fills its first column and leaves the
others empty; a vertical merge (``w:vMerge`` continue) repeats a label from the cell above
(rows keep their 一级/二级 names) but not a figure, which counts once.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from lxml import etree

from .layout import Document, Line, row_line, split_cells
from .numbers import number

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _SDT = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc", f"{_W}sdt"
_T, _TAB, _BR, _CR = f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"
_SPAN, _VMERGE, _VAL = f"{_W}gridSpan", f"{_W}vMerge", f"{_W}val"
_TCPR, _CONTENT = f"{_W}tcPr", f"{_W}sdtContent"
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


def _rows(tbl: etree._Element) -> Iterator[list[str]]:
    above: dict[int, str] = {}
    for tr in tbl.iterchildren(_TR):      # a nested table's rows belong to its cell's text
        tcs = list(tr.iterchildren(_TC))
        if len(tcs) == 1 and (inner := list(tcs[0].iterchildren(_TBL))):
            # a one-column frame around tables (rows kept together on a page): the inner tables' rows
            for nested in inner:
                yield from _rows(nested)
            continue
        cells: list[str] = []
        for tc in tcs:
            props = _child(tc, _TCPR)
            span: int | None = None
            merge: str | None = None
            if props is not None:
                for prop in props.iterchildren(_SPAN, _VMERGE):     # the first of each counts, as find() would
                    if prop.tag == _SPAN and span is None:
                        span = max(1, min(int(prop.get(_VAL, "1") or 1), 64))
                    elif prop.tag == _VMERGE and merge is None:
                        merge = prop.get(_VAL, "continue")
            span = span or 1
            col = len(cells)
            if merge == "continue":
                inherited = above.get(col, "")
                text = "" if number(inherited) is not None else inherited
            else:
                text = _cell_text(tc)
                above[col] = text
            cells.append(text)
            cells.extend([""] * (span - 1))
        yield cells


def read_docx(data: bytes, file: str) -> Document:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo("word/document.xml")
        if info.file_size > _MAX_XML:
            raise ValueError("word/document.xml is too large")
        xml = z.read(info)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(xml, parser)
    body = root.find(f"{_W}body")
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
            for cells_text in _rows(el):
                no += 1
                doc.lines.append(row_line(no, [(t, None) for t in cells_text]))
    return doc
