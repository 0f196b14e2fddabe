"""Dispatch for formats read page by page or converted first: PDF (text layer and OCR), images
(OCR), and legacy office files (LibreOffice). ``read_layout`` asks here before its own formats.
"""

from __future__ import annotations

from ..core.findings import Finding, Severity, Source
from .assemble import note
from .layout import Document
from .sniff import Refused


def legacy_kind(data: bytes, filename: str, kind: str) -> str | None:
    """doc / wps / rtf / et when the file is one (by content, the suffix only telling OLE files apart)."""
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    if kind == "doc":
        return "wps" if suffix == "wps" else "doc"
    if kind == "xls" and suffix == "et":
        return "et"
    return None


def _located(file: str, notes: list[tuple[str, str, int | None]], severity: Severity) -> list[Finding]:
    return [note(file, zh, en, Source(file, 1, 1, page), severity) for zh, en, page in notes]


def read_special(data: bytes, filename: str, kind: str) -> tuple[Document, list[Finding]] | None:
    """The layout of a PDF, an image or a legacy office file; None for formats read elsewhere."""
    if kind == "pdf":
        from .pdf import read_pdf

        pdf = read_pdf(data, filename)
        findings = _located(filename, pdf.notes, Severity.INFO if pdf.document.lines else Severity.WARNING)
        if not any(line.text.strip() for line in pdf.document.lines) and not pdf.notes:
            findings.append(note(filename, "PDF 没有文字层（可能是扫描件），无法读取内容",
                                 "the PDF has no text layer (scanned?); nothing to read", severity=Severity.WARNING))
        return pdf.document, findings
    if kind == "image":
        return _read_image(data, filename)
    legacy = legacy_kind(data, filename, kind)
    if legacy is not None:
        return read_converted(data, filename, legacy)
    return None


def _read_image(data: bytes, filename: str) -> tuple[Document, list[Finding]]:
    from .ocr import ocr_image
    from .pagelines import page_lines
    from .stream import Carry

    notes: list[tuple[str, str, int | None]] = []
    try:
        pages = ocr_image(data, filename, notes)
    except (OSError, ValueError) as exc:          # PIL: truncated, unknown or oversized image
        raise Refused(f"无法打开图片：{exc}"[:300], f"cannot open the image: {exc}"[:300]) from exc
    doc = Document(filename)
    carry = Carry()                  # a borderless table's columns, from one page to the next
    for number, (glyphs, horizontal, vertical) in enumerate(pages, 1):
        doc.lines.extend(page_lines(glyphs, horizontal, vertical, number, 4.0, bridge=20.0,
                                    stream=carry, recognised=True))
    doc.recognised = frozenset(range(1, len(pages) + 1))
    if pages:
        notes.append(("图片内容由文字识别（OCR）读取", "the image was read by OCR", None))
    return doc, _located(filename, notes, Severity.INFO if doc.lines else Severity.WARNING)


def read_converted(data: bytes, filename: str, kind: str) -> tuple[Document, list[Finding]]:
    from .convert import TARGET, ConvertError, convert
    from .sniff import check_zip, inspect

    try:
        converted = convert(data, kind)
    except ConvertError as exc:
        raise Refused(exc.zh, exc.en) from exc
    target = TARGET[kind]
    found, members = inspect(converted, f"converted.{target}")
    check_zip(members)
    if found == "docx":
        from .office import read_docx

        doc = read_docx(converted, filename)
    else:
        from .office import read_workbook

        doc = read_workbook(converted, filename)
    return doc, [note(filename, f".{kind} 文件经 LibreOffice 转换为 {target.upper()} 后读取",
                      f"the .{kind} file was converted to {target.upper()} by LibreOffice and then read")]
