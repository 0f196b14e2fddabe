"""The PDF reader's shortcuts give what the plain computation gives: path points read in one copy
against PDFium's API segment by segment, rules either way, the lazy count of unmapped characters
and the regular-expression garbage test against counting written out, glyphs as values."""

from __future__ import annotations

import ctypes

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.readers import pdf, pdf_rules
from jixiao.readers.lattice import Glyph

SVG = """<html><body><p>表格与图形</p>
<svg width="420" height="260">
  <path d="M10 10 H390 M10 50 H390 M10 90 H390 M10 10 V90 M200 10 V90 M390 10 V90" stroke="black" fill="none"/>
  <path d="M10 120 h100 v1 h-100 z M10 140 h100 v1 h-100 z M10 160 h1 v30 h-1 z" fill="black"/>
  <rect x="150" y="120" width="100" height="60" stroke="black" fill="none"/>
  <polyline points="260,120 300,160 340,120" stroke="black" fill="none"/>
  <path d="M260 170 C 280 150, 320 150, 340 170 Z" stroke="black" fill="grey"/>
  <g transform="rotate(30 200 220)"><rect x="150" y="200" width="100" height="2" fill="black"/>
  <path d="M150 210 h100 v20 h-100 z M150 220 h100" stroke="black" fill="none"/></g>
</svg></body></html>"""


@pytest.fixture(scope="module")
def drawing() -> bytes:
    from weasyprint import HTML

    return HTML(string=SVG).write_pdf()


def _api_points(obj: object, count: int) -> tuple[list[float], list[float], list[int], list[int]]:
    """Every segment through the API, one call for each of its properties."""
    import pypdfium2.raw as pdfium_c

    xs, ys, kinds, closes = [], [], [], []
    x, y = ctypes.c_float(), ctypes.c_float()
    for i in range(count):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        assert pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        xs.append(x.value)
        ys.append(y.value)
        kinds.append(pdfium_c.FPDFPathSegment_GetType(seg))
        closes.append(int(bool(pdfium_c.FPDFPathSegment_GetClose(seg))))
    return xs, ys, kinds, closes


def test_path_points_read_in_one_copy_are_the_api_segments(drawing: bytes) -> None:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    doc = pdfium.PdfDocument(drawing)
    page = doc[0]
    checked = 0
    for k in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, k)
        count = pdfium_c.FPDFPath_CountSegments(obj) if pdfium_c.FPDFPageObj_GetType(obj) == 2 else 0
        if count < 2:
            continue
        bulk = pdf_rules._bulk(obj, count)
        assert bulk is not None
        xs, ys, kinds, closes = bulk
        assert (xs, ys, list(kinds), list(closes)) == _api_points(obj, count)
        checked += 1
    page.close()
    doc.close()
    assert checked >= 5


def test_rules_are_the_same_read_in_one_copy_or_segment_by_segment(drawing: bytes,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(drawing)
    page = doc[0]
    left, _, _, top = page.get_cropbox()
    monkeypatch.setattr(pdf_rules, "_LAYOUT", {"ok": False})
    walked = pdf_rules.rules(page, left, top, 1.0)
    monkeypatch.setattr(pdf_rules, "_LAYOUT", {})
    first = pdf_rules.rules(page, left, top, 1.0)             # checks the layout on the way
    assert pdf_rules._LAYOUT == {"ok": True}
    again = pdf_rules.rules(page, left, top, 1.0)
    page.close()
    doc.close()
    assert walked == first == again
    horizontal, vertical, _ = walked
    assert len(horizontal) >= 6 and len(vertical) >= 4


@given(flags=st.lists(st.booleans(), max_size=60), bad=st.integers(0, 40), limit=st.floats(0, 80))
def test_unmapped_characters_are_asked_for_only_until_the_answer_is_known(flags: list[bool], bad: int,
                                                                          limit: float) -> None:
    asked: list[int] = []

    def map_error(raw: object, i: int) -> int:
        asked.append(i)
        return 1 if flags[i] else 0

    got = pdf._unmapped_enough(map_error, None, list(range(len(flags))), bad, limit)
    assert got == (bad + sum(flags) >= limit)
    assert asked == list(range(len(asked)))                # in order, each at most once


CHARS = "ab1 .\t\n\u3000\xa0\ufffd\ue000\uf8ff\x7f\x85\x9f\u00cf\u00ee项目\u3400\u4dbf\u4e00\u9fff\ua000"


@given(text=st.text(alphabet=CHARS, max_size=80), unmapped=st.integers(0, 30))
def test_garbage_test_counts_as_written(text: str, unmapped: int) -> None:
    chars = [ch for ch in text if not ch.isspace()]
    n = len(chars)
    bad = unmapped + sum(1 for ch in chars if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff" or "\x7f" <= ch < "\xa0")
    cjk = sum(1 for ch in chars if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")
    plain = sum(1 for ch in chars if ch.isascii())
    want = n >= 20 and (bad >= 0.3 * n or (cjk == 0 and plain < 0.5 * n))
    assert pdf.is_garbage(text, unmapped) == want


def test_glyphs_are_values() -> None:
    a, b = Glyph("项", 1.0, 2.0, 3.0, 4.0), Glyph("项", 1.0, 2.0, 3.0, 4.0)
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != Glyph("目", 1.0, 2.0, 3.0, 4.0)
