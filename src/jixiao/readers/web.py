"""Published web pages (BeautifulSoup's UnicodeDammit + lxml); PDF is read in ``pdf.py``."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import Any

from .grid_model import TableGrid, grid_lines
from .layout import Document, Line, split_cells

# bs4 logs every damaged object; the reader reports what matters as findings instead
logging.getLogger("bs4.dammit").setLevel(logging.ERROR)

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "blockquote", "pre",
           "dd", "dt", "header", "footer", "center", "ul", "ol", "dl", "main", "body", "form", "td", "th"}
_SPACES = re.compile(r"\s+")
_SKIP = {"script", "style", "noscript", "head", "title", "meta", "link", "iframe", "svg", "button", "select"}


def read_html(data: bytes, file: str) -> Document:
    """Block elements become lines, tables become rows through the canonical grid (``grid_model``)."""
    import lxml.html
    from bs4 import UnicodeDammit

    text = UnicodeDammit(data, ["utf-8", "gb18030"], is_html=True).unicode_markup or ""
    doc = Document(file)
    if not text.strip():
        return doc
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    root = lxml.html.document_fromstring(text)
    _walk(root, doc)
    if len({line.no for line in doc.lines}) * 2 < len(doc.lines):
        # a minified page (one physical line): number the blocks instead, so sources stay distinct
        doc.lines = [replace(line, no=k) for k, line in enumerate(doc.lines, 1)]
    return doc


def _own_text(el: Any) -> str:
    """An lxml.html element's text, runs of white space as one space (called once per cell)."""
    return _SPACES.sub(" ", el.text_content()).strip()


def _walk(el: object, doc: Document) -> None:
    tag = getattr(el, "tag", None)
    if not isinstance(tag, str) or tag in _SKIP:
        return
    if tag == "table":
        if any(cell.find(".//table") is not None for row in _own_rows(el) for cell in _cells(row)):
            for row in _own_rows(el):          # a layout table (a page's frame): its cells are blocks,
                for cell in _cells(row):       # the tables inside them the tables
                    _walk(cell, doc)
        else:
            _table(el, doc)
        return
    children = [c for c in el if isinstance(getattr(c, "tag", None), str)]  # type: ignore[attr-defined]
    has_block = any(c.tag in _BLOCKS or c.tag in {"table", "br", "tr"} for c in children)
    line = getattr(el, "sourceline", None) or 0
    if not has_block:
        text = _own_text(el)
        if text:
            doc.lines.append(Line(line, text, split_cells(text)[0]))
        return
    if el.text and el.text.strip():  # type: ignore[attr-defined]
        doc.lines.append(Line(line, el.text.strip(), split_cells(el.text.strip())[0]))  # type: ignore[attr-defined]
    for child in children:
        if child.tag == "br":
            pass
        else:
            _walk(child, doc)
        if child.tail and child.tail.strip():
            tail = child.tail.strip()
            doc.lines.append(Line(child.sourceline or line, tail, split_cells(tail)[0]))


def _own_rows(table: Any) -> list[Any]:
    """The rows of this table, not of a table nested in one of its cells."""
    out = []
    for child in table:
        if child.tag == "tr":
            out.append(child)
        elif child.tag in {"thead", "tbody", "tfoot"}:
            out.extend(tr for tr in child if tr.tag == "tr")
    return out


def _cells(tr: Any) -> list[Any]:
    return [td for td in tr if td.tag in {"td", "th"}]


def _count(td: Any, name: str, cap: int) -> int:
    value = str(td.get(name, "1") or "1")
    return max(1, min(int(value), cap)) if value.isdigit() else 1


def table_grid(table: Any) -> TableGrid:
    """An HTML table as a canonical grid: each cell at the first column its row leaves free of the
    rowspans above, spanning its colspan × rowspan."""
    grid = TableGrid([])
    taken: set[tuple[int, int]] = set()        # positions covered by a merge from an earlier cell
    for r, tr in enumerate(_own_rows(table)):
        row: list[str] = []
        col = 0
        for td in _cells(tr):
            while (r, col) in taken:
                row.append("")
                col += 1
            cols, rows = _count(td, "colspan", 50), _count(td, "rowspan", 500)
            row.append(_own_text(td))
            row.extend("" for _ in range(cols - 1))
            if cols > 1 or rows > 1:
                grid.spans[(r, col)] = (rows, cols)
                taken.update((r + i, col + k) for i in range(rows) for k in range(cols) if i or k)
            col += cols
        while (r, col) in taken:
            row.append("")
            col += 1
        grid.texts.append(row)
        grid.lines.append(tr.sourceline or 0)
    return grid


def _table(table: object, doc: Document) -> None:
    doc.lines.extend(grid_lines(table_grid(table), drop_empty=True))


def html_grids(data: bytes) -> list[TableGrid]:
    """Every table of a page as a canonical grid (tests compare the formats on these)."""
    import lxml.html
    from bs4 import UnicodeDammit

    text = UnicodeDammit(data, ["utf-8", "gb18030"], is_html=True).unicode_markup or ""
    root = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", text))
    return [table_grid(t) for t in root.iter("table")]
