"""Uploads: evidence files (limits, types, zip bombs, download) and new projects from files."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from jixiao.web.evidence.models import EvidenceFile
from jixiao.web.projects.models import ProjectRecord
from jixiao.web.uploads import Refusal, check_upload


def _office(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def _upload(world, name: str, data: bytes, supports: str = ""):
    c = world.client("prep_a")
    return c.post(f"/projects/{world.project_a.pk}/evidence/",
                  {"file": SimpleUploadedFile(name, data), "supports": supports}, follow=True)


def test_evidence_upload_list_and_download(world) -> None:
    response = _upload(world, "验收报告.pdf", b"%PDF-1.7 minimal", supports="t1")
    assert "已上传佐证材料" in response.content.decode()
    item = EvidenceFile.objects.get(project=world.project_a)
    assert item.filename == "验收报告.pdf" and item.supports == "t1" and item.size == 16
    page = world.client("rev_a").get(f"/projects/{world.project_a.pk}/").content.decode()
    assert "验收报告.pdf" in page
    download = world.client("rev_a").get(f"/projects/{world.project_a.pk}/evidence/{item.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.7 minimal"
    assert "attachment" in download["Content-Disposition"]
    other = world.client("rev_b").get(f"/projects/{world.project_a.pk}/evidence/{item.pk}/")
    assert other.status_code == 404


def test_evidence_shown_on_its_indicator(world) -> None:
    leaf = "indicators/产出指标/数量指标/完成培训人次"
    _upload(world, "签到表.pdf", b"%PDF-1.4 x", supports=leaf)
    html = world.client("prep_a").get(f"/projects/{world.project_a.pk}/").content.decode()
    table = html[html.index('class="scoretable"'):html.index('id="evidence"')]
    row = table[table.index("完成培训人次"):].split("</tr>")[0]
    assert "佐证1份" in row
    assert "签到表.pdf" in html


@pytest.mark.parametrize("name,data,reason", [
    ("run.exe", b"MZ\x90\x00", "不支持的文件类型"),
    ("fake.pdf", b"hello", "不符"),
    ("photo.png", b"\xff\xd8\xff\xe0jpeg", "不符"),
    ("empty.pdf", b"", "为空"),
])
def test_evidence_refused(world, name: str, data: bytes, reason: str) -> None:
    html = _upload(world, name, data).content.decode()
    assert "上传被拒绝" in html and reason in html
    assert not EvidenceFile.objects.exists()


def test_evidence_size_limit(world) -> None:
    with override_settings(EVIDENCE_MAX_BYTES=1024):
        html = _upload(world, "big.pdf", b"%PDF-" + b"0" * 2000).content.decode()
    assert "上限" in html and not EvidenceFile.objects.exists()


def test_zip_bomb_docx_refused() -> None:
    bomb = _office({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (30 * 1024 * 1024)})
    assert len(bomb) < 100_000
    with pytest.raises(Refusal) as info:
        check_upload("bomb.docx", bomb, {".docx"}, 10 * 1024 * 1024)
    assert "压缩炸弹" in info.value.zh and "zip bomb" in info.value.en


def test_zip_bomb_xlsx_refused_over_http(world) -> None:
    bomb = _office({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"A" * (20 * 1024 * 1024)})
    html = _upload(world, "表.xlsx", bomb).content.decode()
    assert "压缩炸弹" in html and not EvidenceFile.objects.exists()


def test_plain_zip_renamed_docx_refused() -> None:
    with pytest.raises(Refusal):
        check_upload("x.docx", _office({"a.txt": b"hello"}), {".docx"}, 10 * 1024 * 1024)


def test_honest_docx_accepted() -> None:
    ok = _office({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>" * 50})
    assert check_upload("ok.docx", ok, {".docx"}, 10 * 1024 * 1024) == ".docx"


def test_create_project_by_uploading_a_project_file(world, pingshan_text: str) -> None:
    c = world.client("prep_b")
    response = c.post("/projects/upload/", {"file": SimpleUploadedFile("招商引资.yaml", pingshan_text.encode())})
    assert response.status_code == 302
    rec = ProjectRecord.objects.get(name="招商引资")
    assert rec.department == world.b and rec.document["project"]["department"] == "乙部门"
    assert rec.stated_total == 98 and rec.grade
    assert rec.revisions.count() == 1


def test_broken_project_file_reports_located_bilingual_errors(world) -> None:
    c = world.client("prep_a")
    bad = "jixiao: 1\nproject:\n  name: 测试\n  year: 二〇二一\n"
    response = c.post("/projects/upload/", {"file": SimpleUploadedFile("bad.yaml", bad.encode())}, follow=True)
    html = response.content.decode()
    assert "bad.yaml:4" in html
    assert not ProjectRecord.objects.filter(name="测试").exists()


def test_create_from_framework(world) -> None:
    c = world.client("prep_a")
    response = c.post("/projects/new/", {"name": "校园安全改造", "year": "2025", "framework": "mof-2020-selfeval"})
    assert response.status_code == 302 and response["Location"].endswith("/edit/")
    rec = ProjectRecord.objects.get(name="校园安全改造")
    assert rec.document["framework"] == "mof-2020-selfeval" and rec.year == 2025
    edit = c.get(response["Location"]).content.decode()
    assert "执行率" in edit and "数量指标" in edit and 'id="grid"' in edit


@pytest.mark.parametrize("data,message", [({"name": "", "year": "2025"}, "项目名称不能为空"),
                                          ({"name": "x", "year": "20x5"}, "年度无效"),
                                          ({"name": "x", "framework": "nope"}, "未知的指标体系")])
def test_create_refuses_bad_input(world, data: dict, message: str) -> None:
    html = world.client("prep_a").post("/projects/new/", data, follow=True).content.decode()
    assert message in html


def test_oversized_body_refused_before_reading(world) -> None:
    c = world.client("prep_a")
    response = c.generic("POST", "/projects/upload/", b"x" * 10, CONTENT_TYPE="application/octet-stream",
                         CONTENT_LENGTH=str(200 * 1024 * 1024))
    assert response.status_code == 413 and "上限" in response.content.decode()
    api = c.generic("POST", "/api/projects/upload", b"x", CONTENT_TYPE="application/octet-stream",
                    CONTENT_LENGTH=str(200 * 1024 * 1024))
    assert api.status_code == 413 and api.json()["error"]["code"] == "too_large"
