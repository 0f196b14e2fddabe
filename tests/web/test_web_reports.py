"""Downloads through jixiao.publish, and projects created from published reports via jixiao.readers."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jixiao.web.projects.models import ProjectRecord

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_69e7f288a75f657f.txt"


@pytest.mark.parametrize("fmt,magic", [("docx", b"PK"), ("xlsx", b"PK"), ("html", b"<!")])
def test_download_report(world, fmt: str, magic: bytes) -> None:
    response = world.client("rev_a").get(f"/projects/{world.project_a.pk}/download/{fmt}/")
    assert response.status_code == 200, response.content[:500]
    assert response.content.lstrip()[:2].upper() == magic.upper()
    assert "attachment" in response["Content-Disposition"]
    if fmt == "docx":
        with zipfile.ZipFile(io.BytesIO(response.content)) as z:
            assert world.project_a.name in z.read("word/document.xml").decode()


@pytest.mark.slow
def test_download_pdf(world) -> None:
    response = world.client("prep_a").get(f"/projects/{world.project_a.pk}/download/pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_download_unknown_format_and_yaml(world) -> None:
    c = world.client("prep_a")
    assert c.get(f"/projects/{world.project_a.pk}/download/exe/").status_code == 404
    text = c.get(f"/projects/{world.project_a.pk}/download/yaml/").content.decode()
    assert text.startswith("jixiao: 1") and world.project_a.name in text


def test_download_other_department_is_hidden(world) -> None:
    assert world.client("prep_b").get(f"/projects/{world.project_a.pk}/download/docx/").status_code == 404


@pytest.mark.skipif(not SEED.is_file(), reason="the seed report (../shared/seed) is absent")
def test_create_from_published_report(world) -> None:
    c = world.client("prep_a")
    response = c.post("/projects/upload/", {"file": SimpleUploadedFile("report.txt", SEED.read_bytes())})
    assert response.status_code == 302
    rec = ProjectRecord.objects.exclude(pk__in=[world.project_a.pk, world.project_b.pk]).get()
    assert rec.department == world.a and rec.document.get("record") == "published"
    assert rec.computed_total is not None and rec.stated_total is not None
    page = c.get(f"/projects/{rec.pk}/").content.decode()
    assert "复核发现" in page


@pytest.mark.skipif(not SEED.is_file(), reason="the seed report (../shared/seed) is absent")
def test_published_report_findings_show_their_source(world) -> None:
    c = world.client("prep_a")
    c.post("/projects/upload/", {"file": SimpleUploadedFile("seed.txt", SEED.read_bytes())})
    rec = ProjectRecord.objects.exclude(pk__in=[world.project_a.pk, world.project_b.pk]).get()
    html = c.get(f"/projects/{rec.pk}/").content.decode()
    assert 'class="where">seed.txt:' in html
