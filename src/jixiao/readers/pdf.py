"""PDF through pypdfium2 (PDFium): characters with their boxes and the ruling lines of each page.

PDFium decodes fonts that pdfminer cannot (custom encodings with a ToUnicode map, as WeasyPrint
writes them) and is several times faster. Each page becomes glyphs + horizontal/vertical
segments, which ``lattice.page_lines`` turns into located rows and text lines. Pages without a
usable text layer (a scan, or text that decodes to garbage) are handed to OCR when it is
available (``ocr.py``), so one document can mix both; what could not be read is said in notes.
"""

from __future__ import annotations

import ctypes
import functools
import os
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .lattice import Glyph, Seg
from .layout import Document
from .pagelines import page_lines
from .pdf_rules import fast, rules
from .stream import Carry

MAX_PAGES = int(os.environ.get("JIXIAO_PDF_MAX_PAGES", "1000"))
_TOL = 2.0                           # points: rules this close are the same rule
_BRIDGE = 10.0                       # points: gaps a scanned rule may have (under a seal), below a row's height


@dataclass
class PageText:
    """What the text layer of a page gives."""

    glyphs: list[Glyph]
    horizontal: list[Seg]
    vertical: list[Seg]
    width: float
    height: float
    images: float = 0.0              # share of the page covered by images
    garbage: bool = False            # the text layer decodes to garbage


@dataclass
class PdfRead:
    document: Document
    notes: list[tuple[str, str, int | None]] = field(default_factory=list)   # (zh, en, page)
    ocr_pages: list[int] = field(default_factory=list)


_SPACE = re.compile(r"\s+")                  # what str.isspace() is true of
_BAD = re.compile("[\ufffd\ue000-\uf8ff\x7f-\x9f]+")
_CJK = re.compile("[\u4e00-\u9fff\u3400-\u4dbf]")
_NOT_ASCII = re.compile("[^\x00-\x7f]+")
_BOX = struct.Struct("=4f")                   # FS_RECTF: left, top, right, bottom


def is_garbage(text: str, unmapped: int = 0) -> bool:
    """A text layer that is no use: mostly replacement, private-use or control characters (or
    characters PDFium could not map), or no Chinese at all and mostly not plain ASCII either —
    what a font without a usable ToUnicode map decodes to (\u00cf\u00ee\u00c4\u00bf...)."""
    return _garbage(text, lambda bad, limit: unmapped + bad >= limit)


def _garbage(text: str, enough: Callable[[int, float], bool]) -> bool:
    """``is_garbage`` with the unmapped characters asked for (``enough(bad, limit)``) only when
    the text alone does not decide. Counted by regular expressions (a page has thousands of
    characters), the ASCII share only when there is no Chinese."""
    chars = _SPACE.sub("", text)
    n = len(chars)
    if n < 20:
        return False
    bad, limit = n - len(_BAD.sub("", chars)), 0.3 * n
    if bad >= limit or (_CJK.search(chars) is None and len(_NOT_ASCII.sub("", chars)) < 0.5 * n):
        return True
    return enough(bad, limit)


def _unmapped_enough(map_error: Any, raw: Any, candidates: list[int], bad: int, limit: float) -> bool:
    """Whether the characters PDFium could not map, among ``candidates``, bring ``bad`` up to
    ``limit``: asked one by one only until the answer is known (a few dozen calls, not 400)."""
    count, left = 0, len(candidates)
    for i in candidates:
        if bad + count >= limit:
            return True
        if bad + count + left < limit:
            return False
        left -= 1
        if map_error(raw, i) == 1:
            count += 1
    return bad + count >= limit


@functools.cache
def _text_calls() -> tuple[Any, ...]:
    import pypdfium2.raw as pdfium_c

    return (fast(pdfium_c.FPDFText_CountChars), fast(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint),
            fast(pdfium_c.FPDFText_HasUnicodeMapError), fast(pdfium_c.FPDFText_GetLooseCharBox))


