"""What a file is (by content first, extension second), its text encoding, and zip-bomb limits."""

from __future__ import annotations

import io
import zipfile

from charset_normalizer import from_bytes

MAX_INPUT = 100 * 1024 * 1024            # any input file
MAX_UNZIPPED = 200 * 1024 * 1024         # sum of declared uncompressed sizes in a DOCX/XLSX
MAX_RATIO = 200                          # declared uncompressed / compressed, per member over 1 MB
MAX_MEMBERS = 20000


class Refused(Exception):
    """Input refused before parsing; carries a bilingual message."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


def kind_of(data: bytes, filename: str) -> str:
    """'docx' | 'xlsx' | 'xls' | 'pdf' | 'html' | 'text' | 'zip' | 'doc'."""
    return inspect(data, filename)[0]


def inspect(data: bytes, filename: str) -> tuple[str, list[zipfile.ZipInfo]]:
    """The kind, and for ZIP-based formats the members as declared (read once, checked by ``check_zip``)."""
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    head = data[:2048]
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf", []
    if head.startswith(b"PK\x03\x04"):
        try:
            infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return "zip", []
        names = {i.filename for i in infos}
        if "word/document.xml" in names:
            return "docx", infos
        if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
            return "xlsx", infos
        return "zip", infos
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return ("doc" if suffix in {"doc", "docx", "wps", "dot"} else "xls"), []
    low = head.lower()
    if suffix in {"html", "htm", "xhtml"} or b"<html" in low or b"<!doctype html" in low or ((
            b"<body" in low or b"<table" in low) and b"</" in low):
        return "html", []
    return "text", []


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
    best = from_bytes(data[:200_000], cp_isolation=["gb18030", "gbk", "big5", "utf_8", "utf_16"]).best()
    encoding = best.encoding if best is not None else "gb18030"
    if encoding in {"gbk", "gb2312"}:
        encoding = "gb18030"
    return data.decode(encoding, errors="replace"), encoding
