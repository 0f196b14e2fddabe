"""Scans, photos and legacy office files: OCR of documents jixiao publishes after degrading them,
mixed PDFs, the OCR cache and limits, and LibreOffice conversion of .doc/.wps/.rtf/.et."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
import scanmaker
from scanmaker import needs_ocr, needs_poppler, own_ocr_cache  # noqa: F401 (own_ocr_cache: an autouse fixture)

from jixiao.readers import ocr as ocr_module
from jixiao.readers import read_bytes, read_layout
from jixiao.readers.lattice import Glyph

ROOT = Path(__file__).resolve().parents[2]






@pytest.fixture(scope="module")
def selfeval_pdf() -> bytes:
    return scanmaker.published("shequ-2023-yanglao-selfeval")


def test_scanned_pages_are_cached_by_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    calls: list[int] = []

    def fake(rgb: object) -> ocr_module.Page:
        calls.append(1)
        return [Glyph("项", 10, 10, 20, 20), Glyph("目", 20, 10, 30, 20)], [], []

    monkeypatch.setattr(ocr_module, "recognise", fake)
    monkeypatch.setattr(ocr_module, "unavailable", lambda: None)
    page = Image.new("RGB", (200, 300), "white")
    scan = scanmaker.image_pdf([page, page.copy()])
    first, notes = read_layout(scan, "scan.pdf")
    assert len(calls) == 2 and [line.text.strip() for line in first.lines] == ["项目", "项目"]
    assert any("OCR" in n.message_en for n in notes)
    again, _ = read_layout(scan, "again.pdf")                 # same content, another name: no recognition
    assert len(calls) == 2 and [line.text for line in again.lines] == [line.text for line in first.lines]
    assert list((tmp_path / "ocr-cache").glob("*.json"))
    monkeypatch.setenv("JIXIAO_OCR_CACHE", "off")
    read_layout(scan, "scan.pdf")
    assert len(calls) == 4


def test_page_limit_and_missing_ocr_are_said(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    monkeypatch.setattr(ocr_module, "recognise", lambda rgb: ([Glyph("文", 1, 1, 9, 9)], [], []))
    monkeypatch.setattr(ocr_module, "unavailable", lambda: None)
    monkeypatch.setattr(ocr_module, "MAX_PAGES", 2)
    scan = scanmaker.image_pdf([Image.new("RGB", (100, 150), "white") for _ in range(3)])
    doc, notes = read_layout(scan, "long.pdf")
    assert len({line.page for line in doc.lines}) == 2
    assert any("只识别前2页" in n.message and "JIXIAO_OCR_MAX_PAGES" in n.message_en for n in notes)
    monkeypatch.setattr(ocr_module, "unavailable", lambda: "rapidocr-onnxruntime is not installed (x)")
    result = read_bytes(scan, "long.pdf")
    assert not result.projects
    messages = " ".join(f.message + f.message_en for f in result.findings)
    assert "文字识别不可用" in messages and "rapidocr-onnxruntime" in messages


def test_legacy_formats_without_libreoffice_say_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_SOFFICE", "/nonexistent/soffice")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    for name in ("old.doc", "old.wps", "old.et"):
        result = read_bytes(ole, name)
        assert result.failed
        assert "LibreOffice" in result.findings[0].message and "LibreOffice" in result.findings[0].message_en
    rtf = read_bytes(b"{\\rtf1\\ansi hello}", "note.rtf")
    assert "LibreOffice" in rtf.findings[0].message_en


@pytest.mark.slow
@needs_ocr
@needs_poppler
def test_degraded_photo_of_a_selfeval_report_reads_the_same_facts_or_nothing(selfeval_pdf: bytes) -> None:
    truth = scanmaker.facts(read_bytes(selfeval_pdf, "text.pdf").projects[0])
    pages = scanmaker.render(selfeval_pdf, 150)
    scan = scanmaker.image_pdf([scanmaker.degrade(p, 100 + k, photo=True) for k, p in enumerate(pages)])
    result = read_bytes(scan, "photo.pdf")
    assert len(result.projects) == 1, result.findings
    right, missing, wrong = scanmaker.compare(truth, scanmaker.facts(result.projects[0]))
    assert wrong == []
    assert right >= 0.8 * (right + missing), (right, missing)
    src = result.projects[0].source_of("stated.total")
    assert src is not None and src.page is not None


@pytest.mark.slow
@needs_ocr
@needs_poppler
def test_image_file_of_a_scoring_table_page(selfeval_pdf: bytes) -> None:
    truth = read_bytes(selfeval_pdf, "text.pdf").projects[0]
    pages = scanmaker.render(selfeval_pdf, 150)
    k = next(i for i, p in enumerate(pages) if i > 0 and _has_total(read_bytes(scanmaker.image_pdf([p]), "p.pdf")))
    buffer = io.BytesIO()
    scanmaker.degrade(pages[k], 7).save(buffer, "PNG")
    result = read_bytes(buffer.getvalue(), "table.png")
    assert len(result.projects) == 1, result.findings
    p = result.projects[0]
    assert p.stated.total in (truth.stated.total, None)
    assert p.stated.total is not None
    lines, _ = read_layout(buffer.getvalue(), "table.png")
    assert any(line.grid and line.box is not None for line in lines.lines)


def _has_total(result: object) -> bool:
    projects = getattr(result, "projects", [])
    return bool(projects) and projects[0].stated.total is not None


@pytest.mark.slow
@needs_ocr
@needs_poppler
def test_mixed_pdf_reads_text_pages_as_text_and_the_scanned_page_by_ocr(selfeval_pdf: bytes) -> None:
    import pypdfium2 as pdfium

    pages = scanmaker.render(selfeval_pdf, 150)
    text_doc = pdfium.PdfDocument(selfeval_pdf)
    scanned = pdfium.PdfDocument(scanmaker.image_pdf([scanmaker.degrade(pages[1], 3)]))
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(text_doc, [0])
    mixed.import_pages(scanned, [0])
    mixed.import_pages(text_doc, list(range(2, len(text_doc))))
    out = io.BytesIO()
    mixed.save(out)
    result = read_bytes(out.getvalue(), "mixed.pdf")
    whole = read_bytes(selfeval_pdf, "text.pdf").projects[0]
    p = result.projects[0]
    assert any("第2页为扫描页" in f.message for f in result.findings)
    assert p.name == whole.name and p.stated.total == whole.stated.total
    t, w = p.funding.total, whole.funding.total
    for got, want in ((t.initial, w.initial), (t.adjusted, w.adjusted), (t.actual, w.actual)):
        assert got in (want, None)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_doc_wps_and_rtf_through_libreoffice(tmp_path: Path) -> None:
    docx = tmp_path / "report.docx"
    docx.write_bytes(scanmaker.published("pingshan-2021-zhaoshang", "docx"))
    expected = read_bytes(docx.read_bytes(), "report.docx").projects[0]
    for target in ("doc", "rtf"):
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                        "--convert-to", target, "--outdir", str(tmp_path), str(docx)], check=True,
                       capture_output=True, timeout=180)
    doc = (tmp_path / "report.doc").read_bytes()
    for name, data in (("report.doc", doc), ("report.wps", doc), ("report.rtf", (tmp_path / "report.rtf").read_bytes())):
        result = read_bytes(data, name)
        assert len(result.projects) == 1, (name, result.findings)
        p = result.projects[0]
        assert (p.name, p.funding.total, p.stated.total, p.stated.grade) == (
            expected.name, expected.funding.total, expected.stated.total, expected.stated.grade), name
        assert any("LibreOffice" in f.message for f in result.findings)
