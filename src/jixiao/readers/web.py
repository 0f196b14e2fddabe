"""Published web pages (BeautifulSoup's UnicodeDammit + lxml); PDF is read in ``pdf.py``."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import Any

from .layout import Document, Line, row_line, split_cells

# bs4 logs every damaged object; the reader reports what matters as findings instead
logging.getLogger("bs4.dammit").setLevel(logging.ERROR)

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "blockquote", "pre",
           "dd", "dt", "header", "footer", "center", "ul", "ol", "dl", "main", "body", "form", "td", "th"}
_SPACES = re.compile(r"\s+")
_FIGURE = re.compile(r"[\d.%]+")
_SKIP = {"script", "style", "noscript", "head", "title", "meta", "link", "iframe", "svg", "button", "select"}


def read_html(data: bytes, file: str) -> Document:
    """Block elements become lines, tables become rows (rowspan fills the label below, colspan once)."""
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


def _table(table: object, doc: Document) -> None:
    pending: dict[int, tuple[int, str]] = {}   # column -> (rows left, text) for rowspans
    for tr in table.iter("tr"):  # type: ignore[attr-defined]
        cells: list[str] = []
        col = 0
        for td in tr:
            if td.tag not in {"td", "th"}:
                continue
            while col in pending:
                left, text = pending[col]
                cells.append(text)
                pending[col] = (left - 1, text)
                if left - 1 <= 0:
                    del pending[col]
                col += 1
            text = _own_text(td)
            span = int(td.get("colspan", "1") or 1) if str(td.get("colspan", "1")).isdigit() else 1
            rows = int(td.get("rowspan", "1")) if str(td.get("rowspan", "1")).isdigit() else 1
            for k in range(min(span, 50)):
                cells.append(text if k == 0 else "")
                if rows > 1:
                    pending[col] = (min(rows, 500) - 1, text if k == 0 and not _FIGURE.fullmatch(text) else "")
                col += 1
        while col in pending:
            left, text = pending[col]
            cells.append(text)
            pending[col] = (left - 1, text)
            if left - 1 <= 0:
                del pending[col]
            col += 1
        if any(cells):
            doc.lines.append(row_line(tr.sourceline or 0, [(c, None) for c in cells]))
