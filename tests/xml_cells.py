"""Read a written workbook's sheet XML: which cells are formulas, which are text (tests only)."""

from __future__ import annotations

import io
import re
import zipfile
from html import unescape

CELL = re.compile(r'<c r="([A-Z]+\d+)"([^>]*?)(?:/>|>(.*?)</c>)', re.S)


def cells(data: bytes) -> list[tuple[str, str, str, str]]:
    """(sheet member, ref, formula or "", text) for every cell of every worksheet."""
    out = []
    book = zipfile.ZipFile(io.BytesIO(data))
    shared = re.findall(r"<si>(.*?)</si>", book.read("xl/sharedStrings.xml").decode(), re.S) \
        if "xl/sharedStrings.xml" in book.namelist() else []
    for name in book.namelist():
        if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            continue
        for ref, attrs, body in CELL.findall(book.read(name).decode("utf-8")):
            body = body or ""
            formula = re.search(r"<f[^>]*>(.*?)</f>", body, re.S)
            text = "".join(re.findall(r"<t[^>]*>(.*?)</t>", body, re.S))
            if 't="s"' in attrs:
                index = re.search(r"<v>(\d+)</v>", body)
                text = "".join(re.findall(r"<t[^>]*>(.*?)</t>", shared[int(index.group(1))], re.S)) if index else ""
            out.append((name, ref, unescape(formula.group(1)) if formula else "", unescape(text)))
    return out


def formulas(data: bytes) -> list[str]:
    return [f for _, _, f, _ in cells(data) if f]


def texts(data: bytes) -> list[str]:
    return [t for _, _, f, t in cells(data) if not f and t]
