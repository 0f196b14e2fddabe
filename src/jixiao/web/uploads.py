"""Upload limits: size, extension, content that matches the extension, and no zip bombs.

DOCX and XLSX are zip archives; one that would inflate past a sane size, or with an absurd
compression ratio or entry count, is refused before any reader touches it.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

EVIDENCE_TYPES = {
    ".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".txt": "text/plain; charset=utf-8", ".csv": "text/csv; charset=utf-8",
}
REPORT_SUFFIXES = {".yaml", ".yml", ".json", ".txt", ".docx", ".pdf", ".xlsx", ".html", ".htm", ".md"}
ZIP_MAX_UNCOMPRESSED = 200 * 1024 * 1024
ZIP_MAX_RATIO = 100
ZIP_MAX_ENTRIES = 5000


@dataclass(frozen=True)
class Refusal(Exception):
    zh: str
    en: str

    def __str__(self) -> str:
        return f"{self.zh} / {self.en}"


def suffix_of(filename: str) -> str:
    dot = filename.rfind(".")
    return filename[dot:].lower() if dot >= 0 else ""


def check_zip(data: bytes) -> None:
    """Refuse archives that are not zips, or that would expand dangerously."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise Refusal("文件已损坏或不是有效的 Office 文档", "not a valid Office (zip) document") from exc
    infos = archive.infolist()
    if len(infos) > ZIP_MAX_ENTRIES:
        raise Refusal("压缩包内文件过多，疑似压缩炸弹，已拒绝", "too many entries: zip bomb suspected; refused")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > ZIP_MAX_UNCOMPRESSED or total / packed > ZIP_MAX_RATIO:
        raise Refusal("文档解压后体积异常（疑似压缩炸弹），已拒绝",
                      "the document expands far beyond its size (zip bomb suspected); refused")
    if "[Content_Types].xml" not in {i.filename for i in infos}:
        raise Refusal("不是有效的 Office 文档（缺少 [Content_Types].xml）",
                      "not a valid Office document (no [Content_Types].xml)")


def _matches(suffix: str, data: bytes) -> bool:
    if suffix == ".pdf":
        return data.startswith(b"%PDF-")
    if suffix == ".png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if suffix in {".jpg", ".jpeg"}:
        return data.startswith(b"\xff\xd8\xff")
    if suffix in {".docx", ".xlsx"}:
        return data.startswith(b"PK\x03\x04")
    return b"\x00" not in data[:4096]     # text: no NUL bytes


def check_upload(filename: str, data: bytes, allowed: set[str], max_bytes: int) -> str:
    """Validate an upload and return its normalised suffix; raise Refusal with a bilingual reason."""
    suffix = suffix_of(filename)
    if not data:
        raise Refusal("文件为空", "the file is empty")
    if len(data) > max_bytes:
        raise Refusal(f"文件超过{max_bytes // (1024 * 1024)}MB上限", f"file larger than {max_bytes // (1024 * 1024)} MB")
    if suffix not in allowed:
        names = "、".join(sorted(allowed))
        raise Refusal(f"不支持的文件类型「{suffix or '无扩展名'}」（允许：{names}）",
                      f"file type '{suffix or 'none'}' not allowed (allowed: {', '.join(sorted(allowed))})")
    if not _matches(suffix, data):
        raise Refusal(f"文件内容与扩展名「{suffix}」不符", f"the content does not match the '{suffix}' extension")
    if suffix in {".docx", ".xlsx"}:
        check_zip(data)
    return suffix
