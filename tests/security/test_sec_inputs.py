"""Hostile and damaged inputs in the CLI: bombs, oversized workbooks, files that are not what they claim.

Each case is refused with JX002 (exit 2) and a located bilingual message; expectations are
written from the inputs (what a bomb is, what a PNG is), not from the code under test. How
fast they are refused is measured in ``benchmarks/hostile_inputs.py`` (without the limits the
alias bomb alone takes minutes and gigabytes, so these tests finishing at all is the point).
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from hostile import alias_bomb
from hostile import workbook as _workbook
from jixiao.cli.main import main
from jixiao.io.loading import load_path
from testdata import PINGSHAN


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout + result.stderr


def refused_quickly(path: Path, *needles: str) -> str:
    code, out = run("check", str(path))
    assert code == 2, out
    assert "JX002" in out, out
    for needle in needles:
        assert needle in out, (needle, out)
    return out


def test_yaml_alias_bomb_refused_with_location(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(alias_bomb(), "utf-8")
    assert len(path.read_bytes()) < 600            # a few hundred bytes that would expand to 9**10 values
    out = refused_quickly(path, "别名", "alias")
    assert f"{path}:4:" in out                     # the first alias past the budget is on line 4


def test_recursive_alias_refused(tmp_path: Path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text("project: &p\n  name: *p\n", "utf-8")
    refused_quickly(path, "别名")


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_deep_nesting_refused(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"deep{suffix}"
    path.write_text("[" * 50_000 + "]" * 50_000, "utf-8")
    refused_quickly(path, "嵌套", "nesting")


def test_too_many_values_refused(tmp_path: Path) -> None:
    path = tmp_path / "wide.json"
    path.write_text(json.dumps({"project": {"name": "x"}, "pad": list(range(100_000))}), "utf-8")
    refused_quickly(path, "值超过", "values")


def test_oversized_project_file_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("project:\n  name: x\nnote: '" + "长" * (2100 * 1024) + "'\n", "utf-8")
    refused_quickly(path, "MB", "refused")


def test_real_project_files_still_load() -> None:
    loaded = load_path(PINGSHAN)
    assert loaded.projects and not loaded.failed


def test_xlsx_cell_cap(tmp_path: Path) -> None:
    path = tmp_path / "huge.xlsx"
    path.write_bytes(_workbook(21_000, 10))          # 210,000 cells: beyond any 自评表
    refused_quickly(path, "单元格", "cells")


def test_xlsx_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "padded.xlsx"
    data = _workbook(2, 2)
    buf = io.BytesIO(data)
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_STORED) as z:
        z.writestr("xl/media/pad.bin", os.urandom(21 * 1024 * 1024))
    path.write_bytes(buf.getvalue())
    refused_quickly(path, "MB", "workbook")


def _docx() -> bytes:
    import docx
    document = docx.Document()
    document.add_paragraph("项目名称：测试项目")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
       b"\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.mark.parametrize("name,content,needle", [
    ("random.docx", os.urandom(4096), "不是可识别的格式"),
    ("random.doc", os.urandom(4096), "不是可识别的格式"),
    ("zeros.docx", bytes(8192), "不是可识别的格式"),
    ("picture.docx", PNG, "PNG"),
    ("picture.txt", PNG, "PNG"),
])
def test_not_a_report_is_refused(tmp_path: Path, name: str, content: bytes, needle: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    out = refused_quickly(path, needle)
    assert "总分" not in out


@pytest.mark.parametrize("name,make", [("cut.docx", _docx), ("cut.xlsx", lambda: _workbook(5, 5))])
def test_truncated_office_file_is_damaged(tmp_path: Path, name: str, make) -> None:
    data = make()
    path = tmp_path / name
    path.write_bytes(data[: len(data) // 2])
    out = refused_quickly(path, "损坏", "damaged")
    assert "另存为" not in out                    # not "save it as DOCX": it is one, just broken


def _pdf() -> bytes:
    """A one-page PDF with a text layer, written by hand (objects, xref, trailer)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               None, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    stream = b"BT /F1 12 Tf 20 100 Td (project total 90) Tj ET"
    objects[3] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_truncated_pdf_is_refused_in_chinese(tmp_path: Path) -> None:
    data = _pdf()
    whole = tmp_path / "whole.pdf"
    whole.write_bytes(data)
    _, out = run("check", str(whole))
    assert "截断" not in out                       # the complete file is not called truncated
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) - 60])
    out = refused_quickly(path, "PDF 文件不完整", "truncated")
    assert "Exception" not in out and "EOF" not in out.split("truncated")[0]


def test_broken_docx_xml_says_damaged(tmp_path: Path) -> None:
    buf = io.BytesIO(_docx())
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "word/document.xml":
                body = b"<?xml version='1.0'?><w:document xmlns:w='urn:x'><w:body><w:p>"   # unclosed
            dst.writestr(item, body)
    path = tmp_path / "broken.docx"
    path.write_bytes(out.getvalue())
    text = refused_quickly(path, "损坏", "damaged")
    assert "AttributeError:" not in text and "XMLSyntaxError:" not in text
