"""PDF through pypdfium2 (PDFium): characters with their boxes and the ruling lines of each page.

PDFium decodes fonts that pdfminer cannot (custom encodings with a ToUnicode map, as WeasyPrint
writes them) and is several times faster. Each page becomes glyphs + horizontal/vertical
segments, which ``lattice.page_lines`` turns into located rows and text lines. Pages without a
usable text layer (a scan, or text that decodes to garbage) are handed to OCR when it is
available (``ocr.py``), so one document can mix both; what could not be read is said in notes.
"""

from __future__ import annotations

import ctypes
import itertools
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from .lattice import Glyph, Seg
from .layout import Document
from .pagelines import page_lines

MAX_PAGES = int(os.environ.get("JIXIAO_PDF_MAX_PAGES", "1000"))
MAX_PATH_SEGMENTS = 200_000          # per page: path segments inspected for ruling lines
_THIN = 3.0                          # points: a drawn rule is at most this thick
_MIN_RULE = 3.0                      # points: and at least this long
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


def is_garbage(text: str, unmapped: int = 0) -> bool:
    """A text layer that is no use: mostly replacement, private-use or control characters (or
    characters PDFium could not map), or no Chinese at all and mostly not plain ASCII either —
    what a font without a usable ToUnicode map decodes to (\u00cf\u00ee\u00c4\u00bf...)."""
    chars = [ch for ch in text if not ch.isspace()]
    if len(chars) < 20:
        return False
    bad = unmapped + sum(1 for ch in chars if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff" or "\x7f" <= ch < "\xa0")
    cjk = sum(1 for ch in chars if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")
    plain = sum(1 for ch in chars if ch.isascii())
    return bad >= 0.3 * len(chars) or (cjk == 0 and plain < 0.5 * len(chars))


def page_text(page: object) -> PageText:
    """Glyphs (loose boxes, top-down coordinates) and rules of one pypdfium2 page."""
    import pypdfium2.raw as pdfium_c

    left, bottom, right, top = page.get_cropbox()  # type: ignore[attr-defined]
    width, height = right - left, top - bottom
    textpage = page.get_textpage()  # type: ignore[attr-defined]
    raw = textpage.raw
    n = max(0, pdfium_c.FPDFText_CountChars(raw))
    text = textpage.get_text_range(0, n) if n else ""
    if len(text) != n:                 # characters outside UCS-2: ask for each one instead
        text = "".join(chr(c) if c < 0x110000 else "\ufffd"
                       for c in (pdfium_c.FPDFText_GetUnicode(raw, i) for i in range(n)))
    rect = pdfium_c.FS_RECTF()
    map_error = pdfium_c.FPDFText_HasUnicodeMapError
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    glyphs: list[Glyph] = []
    append = glyphs.append
    unmapped = 0
    for i, ch in enumerate(text):
        if ch <= " " or ch.isspace() or "\ud800" <= ch <= "\udfff":
            continue
        if i < 400 and map_error(raw, i) == 1:
            unmapped += 1
        if not get_box(raw, i, rect):
            continue
        x0, x1 = rect.left - left, rect.right - left
        y0, y1 = top - rect.top, top - rect.bottom
        if x1 < x0:
            x0, x1 = x1, x0
        if y1 < y0:
            y0, y1 = y1, y0
        append(Glyph(ch, x0, y0, x1, y1))
    textpage.close()
    garbage = is_garbage("".join(g.text for g in glyphs), unmapped)
    horizontal, vertical, images = _rules(page, left, top, width * height)
    return PageText(glyphs, horizontal, vertical, width, height, images, garbage)


def _rules(page: object, left: float, top: float, area: float) -> tuple[list[Seg], list[Seg], float]:
    """Thin drawn rectangles and axis-aligned stroked lines as segments; the image coverage."""
    import pypdfium2.raw as pdfium_c

    raw = page.raw  # type: ignore[attr-defined]
    horizontal: list[Seg] = []
    vertical: list[Seg] = []
    image_area = 0.0
    lb, bb, rb, tb = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    budget = MAX_PATH_SEGMENTS

    def add(x0: float, y0: float, x1: float, y1: float) -> None:
        """A box in PDF space (y up) -> a rule if it is thin and long enough."""
        x0, x1 = sorted((x0 - left, x1 - left))
        y0, y1 = sorted((top - y0, top - y1))
        w, h = x1 - x0, y1 - y0
        if h <= _THIN and w >= _MIN_RULE:
            horizontal.append(((y0 + y1) / 2, x0, x1))
        elif w <= _THIN and h >= _MIN_RULE:
            vertical.append(((x0 + x1) / 2, y0, y1))

    for k in range(pdfium_c.FPDFPage_CountObjects(raw)):
        obj = pdfium_c.FPDFPage_GetObject(raw, k)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            if pdfium_c.FPDFPageObj_GetBounds(obj, lb, bb, rb, tb):
                image_area += max(0.0, rb.value - lb.value) * max(0.0, tb.value - bb.value)
            continue
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH or not pdfium_c.FPDFPageObj_GetBounds(obj, lb, bb, rb, tb):
            continue
        w, h = rb.value - lb.value, tb.value - bb.value
        if (h <= _THIN and w >= _MIN_RULE) or (w <= _THIN and h >= _MIN_RULE):
            add(lb.value, bb.value, rb.value, tb.value)
            continue
        if w < _MIN_RULE and h < _MIN_RULE:
            continue
        count = pdfium_c.FPDFPath_CountSegments(obj)
        budget -= max(0, count)
        if count <= 0 or budget < 0:
            continue
        _subpaths(obj, count, add)
    return horizontal, vertical, min(1.0, image_area / area) if area > 0 else 0.0


def _subpaths(obj: object, count: int, add: Callable[[float, float, float, float], None]) -> None:
    """A composite path (many rectangles in one object, or a stroked grid): each thin subpath is a
    rule; for stroked paths each axis-aligned line segment is one too."""
    import pypdfium2.raw as pdfium_c

    matrix = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
        return
    a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    stroked = bool(pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke)) and bool(stroke.value)
    x, y = ctypes.c_float(), ctypes.c_float()
    current: list[tuple[float, float]] = []

    def flush() -> None:
        if len(current) >= 2:
            xs = [p[0] for p in current]
            ys = [p[1] for p in current]
            if min(max(xs) - min(xs), max(ys) - min(ys)) <= _THIN:
                add(min(xs), min(ys), max(xs), max(ys))
            elif stroked:
                for (x0, y0), (x1, y1) in itertools.pairwise(current):
                    if abs(x0 - x1) <= 0.5 or abs(y0 - y1) <= 0.5:
                        add(x0, y0, x1, y1)

    for i in range(count):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        if not seg or not pdfium_c.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        px, py = a * x.value + c * y.value + e, b * x.value + d * y.value + f
        if pdfium_c.FPDFPathSegment_GetType(seg) == pdfium_c.FPDF_SEGMENT_MOVETO:
            flush()
            current = [(px, py)]
        else:
            current.append((px, py))
            if pdfium_c.FPDFPathSegment_GetClose(seg) and current:
                current.append(current[0])
    flush()


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
        for index, text in texts.items():
            bridge = None
            if index in recognised:
                glyphs, horizontal, vertical = recognised[index]
                result.ocr_pages.append(index + 1)
                bridge = _BRIDGE
            elif index in scanned:
                continue
            else:
                glyphs, horizontal, vertical = text.glyphs, text.horizontal, text.vertical
            result.document.lines.extend(page_lines(glyphs, horizontal, vertical, index + 1, _TOL, bridge=bridge))
    finally:
        pdf.close()
    return result
