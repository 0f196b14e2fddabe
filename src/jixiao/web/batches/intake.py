"""Uploaded files and ZIP archives into a list of report files, within limits, never touching disk.

Every member goes through the same single-upload check (size, extension, content matching the
extension, Office zip bombs). Archives are bounded by entry count, total inflated size, the
ratio of inflated to packed bytes, and nesting depth; a member's declared size is not trusted
(reading stops one byte past it). Chinese Windows archives often store names in GBK without
the UTF-8 flag, so such names are re-decoded.
"""

from __future__ import annotations

import contextlib
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.conf import settings

from ..uploads import (
    REPORT_SUFFIXES,
    ZIP_MAX_ENTRIES,
    ZIP_MAX_RATIO,
    ZIP_MAX_UNCOMPRESSED,
    Refusal,
    check_upload,
    suffix_of,
)

MAX_DEPTH = 2            # a ZIP may hold ZIPs (one folder per district, say), but no deeper


@dataclass
class Intake:
    files: list[tuple[str, bytes]] = field(default_factory=list)
    refused: list[tuple[str, Refusal]] = field(default_factory=list)

    def refuse(self, name: str, zh: str, en: str) -> None:
        self.refused.append((name, Refusal(zh, en)))


def _member_name(info: zipfile.ZipInfo) -> str:
    name = info.filename
    if not info.flag_bits & 0x800:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("gbk")
    return name


def _skipped(path: PurePosixPath) -> bool:
    """Folder entries, macOS resource forks, hidden files: not reports, and not worth a message."""
    return any(part.startswith(".") or part == "__MACOSX" for part in path.parts)


def _unzip(name: str, data: bytes, depth: int, out: Intake, budget: list[int]) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        out.refuse(name, "不是有效的 ZIP 压缩包", "not a valid ZIP archive")
        return
    members = [i for i in infos if not i.is_dir()]
    declared = sum(i.file_size for i in members)
    packed = sum(i.compress_size for i in members) or 1
    if len(infos) > ZIP_MAX_ENTRIES:
        out.refuse(name, f"压缩包内文件超过{ZIP_MAX_ENTRIES}个，已拒绝", f"more than {ZIP_MAX_ENTRIES} entries; refused")
        return
    if declared > ZIP_MAX_UNCOMPRESSED or declared / packed > ZIP_MAX_RATIO:
        out.refuse(name, "压缩包解压后体积异常（疑似压缩炸弹），已拒绝",
                   "the archive expands far beyond its size (zip bomb suspected); refused")
        return
    for info in members:
        inner = _member_name(info)
        path = PurePosixPath(inner.replace("\\", "/"))
        label = f"{name}/{inner}"
        if _skipped(path):
            continue
        if info.flag_bits & 0x1:
            out.refuse(label, "压缩包内文件已加密，无法读取", "the member is encrypted")
            continue
        if info.file_size > settings.PROJECT_UPLOAD_MAX_BYTES:
            out.refuse(label, f"文件超过{settings.PROJECT_UPLOAD_MAX_BYTES // (1024 * 1024)}MB上限",
                       f"file larger than {settings.PROJECT_UPLOAD_MAX_BYTES // (1024 * 1024)} MB")
            continue
        if budget[0] - info.file_size < 0:
            out.refuse(label, "压缩包解压总量超过上限，其余文件未读取", "the archive's total size limit was reached")
            return
        with archive.open(info) as handle:
            content = handle.read(info.file_size + 1)
        if len(content) > info.file_size:        # the header lied about the size
            out.refuse(label, "压缩包内文件大小与记录不符，已拒绝", "member larger than declared; refused")
            continue
        budget[0] -= len(content)
        _add(label, content, depth + 1, out, budget)


def _add(name: str, data: bytes, depth: int, out: Intake, budget: list[int]) -> None:
    if suffix_of(name) == ".zip":
        if depth >= MAX_DEPTH:
            out.refuse(name, f"压缩包嵌套超过{MAX_DEPTH}层，已拒绝", f"archives nested deeper than {MAX_DEPTH}; refused")
            return
        _unzip(name, data, depth, out, budget)
        return
    if len(out.files) >= settings.BATCH_MAX_FILES:
        out.refuse(name, f"一个批次最多{settings.BATCH_MAX_FILES}个文件", f"at most {settings.BATCH_MAX_FILES} files "
                   "per batch")
        return
    try:
        check_upload(PurePosixPath(name).name, data, REPORT_SUFFIXES, settings.PROJECT_UPLOAD_MAX_BYTES)
    except Refusal as exc:
        out.refused.append((name, exc))
        return
    out.files.append((name, data))


def expand(uploads: Iterable[tuple[str, bytes]], already: int = 0) -> Intake:
    """Report files from uploads (files and ZIPs), with every refusal and its reason.

    ``already`` counts the files the batch holds, so the per-batch limit spans several uploads.
    """
    out = Intake()
    out.files = []
    budget = [ZIP_MAX_UNCOMPRESSED]
    start = already
    for name, data in uploads:
        _add(PurePosixPath(name.replace("\\", "/")).name or "upload", data, 0, out, budget)
    if start:
        keep = max(0, settings.BATCH_MAX_FILES - start)
        for name, _ in out.files[keep:]:
            out.refuse(name, f"一个批次最多{settings.BATCH_MAX_FILES}个文件",
                       f"at most {settings.BATCH_MAX_FILES} files per batch")
        out.files = out.files[:keep]
    return out
