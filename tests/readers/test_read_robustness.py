"""Any input reads without a traceback: mutated and truncated reports, wrong encodings, empty
files, huge cells and zip bombs. What cannot be read is a located finding."""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest
import synth
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.io.loading import LoadResult
from jixiao.pipeline import load as load_path
from jixiao.readers import read_bytes, read_document

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_69e7f288a75f657f.txt"
SEED_TEXT = SEED.read_text("utf-8") if SEED.is_file() else "项目名称：测试\n一、基本情况\n年初预算10万元，实际支出9万元。\n"
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAMES = ["r.txt", "r.docx", "r.pdf", "r.xlsx", "r.xls", "r.html", "r", "r.doc"]


def assert_sane(result: LoadResult) -> None:
    assert isinstance(result, LoadResult)
    assert result.projects or result.findings
    for f in result.findings:
        assert f.message and f.message_en and f.source is not None and f.source.file


@FUZZ
@given(cut=st.integers(0, len(SEED_TEXT)), start=st.integers(0, len(SEED_TEXT)))
def test_truncated_text(cut: int, start: int) -> None:
    assert_sane(read_bytes(SEED_TEXT[min(start, cut):cut].encode("utf-8") or b" ", "cut.txt"))


@FUZZ
@given(edits=st.lists(st.tuples(st.integers(0, len(SEED_TEXT)), st.sampled_from(
    ["\t", "\n", "", "得分", "合计", "一、", "（1）", "%", "万元", "元", "9999999999", "—", "|", "\x00", "\ufffd",
     "项目名称：", "年初预算", "执行率为", "一级指标\t分值\t三级指标\t得分"])), max_size=30))
def test_mutated_text(edits: list[tuple[int, str]]) -> None:
    text = SEED_TEXT
    for pos, insert in edits:
        text = text[:pos] + insert + text[pos + 1:]
    assert_sane(read_bytes(text.encode("utf-8"), "mutated.txt"))


@FUZZ
@given(data=st.binary(max_size=4000), name=st.sampled_from(NAMES))
def test_random_bytes(data: bytes, name: str) -> None:
    assert_sane(read_bytes(data or b"\x00", name))


@FUZZ
@given(encoding=st.sampled_from(["gb18030", "gbk", "utf-16", "big5", "latin-1", "utf-8-sig"]),
       name=st.sampled_from(["r.txt", "r.html", "r.pdf", "r"]), cut=st.integers(100, 3000))
def test_wrong_or_unusual_encodings(encoding: str, name: str, cut: int) -> None:
    data = SEED_TEXT[:cut].encode(encoding, errors="replace")
    assert_sane(read_bytes(data, name))


@pytest.fixture(scope="module")
def office_files() -> dict[str, bytes]:
    return {"r.docx": synth.to_docx(SEED_TEXT[:6000]), "r.xlsx": synth.to_xlsx(SEED_TEXT[:6000]),
            "t.xlsx": synth.selfeval_xlsx(2), "r.html": synth.to_html(SEED_TEXT[:6000]).encode()}


@FUZZ
@given(cut=st.floats(0.0, 1.0), flip=st.integers(0, 10**6), name=st.sampled_from(["r.docx", "r.xlsx", "t.xlsx", "r.html"]))
def test_truncated_and_flipped_office_files(office_files: dict[str, bytes], cut: float, flip: int, name: str) -> None:
    data = bytearray(office_files[name])
    data[flip % len(data)] ^= 0x5A
    assert_sane(read_bytes(bytes(data[: max(1, int(len(data) * cut))]), name))


@pytest.mark.parametrize("data", [b"", b"   \n\n\t ", b"\xef\xbb\xbf"])
def test_empty_files(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    result = load_path(path)
    assert result.failed and result.findings[0].code == "JX002"
    assert "空" in result.findings[0].message and "empty" in result.findings[0].message_en


def test_missing_file(tmp_path: Path) -> None:
    assert read_document(tmp_path / "nope.pdf").failed


def test_huge_cells() -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["项目名称", "甲" * 1_000_000])
    book.active.append(["一级指标", "分值", "三级指标", "分值", "得分"])
    book.active.append(["产出", 50, "乙" * 200_000, 50, 45])
    out = io.BytesIO()
    book.save(out)
    result = read_bytes(out.getvalue(), "huge.xlsx")
    assert_sane(result)
    assert result.projects[0].indicators
    text = ("项目名称：" + "丙" * 2_000_000 + "\n").encode()
    result = read_bytes(text, "huge.txt")
    assert any("too long" in f.message_en for f in result.findings)


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def _declare_size(data: bytes, size: int) -> bytes:
    """Rewrite every central-directory entry's uncompressed size (what a bomb lies about)."""
    buf = bytearray(data)
    at = buf.find(b"PK\x01\x02")
    while at != -1:
        buf[at + 24:at + 28] = struct.pack("<I", size)
        at = buf.find(b"PK\x01\x02", at + 4)
    return bytes(buf)


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_zip_bombs_are_refused_before_opening(kind: str) -> None:
    marker = "word/document.xml" if kind == "docx" else "xl/workbook.xml"
    ratio_bomb = _zip({"[Content_Types].xml": b"<Types/>", marker: b"\x00" * (3 * 1024 * 1024)})
    size_bomb = _declare_size(_zip({"[Content_Types].xml": b"<Types/>", marker: b"<x/>"}), 4_000_000_000)
    for bomb in (ratio_bomb, size_bomb):
        result = read_bytes(bomb, f"bomb.{kind}")
        assert result.failed
        f = result.findings[0]
        assert f.code == "JX002" and "压缩炸弹" in f.message and "zip bomb" in f.message_en


def test_unsupported_formats_are_named() -> None:
    result = read_bytes(_zip({"a.txt": b"x"}), "a.zip")
    assert result.failed and "DOCX" in result.findings[0].message
    result = read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old.doc")
    assert result.failed


def test_scanned_pdf_without_text_layer() -> None:
    from weasyprint import HTML

    pdf = HTML(string="<html><body><div style='width:100px;height:100px;background:#000'></div></body></html>").write_pdf()
    result = read_bytes(pdf, "scan.pdf")
    assert result.failed or any("text layer" in f.message_en for f in result.findings)
