"""No server file is read on a user's behalf; no finding shows a server path; bad input is never a 500."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from sec_helpers import edit_form

from jixiao.web.projects.models import ProjectRecord

SECRET = "root:x:0:0:jixiao-canary"


@pytest.fixture
def secret_file(tmp_path):
    """A server file whose content must never reach a user (a stand-in for /etc/passwd)."""
    path = tmp_path / "server-secret.yaml"
    path.write_text(f"name: {SECRET}\nindicators: [{{name: {SECRET}}}]\n", "utf-8")
    return path


def _project(framework: str) -> bytes:
    return (f"jixiao: 1\nframework: {framework}\nproject:\n  name: 读文件测试\n  year: 2024\n"
            "funding:\n  adjusted: 100\n  actual: 90\n").encode()


def test_framework_path_in_web_upload_is_refused_unread(world, secret_file, monkeypatch) -> None:
    opened = []
    real_read_text = type(secret_file).read_text

    def spy(self, *args, **kwargs):
        if str(self) == str(secret_file):
            opened.append(self)
        return real_read_text(self, *args, **kwargs)
    monkeypatch.setattr(type(secret_file), "read_text", spy)
    c = world.client("prep_a")
    response = c.post("/projects/upload/", {"file": SimpleUploadedFile("p.yaml", _project(str(secret_file)))})
    html = response.content.decode()
    assert response.status_code == 422, response.status_code
    assert SECRET not in html and "文件路径" in html
    assert not opened                                  # the server never even opened it
    assert not ProjectRecord.objects.filter(name="读文件测试").exists()


def test_framework_path_in_api_upload_is_refused_unread(world, secret_file) -> None:
    c = world.client("prep_a")
    response = c.post("/api/projects/upload", {"file": SimpleUploadedFile("p.yaml", _project(str(secret_file)))})
    body = response.content.decode()
    assert response.status_code == 422, body
    assert SECRET not in body
    assert response.json()["error"]["message"]


def test_stored_document_naming_a_path_is_never_read(world, secret_file) -> None:
    """A document already in the database (older data, a direct write) is scored without reading the path."""
    rec = world.project_a
    ProjectRecord.objects.filter(pk=rec.pk).update(document={**rec.document, "framework": str(secret_file)},
                                                   revision=rec.revision + 7)
    for url in (f"/projects/{rec.pk}/", f"/api/projects/{rec.pk}/findings", f"/projects/{rec.pk}/edit/"):
        body = world.client("prep_a").get(url).content.decode()
        assert SECRET not in body, url


def test_cli_still_reads_a_framework_path(tmp_path) -> None:
    """On their own machine the user may point at their own framework file."""
    from importlib import resources

    from jixiao import pipeline
    from jixiao.io.loading import load_path
    from testdata import PINGSHAN
    copy = tmp_path / "mine.yaml"
    copy.write_text(resources.files("jixiao.frameworks").joinpath("pingshan-2021.yaml").read_text("utf-8"), "utf-8")
    project = load_path(PINGSHAN).projects[0]
    assert pipeline.score(project, str(copy)).card is not None


def test_uploaded_bytes_never_name_a_server_path(secret_file) -> None:
    """The pipeline itself confines uploads (the batch worker runs outside any request)."""
    from jixiao import pipeline
    result = pipeline.run(pipeline.Upload(_project(str(secret_file)), "p.yaml"))
    text = " ".join(f.message for f in result.all_findings())
    assert SECRET not in text and "不读取文件路径" in text


def test_demo_findings_show_no_server_directory(db) -> None:
    from jixiao.web.demo import EXAMPLES, load_demo
    from jixiao.web.public import finding_where
    load_demo()
    from django.test import Client
    c = Client()
    c.force_login(__import__("django.contrib.auth", fromlist=["get_user_model"]).get_user_model()
                  .objects.get(username="admin"))
    install = str(EXAMPLES.resolve().parent)
    for rec in ProjectRecord.objects.all()[:4]:
        for url in (f"/projects/{rec.pk}/", f"/api/projects/{rec.pk}/findings"):
            body = c.get(url).content.decode()
            assert install not in body and "/work/" not in body, url
    from jixiao.core.findings import Finding, Severity, Source
    assert finding_where(Finding("JX001", "x", Severity.ERROR, "m", "m",
                                 source=Source("/srv/app/examples/a.yaml", 3, 1))) == "a.yaml:3:1"


def test_long_project_name_is_422_not_500(world) -> None:
    c = world.client("prep_a")
    response = c.post("/projects/new/", {"name": "长" * 400, "year": "2024"})
    assert response.status_code == 422
    assert "项目名称过长" in response.content.decode()
    upload = ("jixiao: 1\nproject:\n  name: " + "名" * 400 + "\n  year: 2024\n").encode()
    api = c.post("/api/projects/upload", {"file": SimpleUploadedFile("long.yaml", upload)})
    assert api.status_code == 422 and "过长" in api.json()["error"]["message"]


def test_long_name_in_edit_is_422(world) -> None:
    c = world.client("prep_a")
    form = edit_form(c, world.project_a.pk)
    form["name"] = "长" * 400
    response = c.post(f"/projects/{world.project_a.pk}/edit/", form)
    assert response.status_code == 422 and "过长" in response.content.decode()
    assert ProjectRecord.objects.get(pk=world.project_a.pk).revision == 1


@pytest.mark.parametrize("rows", [501, 20_000])
def test_preview_row_count_is_checked_and_capped(world, rows: int) -> None:
    """A form claiming thousands of indicator rows is refused, never worked through (or a 500)."""
    c = world.client("prep_a")
    form = edit_form(c, world.project_a.pk)
    posted = {**form, **{f"r-{f}": ["1"] * rows for f in ("g", "k", "o", "tid", "n", "c", "v", "u", "a", "w", "s",
                                                           "t", "r", "x")}}
    for url in (f"/projects/{world.project_a.pk}/preview/", f"/projects/{world.project_a.pk}/edit/"):
        response = c.post(url, posted)
        assert response.status_code in (200, 400), response.status_code
        html = response.content.decode()
        assert response.status_code == 400 or "上限" in html
    assert ProjectRecord.objects.get(pk=world.project_a.pk).revision == 1


def test_preview_accepts_its_own_count(world) -> None:
    c = world.client("prep_a")
    form = edit_form(c, world.project_a.pk)
    assert c.post(f"/projects/{world.project_a.pk}/preview/", form).status_code == 200


@pytest.mark.parametrize("url", ["/portfolio/?department=99999999999999999999999",
                                 "/portfolio/?year=99999999999999",
                                 "/portfolio/export.xlsx?department=1" + "0" * 30,
                                 "/projects/{pk}/diff/?a=1&b=99999999999999999999999",
                                 "/api/projects?year=99999999999999999999&offset=0",
                                 "/api/projects?offset=99999999999999999999999"])
def test_huge_ids_in_filters_are_not_500(world, url: str) -> None:
    response = world.client("fin").get(url.format(pk=world.project_a.pk))
    assert response.status_code in (200, 400, 404, 422), response.status_code


def _docx_with(document_xml: bytes) -> bytes:
    import docx
    out = io.BytesIO()
    docx.Document().save(out)
    src = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    dst_buf = io.BytesIO()
    with zipfile.ZipFile(dst_buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, document_xml if item.filename == "word/document.xml" else src.read(item.filename))
    return dst_buf.getvalue()


def test_broken_docx_xml_upload_says_damaged(world) -> None:
    broken = _docx_with(b"<?xml version='1.0'?><w:document xmlns:w='urn:wrong'><w:body><w:p>")
    c = world.client("prep_a")
    response = c.post("/projects/upload/", {"file": SimpleUploadedFile("broken.docx", broken)})
    html = response.content.decode()
    assert response.status_code == 422
    assert "损坏" in html and "AttributeError" not in html and "Traceback" not in html
    api = c.post("/api/projects/upload", {"file": SimpleUploadedFile("broken.docx", broken)})
    assert api.status_code == 422
    assert "Error:" not in json.dumps(api.json(), ensure_ascii=False)


def test_yaml_bomb_and_huge_workbook_refused_in_the_web_with_location(world) -> None:
    from hostile import alias_bomb, workbook
    c = world.client("prep_a")
    page = c.post("/projects/upload/", {"file": SimpleUploadedFile("bomb.yaml", alias_bomb().encode())})
    html = page.content.decode()
    assert page.status_code == 422 and "别名" in html and "bomb.yaml:4:" in html
    api = c.post("/api/projects/upload", {"file": SimpleUploadedFile("bomb.yaml", alias_bomb().encode())})
    detail = api.json()["error"]["details"][0]
    assert api.status_code == 422 and "别名" in detail["message"] and "alias" in detail["message_en"]
    assert detail["line"] == 4
    huge = c.post("/api/projects/upload", {"file": SimpleUploadedFile("huge.xlsx", workbook(21_000, 10))})
    assert huge.status_code == 422 and "单元格" in huge.json()["error"]["details"][0]["message"]
