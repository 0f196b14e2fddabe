"""What a file is (by content first, extension second), its text encoding, and input limits.

Content decides: a file that matches no known format and is not text (random bytes, zeros,
a picture renamed ``.docx``) is refused as unreadable, never scored as an empty report; a
truncated DOCX/XLSX/PDF is refused as damaged. Workbooks are bounded before any parser
runs: file size, XML size and cell count (counted by streaming the sheet XML, stopping at
the cap), so a huge XLSX costs a fraction of a second, not a minute and gigabytes.
"""

from __future__ import annotations

import io
import zipfile
import zlib

MAX_INPUT = 100 * 1024 * 1024            # any input file
MAX_UNZIPPED = 200 * 1024 * 1024         # sum of declared uncompressed sizes in a DOCX/XLSX
MAX_RATIO = 200                          # declared uncompressed / compressed, per member over 1 MB
MAX_MEMBERS = 20000
MAX_WORKBOOK = 20 * 1024 * 1024          # an XLSX/XLS file; a 自评表 is ~50 KB
MAX_SHEET_XML = 60 * 1024 * 1024         # worksheets + shared strings, uncompressed
MAX_CELLS = 200_000                      # a 自评表 has ~1,000 cells; a portfolio of 100 projects ~50,000
_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF87a", b"GIF89a")
_IMAGE_SUFFIXES = frozenset({"png", "jpg", "jpeg", "tif", "tiff", "gif", "webp"})
_BINARY_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG 图片", "a PNG image"), (b"\xff\xd8\xff", "JPEG 图片", "a JPEG image"),
    (b"GIF87a", "GIF 图片", "a GIF image"), (b"GIF89a", "GIF 图片", "a GIF image"),
    (b"II*\x00", "TIFF 图片", "a TIFF image"), (b"MM\x00*", "TIFF 图片", "a TIFF image"),
    (b"\x1f\x8b", "gzip 压缩包", "a gzip archive"), (b"7z\xbc\xaf\x27\x1c", "7z 压缩包", "a 7z archive"),
    (b"Rar!\x1a\x07", "RAR 压缩包", "a RAR archive"), (b"\x7fELF", "程序文件", "an executable"),
    (b"RIFF", "多媒体或 WebP 图片", "a media or WebP file"), (b"SQLite format 3\x00", "数据库文件", "a database file"),
)


class Refused(Exception):
    """Input refused before parsing; carries a bilingual message."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


def kind_of(data: bytes, filename: str) -> str:
    """'docx' | 'xlsx' | 'xls' | 'pdf' | 'html' | 'text' | 'zip' | 'doc' | 'image'."""
    return inspect(data, filename)[0]


def inspect(data: bytes, filename: str) -> tuple[str, list[zipfile.ZipInfo]]:
    """The kind, and for ZIP-based formats the members as declared (read once, checked by ``check_zip``)."""
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    head = data[:2048]
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        check_pdf(data)
        return "pdf", []
    if head.startswith(b"PK\x03\x04"):
        try:
            infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise Refused("文件已损坏或不完整（ZIP/Office 文档结构残缺，可能在下载或复制时被截断），无法读取；"
                          "请用原程序重新保存后再试",
                          "the file is damaged or truncated (its ZIP/Office structure is incomplete); "
                          "save it again from the program that made it") from exc
        names = {i.filename for i in infos}
        if "word/document.xml" in names:
            return "docx", infos
        if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
            check_workbook(data, infos)
            return "xlsx", infos
        return "zip", infos
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        kind = "doc" if suffix in {"doc", "docx", "wps", "dot"} else "xls"
        if kind == "xls":
            check_workbook(data, [])
        return kind, []
    if (head.startswith(_IMAGES) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")) and suffix in _IMAGE_SUFFIXES:
        return "image", []                   # a scan or a photo: read by OCR (scans.py); a picture named .docx is refused
    for signature, zh, en in _BINARY_SIGNATURES:
        if head.startswith(signature):
            raise Refused(f"文件内容是{zh}，不是可读取的报告（扩展名可能有误）",
                          f"the content is {en}, not a readable report (wrong extension?)")
    if not looks_textual(data):
        raise Refused("文件内容不是可识别的格式（不是 DOCX、XLSX、PDF、HTML 或文本），可能已损坏或扩展名有误，无法读取",
                      "the content matches no known format (DOCX, XLSX, PDF, HTML or text) and is not text; "
                      "it may be damaged or misnamed")
    low = head.lower()
    if suffix in {"html", "htm", "xhtml"} or b"<html" in low or b"<!doctype html" in low or ((
            b"<body" in low or b"<table" in low) and b"</" in low):
        return "html", []
    return "text", []


def looks_textual(data: bytes) -> bool:
    """Text has no NUL bytes (UTF-16 aside) and almost no C0 control characters."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = data[:65536]
    if not sample or b"\x00" in sample:
        return not sample
    controls = sum(sample.count(bytes([b])) for b in range(32) if b not in (9, 10, 12, 13, 27))
    return controls * 100 <= len(sample)


