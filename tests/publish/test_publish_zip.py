"""ooxml_zip: the packages it writes are ordinary ZIP files with the parts given, in that order."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from jixiao.publish import ooxml_zip, render


def test_parts_round_trip_through_zipfile():
    parts = {"[Content_Types].xml": b"<Types/>", "word/document.xml": "<w:body>正文</w:body>".encode(),
             "docProps/空.xml": b""}
    data = ooxml_zip.write([ooxml_zip.deflate(n, b) for n, b in parts.items()], datetime(2024, 3, 5, 10, 30, 8))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None                       # every CRC checks
        assert z.namelist() == list(parts)
        assert {n: z.read(n) for n in z.namelist()} == parts
        assert z.getinfo("word/document.xml").date_time == (2024, 3, 5, 10, 30, 8)
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in z.infolist())


def test_a_reused_part_is_copied_not_recompressed(pingshan):
    """Two reports share the template's parts byte for byte; only the body and properties differ."""
    project, card = pingshan
    first, second = render(project, card, "docx"), render(project, card, "docx")
    with zipfile.ZipFile(io.BytesIO(first)) as a, zipfile.ZipFile(io.BytesIO(second)) as b:
        assert a.testzip() is None and b.testzip() is None
        assert a.namelist() == b.namelist() and "word/styles.xml" in a.namelist()
        assert a.read("word/document.xml") == b.read("word/document.xml")
        assert a.getinfo("word/styles.xml").compress_size == b.getinfo("word/styles.xml").compress_size
