"""Phone photos: the sheet found on a desk, a slanted table made rectangular again, and the
facts of a photographed 自评表 page read back (or not found, never different)."""

from __future__ import annotations

import io
import itertools

import numpy as np
import pytest
import scanmaker
from PIL import Image, ImageDraw
from scanmaker import needs_ocr, needs_poppler

from jixiao.readers import ocr as ocr_module
from jixiao.readers import read_bytes

ROWS = [300 + 70 * k for k in range(12)]
COLS = [150, 420, 700, 980, 1090]


def ruled_page() -> Image.Image:
    """An A4 page at 150 dpi with a ruled table (12 rules across, 5 down) and some ink in the cells."""
    page = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(page)
    for y in ROWS:
        draw.line((COLS[0], y, COLS[-1], y), fill="black", width=2)
    for x in COLS:
        draw.line((x, ROWS[0], x, ROWS[-1]), fill="black", width=2)
    for y in ROWS[:-1]:
        for a, b in itertools.pairwise(COLS):
            draw.rectangle((a + 20, y + 25, a + 20 + (b - a) // 3, y + 45), fill="black")
    return page


@pytest.mark.skipif(ocr_module.unavailable() is not None, reason="OpenCV comes with rapidocr-onnxruntime")
def test_the_sheet_is_found_on_a_desk_photo() -> None:
    from jixiao.readers.ocr_warp import paper_quad

    for seed in range(3):
        photo, corners = scanmaker.on_desk(ruled_page(), np.random.default_rng(seed))
        found = paper_quad(np.asarray(photo))
        assert found is not None
        assert np.abs(found - np.array(corners)).max() < 0.01 * 1754
    assert paper_quad(np.asarray(ruled_page())) is None            # a flat scan shows no desk


@pytest.mark.skipif(ocr_module.unavailable() is not None, reason="OpenCV comes with rapidocr-onnxruntime")
def test_a_slanted_table_is_made_rectangular_and_a_level_scan_left_alone() -> None:
    from jixiao.readers.raster import prepare, ruling_lines

    def full_rules(image: Image.Image) -> tuple[int, int]:
        grey, _angle, seal = prepare(np.asarray(image))
        horizontal, vertical = ruling_lines(grey, seal)
        width, height = COLS[-1] - COLS[0], ROWS[-1] - ROWS[0]
        return (sum(1 for _, a, b in horizontal if b - a > 0.9 * width),
                sum(1 for _, a, b in vertical if b - a > 0.9 * height))

    from jixiao.readers.ocr_warp import rules_quad

    slanted = scanmaker.perspective(ruled_page(), np.random.default_rng(4), amount=0.03)
    assert full_rules(slanted) == (len(ROWS), len(COLS))
    assert full_rules(ruled_page()) == (len(ROWS), len(COLS))
    assert rules_quad(np.asarray(ruled_page().convert("L"))) is None                      # level: not warped
    assert rules_quad(np.asarray(ruled_page().rotate(1.2, fillcolor="white").convert("L"))) is None   # deskew's


@pytest.mark.slow
@needs_ocr
@needs_poppler
def test_a_photo_of_the_scoring_table_on_a_desk_reads_its_facts_or_nothing() -> None:
    import pypdfium2 as pdfium

    pdf = scanmaker.published("shequ-2023-yanglao-selfeval")
    pages = scanmaker.render(pdf, 150)
    whole = pdfium.PdfDocument(pdf)
    for k in range(len(pages)):                     # the page of the scoring table, read from its text layer
        one = pdfium.PdfDocument.new()
        one.import_pages(whole, [k])
        out = io.BytesIO()
        one.save(out)
        text_read = read_bytes(out.getvalue(), "page.pdf")
        if text_read.projects and text_read.projects[0].stated.total is not None:
            break
    truth = text_read.projects[0]
    buffer = io.BytesIO()
    scanmaker.degrade(pages[k], 11, desk=True).save(buffer, "JPEG", quality=70)
    result = read_bytes(buffer.getvalue(), "photo.jpg")
    assert len(result.projects) == 1, result.findings
    want = {key: value for key, value in scanmaker.facts(truth).items() if key.endswith((".score", ".weight"))}
    right, missing, wrong = scanmaker.compare(want, scanmaker.facts(result.projects[0]))
    assert wrong == []
    assert right >= 10 and right >= 0.8 * (right + missing), (right, missing)
    assert result.projects[0].stated.total == truth.stated.total
