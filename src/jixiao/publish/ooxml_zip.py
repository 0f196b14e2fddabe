"""A ZIP writer for Office packages whose unchanging parts are compressed once.

A report's DOCX differs from its template in two or three parts (the body and the
properties); deflating the other fifteen again for every report was most of the time of
writing one (python-docx re-serialises and re-compresses every part on each save). Here
each part is an ``Entry`` holding its deflated bytes and CRC, so the template's parts are
compressed once per process and copied as they are.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_VERSION = 20          # 2.0: deflate
_DEFLATED = 8
_UTF8_NAMES = 0x800


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    raw: bytes         # deflated
    crc: int
    size: int          # uncompressed


def deflate(name: str, data: bytes, level: int = 6) -> Entry:
    packer = zlib.compressobj(level, zlib.DEFLATED, -15)
    return Entry(name, packer.compress(data) + packer.flush(), zlib.crc32(data), len(data))


@lru_cache(maxsize=128)
def deflate_memo(name: str, data: bytes) -> Entry:
    """``deflate`` for parts that recur byte for byte from one document to the next (theme, styles)."""
    return deflate(name, data)


def entries(package: bytes) -> dict[str, Entry]:
    """Every part of a ZIP package, deflated, in the package's order."""
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        return {info.filename: deflate(info.filename, z.read(info)) for info in z.infolist()}


def _dos_time(when: datetime) -> tuple[int, int]:
    when = max(when.replace(tzinfo=None), datetime(1980, 1, 1))
    return (when.hour << 11) | (when.minute << 5) | (when.second // 2), \
        ((when.year - 1980) << 9) | (when.month << 5) | when.day


def write(parts: list[Entry], when: datetime) -> bytes:
    """The ZIP file of ``parts`` (in that order), every member dated ``when``."""
    clock, day = _dos_time(when)
    out = io.BytesIO()
    central: list[bytes] = []
    for part in parts:
        name = part.name.encode("utf-8")
        flags = 0 if name.isascii() else _UTF8_NAMES
        offset = out.tell()
        out.write(_LOCAL.pack(0x04034B50, _VERSION, flags, _DEFLATED, clock, day, part.crc, len(part.raw),
                              part.size, len(name), 0))
        out.write(name)
        out.write(part.raw)
        central.append(_CENTRAL.pack(0x02014B50, _VERSION, _VERSION, flags, _DEFLATED, clock, day, part.crc,
                                     len(part.raw), part.size, len(name), 0, 0, 0, 0, 0, offset) + name)
    start = out.tell()
    for record in central:
        out.write(record)
    out.write(_END.pack(0x06054B50, 0, 0, len(parts), len(parts), out.tell() - start, start, 0))
    return out.getvalue()