def check_pdf(data: bytes) -> None:
    """A PDF ends with ``%%EOF``; without it the file was cut short (parsers then fail obscurely)."""
    if b"%%EOF" not in data[-2048:].rstrip(b"\x00\r\n\t "):
        raise Refused("PDF 文件不完整（缺少文件结尾，可能在下载或复制时被截断），无法读取；请重新获取完整的文件",
                      "the PDF is truncated (no end-of-file marker); get the complete file again")


def check_workbook(data: bytes, infos: list[zipfile.ZipInfo]) -> None:
    """Bound a workbook before parsing: file size, sheet XML size, and cells (counted, not parsed)."""
    if len(data) > MAX_WORKBOOK:
        raise Refused(f"工作簿文件超过{MAX_WORKBOOK // 1048576}MB上限（{len(data) // 1048576}MB），拒绝读取",
                      f"workbook larger than {MAX_WORKBOOK // 1048576} MB ({len(data) // 1048576} MB); refused")
    sheets = [i for i in infos if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")]
    xml = sum(i.file_size for i in infos if i in sheets or i.filename == "xl/sharedStrings.xml")
    if xml > MAX_SHEET_XML:
        raise Refused(f"工作簿内容解压后达{xml // 1048576}MB，超过{MAX_SHEET_XML // 1048576}MB上限，拒绝读取",
                      f"workbook content expands to {xml // 1048576} MB (limit {MAX_SHEET_XML // 1048576} MB); refused")
    if not sheets:
        return
    archive = zipfile.ZipFile(io.BytesIO(data))
    cells = 0
    for info in sheets:
        tail = b""
        try:
            with archive.open(info) as stream:
                while chunk := stream.read(1 << 20):
                    block = tail + chunk
                    cells += block.count(b"<c ") + block.count(b"<c>") - tail.count(b"<c ") - tail.count(b"<c>")
                    tail = block[-2:]
                    if cells > MAX_CELLS:
                        sheet = info.filename.rsplit("/", 1)[-1]
                        raise Refused(f"工作表「{sheet}」的单元格超过{MAX_CELLS}个，超出上限，拒绝读取",
                                      f"worksheet '{sheet}' has more than {MAX_CELLS} cells; refused")
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
            raise Refused(*damaged("xlsx", exc)) from exc


def damaged(kind: str, exc: BaseException) -> tuple[str, str]:
    """The message for a file whose parser failed: the user learns it is damaged, not a stack trace."""
    names = {"docx": "DOCX 文档", "xlsx": "XLSX 工作簿", "xls": "XLS 工作簿", "pdf": "PDF 文件", "html": "网页文件"}
    what = names.get(kind, "文件")
    return (f"{what}内容已损坏或结构异常，无法读取；请用原程序打开并重新保存后再试",
            f"the {kind.upper() or 'file'} content is damaged or malformed ({type(exc).__name__}); "
            "open it in the program that made it and save it again")


def check_zip(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse archives whose declared sizes would blow up memory, before any member is opened."""
    if len(infos) > MAX_MEMBERS:
        raise Refused(f"压缩包内文件过多（{len(infos)}个），拒绝读取", f"archive has too many members ({len(infos)}); refused")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNZIPPED:
        raise Refused(f"文档解压后将达{total // 1048576}MB，超过{MAX_UNZIPPED // 1048576}MB上限，疑为压缩炸弹，拒绝读取",
                      f"document would expand to {total // 1048576} MB (limit {MAX_UNZIPPED // 1048576} MB); "
                      "possible zip bomb, refused")
    for i in infos:
        if i.file_size > 1048576 and i.file_size > MAX_RATIO * max(1, i.compress_size):
            raise Refused(f"文档成员「{i.filename}」压缩比异常（{i.file_size // max(1, i.compress_size)}:1），疑为压缩炸弹，拒绝读取",
                          f"member '{i.filename}' has a suspicious compression ratio "
                          f"({i.file_size // max(1, i.compress_size)}:1); possible zip bomb, refused")


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding used: UTF-8 first (it is unambiguous), then charset-normalizer's guess."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # ~20 ms to import; UTF-8 files never need it

    best = from_bytes(data[:200_000], cp_isolation=["gb18030", "gbk", "big5", "utf_8", "utf_16"]).best()
    encoding = best.encoding if best is not None else "gb18030"
    if encoding in {"gbk", "gb2312"}:
        encoding = "gb18030"
    return data.decode(encoding, errors="replace"), encoding