def page_text(page: Any) -> PageText:
    """Glyphs (loose boxes, top-down coordinates) and rules of one pypdfium2 page. The text comes
    in one call; then one call a visible character for its box (``fast``: no ctypes argument
    conversion), read back by ``struct``."""
    import pypdfium2.raw as pdfium_c

    count_chars, get_unicode, map_error, get_box = _text_calls()
    left, bottom, right, top = page.get_cropbox()
    width, height = right - left, top - bottom
    textpage = page.get_textpage()
    raw = textpage.raw
    n = max(0, count_chars(raw))
    text = textpage.get_text_range(0, n) if n else ""
    if len(text) != n:                 # characters outside UCS-2: ask for each one instead
        text = "".join(chr(c) if c < 0x110000 else "\ufffd" for c in (get_unicode(raw, i) for i in range(n)))
    rect = pdfium_c.FS_RECTF()
    ref = ctypes.byref(rect)
    unpack = _BOX.unpack_from
    glyphs: list[Glyph] = []
    append = glyphs.append
    first: list[int] = []              # visible characters among the first 400: asked for unmapped ones
    for i, ch in enumerate(text):
        if ch <= " " or ch.isspace() or "\ud800" <= ch <= "\udfff":
            continue
        if i < 400:
            first.append(i)
        if not get_box(raw, i, ref):
            continue
        x0, t, x1, b = unpack(rect)
        x0, x1 = x0 - left, x1 - left
        y0, y1 = top - t, top - b
        if x1 < x0:
            x0, x1 = x1, x0
        if y1 < y0:
            y0, y1 = y1, y0
        append(Glyph(ch, x0, y0, x1, y1))
    garbage = _garbage("".join([g.text for g in glyphs]),
                       lambda bad, limit: _unmapped_enough(map_error, raw, first, bad, limit))
    textpage.close()
    horizontal, vertical, images = rules(page, left, top, width * height)
    return PageText(glyphs, horizontal, vertical, width, height, images, garbage)


def needs_ocr(text: PageText) -> bool:
    """A scanned page (an image and next to no text) or a text layer that decodes to garbage."""
    if text.garbage:
        return True
    return len(text.glyphs) < 10 and text.images >= 0.3


def read_pdf(data: bytes, file: str, ocr: bool = True) -> PdfRead:
    """Every page as located lines; line numbers count per page, as printed page numbers do."""
    import pypdfium2 as pdfium

    from . import ocr as ocr_module

    pdf = pdfium.PdfDocument(data)
    result = PdfRead(Document(file))
    try:
        pages = len(pdf)
        if pages > MAX_PAGES:
            result.notes.append((f"PDF 共{pages}页，只读取前{MAX_PAGES}页", f"the PDF has {pages} pages; only the "
                                 f"first {MAX_PAGES} were read", None))
        scanned: list[int] = []
        texts: dict[int, PageText] = {}
        for index in range(min(pages, MAX_PAGES)):
            page = pdf[index]
            try:
                text = page_text(page)
            finally:
                page.close()
            texts[index] = text
            if needs_ocr(text):
                scanned.append(index)
        recognised = ocr_module.ocr_pdf_pages(pdf, data, scanned, result.notes) if scanned and ocr else {}
        if scanned and not ocr:
            result.notes.append(("PDF 有扫描页，未做文字识别（OCR 已关闭）",
                                 "the PDF has scanned pages; OCR is switched off", scanned[0] + 1))
        carry = Carry()                  # a borderless table's columns, from one page to the next
        for index, text in texts.items():
            bridge: float | None = None
            stream: Carry | None = carry
            if index in recognised:
                glyphs, horizontal, vertical = recognised[index]
                result.ocr_pages.append(index + 1)
                bridge = _BRIDGE
            elif index in scanned:
                carry.edges = None
                continue
            else:
                glyphs, horizontal, vertical = text.glyphs, text.horizontal, text.vertical
            result.document.lines.extend(page_lines(glyphs, horizontal, vertical, index + 1, _TOL, bridge=bridge,
                                                    stream=stream, recognised=bridge is not None))
    finally:
        pdf.close()
    result.document.recognised = frozenset(result.ocr_pages)
    return result
