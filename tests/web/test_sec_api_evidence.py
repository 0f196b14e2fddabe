"""/api/docs works offline and only for logged-in users; evidence can be deleted and has a quota."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from jixiao.web.accounts.models import ApiToken
from jixiao.web.evidence.models import EvidenceFile
from jixiao.web.evidence.views import storage_path


def test_api_docs_and_schema_need_a_login(world) -> None:
    anon = Client()
    docs = anon.get("/api/docs")
    assert docs.status_code == 302 and docs["Location"].startswith("/login/")
    schema = anon.get("/api/openapi.json")
    assert schema.status_code == 401 and schema.json()["error"]["code"] == "unauthenticated"
    token = ApiToken.issue(world.users["rev_a"], "docs")
    with_token = anon.get("/api/openapi.json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert with_token.status_code == 200 and "paths" in with_token.json()
    assert anon.get("/api/openapi.json", HTTP_AUTHORIZATION="Bearer jx_wrong").status_code == 401


def test_api_docs_are_served_offline_from_bundled_files(world) -> None:
    client = world.client("rev_a")
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "cdn" not in html.lower() and "https://" not in html
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets), assets
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert len(body) > 100, asset


def _upload(client: Client, pk: int, name: str = "a.txt", data: bytes = "佐证材料".encode()):
    return client.post(f"/projects/{pk}/evidence/", {"file": SimpleUploadedFile(name, data)})


def test_preparer_deletes_evidence_of_a_draft(world) -> None:
    prep = world.client("prep_a")
    pk = world.project_a.pk
    assert _upload(prep, pk).status_code == 302
    item = EvidenceFile.objects.get(project_id=pk)
    path = storage_path(item)
    assert path.is_file()
    assert world.client("rev_a").post(f"/projects/{pk}/evidence/{item.pk}/delete/").status_code == 403
    assert world.client("prep_b").post(f"/projects/{pk}/evidence/{item.pk}/delete/").status_code == 404
    assert prep.post(f"/projects/{pk}/evidence/{item.pk}/delete/").status_code == 302
    assert not EvidenceFile.objects.filter(pk=item.pk).exists() and not path.exists()


def test_evidence_of_a_submitted_project_cannot_be_deleted(world) -> None:
    prep = world.client("prep_a")
    pk = world.project_a.pk
    _upload(prep, pk)
    item = EvidenceFile.objects.get(project_id=pk)
    prep.post(f"/projects/{pk}/submit/", {"revision": 1, "acknowledge": "on", "reason": "测试"})
    assert prep.post(f"/projects/{pk}/evidence/{item.pk}/delete/").status_code == 403
    assert EvidenceFile.objects.filter(pk=item.pk).exists()


def test_same_content_twice_keeps_the_file_until_the_last_is_deleted(world) -> None:
    prep = world.client("prep_a")
    pk = world.project_a.pk
    _upload(prep, pk, "a.txt")
    _upload(prep, pk, "b.txt")
    first, second = EvidenceFile.objects.filter(project_id=pk).order_by("id")
    prep.post(f"/projects/{pk}/evidence/{first.pk}/delete/")
    assert storage_path(second).is_file()
    assert prep.get(f"/projects/{pk}/evidence/{second.pk}/").status_code == 200


def test_per_project_quota_by_count_and_size(world) -> None:
    prep = world.client("prep_a")
    pk = world.project_a.pk
    with override_settings(EVIDENCE_PROJECT_MAX_FILES=2):
        assert _upload(prep, pk, "1.txt", b"one").status_code == 302
        assert _upload(prep, pk, "2.txt", b"two").status_code == 302
        refused = _upload(prep, pk, "3.txt", b"three")
        assert refused.status_code == 422 and "上限" in refused.content.decode()
    assert EvidenceFile.objects.filter(project_id=pk).count() == 2
    with override_settings(EVIDENCE_PROJECT_MAX_BYTES=10):
        refused = _upload(prep, pk, "4.txt", b"0123456789")
        assert refused.status_code == 422 and "MB" in refused.content.decode()
