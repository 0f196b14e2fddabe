"""The web app on the one pipeline: uploads keep every project, findings match the CLI's, and
errors other than a missing project are not disguised as 404."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from jixiao.cli.main import main
from jixiao.web.accounts.models import ApiToken
from jixiao.web.projects import access
from jixiao.web.projects.models import ProjectRecord
from test_pipeline import _synth
from testdata import PINGSHAN

NAMES = ["农村实用技术培训项目1", "农村实用技术培训项目2"]


def test_an_upload_of_two_projects_creates_both(world) -> None:
    before = ProjectRecord.objects.count()
    response = world.client("prep_a").post("/projects/upload/", {
        "file": SimpleUploadedFile("two.xlsx", _synth().selfeval_xlsx(2))}, follow=True)
    assert response.status_code == 200
    created = ProjectRecord.objects.order_by("-pk")[:2]
    assert ProjectRecord.objects.count() == before + 2
    assert sorted(r.name for r in created) == NAMES
    assert all(r.department == world.a for r in created)


def test_the_api_upload_returns_every_project(world) -> None:
    from django.test import Client
    token = ApiToken.issue(world.users["prep_a"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = client.post("/api/projects/upload", {"file": SimpleUploadedFile("two.xlsx", _synth().selfeval_xlsx(2))})
    assert response.status_code == 201
    body = response.json()
    assert [p["name"] for p in body["projects"]] == NAMES and body["id"] == body["projects"][0]["id"]


def test_api_findings_are_the_cli_findings(world) -> None:
    from django.test import Client
    token = ApiToken.issue(world.users["prep_a"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    created = client.post("/api/projects/upload", {"file": SimpleUploadedFile(
        "pingshan.yaml", PINGSHAN.read_bytes())}).json()
    api = client.get(f"/api/projects/{created['id']}/findings").json()
    cli = json.loads(CliRunner().invoke(main, ["check", str(PINGSHAN), "--format", "json"]).stdout)["findings"]
    assert sorted((f["code"], f["model_path"]) for f in api) == sorted((f["code"], f["model_path"]) for f in cli)
    assert set(api[0]) == set(cli[0])                          # one Finding->dict shape
    assert not [f for f in api if f["code"] in {"JX900", "JX901"}]


def test_get_visible_is_404_only_for_missing_projects(world, monkeypatch: pytest.MonkeyPatch) -> None:
    user = world.users["prep_a"]
    assert access.get_visible(user, world.project_a.pk) == world.project_a
    for pk in (world.project_b.pk, 10**9):          # another department's, and none at all
        with pytest.raises(Http404):
            access.get_visible(user, pk)
    with pytest.raises(Http404):
        access.get_visible(user, "x")  # type: ignore[arg-type]

    def broken(user: object) -> None:
        raise RuntimeError("database down")

    monkeypatch.setattr(access, "visible_projects", broken)
    with pytest.raises(RuntimeError, match="database down"):
        access.get_visible(user, world.project_a.pk)


def test_a_report_of_an_unscorable_project_is_a_clear_refusal(world, tmp_path: Path) -> None:
    from jixiao.web.engine import Evaluation, ReportError, render_report
    with pytest.raises(ReportError) as caught:
        render_report(Evaluation(None, None, []), "docx")
    assert caught.value.zh and caught.value.en
