"""The JSON API: authentication (session or bearer token), endpoints, OpenAPI and the error envelope."""

from __future__ import annotations

from decimal import Decimal

import oracle
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jixiao.web.accounts.models import ApiToken

ENVELOPE_KEYS = {"status", "code", "message", "message_en", "details"}


def assert_envelope(response, status: int, code: str) -> dict:
    """The one shape of every JSON error."""
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == ENVELOPE_KEYS
    assert body["error"]["status"] == status and body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["message_en"], str) and body["error"]["message_en"]
    assert isinstance(body["error"]["details"], list)
    return body["error"]


def test_error_envelope_shape_is_the_same_everywhere(world) -> None:
    anonymous = Client()
    assert_envelope(anonymous.get("/api/projects"), 401, "unauthenticated")
    bad_token = Client(HTTP_AUTHORIZATION="Bearer nope")
    assert_envelope(bad_token.get("/api/projects"), 401, "unauthenticated")
    b = world.client("prep_b")
    assert_envelope(b.get(f"/api/projects/{world.project_a.pk}"), 404, "not_found")
    assert_envelope(b.get("/api/no-such-endpoint"), 404, "not_found")
    assert_envelope(b.get("/api/projects/abc"), 404, "not_found")
    assert_envelope(b.delete("/api/projects"), 405, "method_not_allowed")
    invalid = assert_envelope(b.get("/api/projects?year=abc"), 422, "invalid")
    assert invalid["details"]
    assert_envelope(b.get("/api/projects?limit=0"), 422, "invalid")
    assert_envelope(world.client("rev_a").post("/api/projects/upload",
                                               {"file": SimpleUploadedFile("p.yaml", b"x: 1")}), 403, "forbidden")
    bad = world.client("prep_a").post("/api/projects/upload", {"file": SimpleUploadedFile("p.exe", b"MZ")})
    assert_envelope(bad, 415, "unsupported_type")
    broken = world.client("prep_a").post("/api/projects/upload",
                                         {"file": SimpleUploadedFile("p.yaml", b"jixiao: 1\nproject: [")})
    err = assert_envelope(broken, 422, "invalid")
    assert err["details"] and err["details"][0]["code"] == "JX002"


def test_csrf_is_enforced_for_session_posts(world) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["prep_a"])
    response = client.post("/api/projects/upload", {"file": SimpleUploadedFile("p.yaml", b"x")})
    assert response.status_code in (401, 403)
    assert set(response.json()["error"]) == ENVELOPE_KEYS


def test_bearer_token_lists_and_reads(world) -> None:
    token = ApiToken.issue(world.users["rev_b"], "integration")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    listing = client.get("/api/projects").json()
    assert listing["count"] == 1 and listing["items"][0]["department"] == "乙部门"
    pk = listing["items"][0]["id"]
    detail = client.get(f"/api/projects/{pk}").json()
    assert detail["document"]["jixiao"] == 1
    expected = oracle.selfeval_total(detail["document"])      # rules.md, not the engine
    assert detail["computed_total"] == format(expected, "f")    # exact decimal string, 2 places
    assert detail["grade"] == oracle.grade(expected)
    assert detail["execution_rate"] == format(oracle.execution_rate(detail["document"]), "f")
    score = client.get(f"/api/projects/{pk}/score").json()
    assert Decimal(score["total"]) == expected
    assert {"levels", "grade", "funding"} <= set(score)
    findings = client.get(f"/api/projects/{pk}/findings").json()
    assert isinstance(findings, list)
    assert all({"code", "severity", "message", "message_en", "file", "where", "model_path"} <= set(f) for f in findings)


def test_upload_project_file_over_api(world, pingshan_text: str) -> None:
    token = ApiToken.issue(world.users["prep_a"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = client.post("/api/projects/upload",
                           {"file": SimpleUploadedFile("pingshan.yaml", pingshan_text.encode())})
    assert response.status_code == 201
    created = response.json()
    detail = client.get(f"/api/projects/{created['id']}").json()
    assert detail["name"] == "招商引资" and detail["department"] == "甲部门"   # forced to the uploader's
    assert detail["stated_total"] == "98.00"
    findings = client.get(f"/api/projects/{created['id']}/findings").json()
    assert any(f["severity"] == "error" for f in findings)


@pytest.mark.parametrize("path", ["/api/openapi.json"])
def test_openapi_schema(world, path: str) -> None:
    schema = world.client("prep_a").get(path).json()
    paths = schema["paths"]
    assert {"/api/projects", "/api/projects/{pk}", "/api/projects/{pk}/score", "/api/projects/{pk}/findings",
            "/api/projects/upload"} <= set(paths)
    assert "securitySchemes" in schema["components"]


def test_token_page_issues_once_and_revokes(world) -> None:
    import re
    c = world.client("rev_a")
    html = c.post("/tokens/", {"label": "对接"}).content.decode()
    raw = re.search(r"<code>(jx_[^<]+)</code>", html).group(1)
    assert Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/projects").json()["count"] == 1
    assert raw not in c.get("/tokens/").content.decode()          # shown exactly once
    token = ApiToken.objects.get(user=world.users["rev_a"])
    c.post("/tokens/", {"action": "revoke", "id": token.pk})
    assert Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/projects").status_code == 401
    # another user's token id cannot be revoked
    other = ApiToken.issue(world.users["rev_b"])
    c.post("/tokens/", {"action": "revoke", "id": ApiToken.objects.get(user=world.users["rev_b"]).pk})
    assert Client(HTTP_AUTHORIZATION=f"Bearer {other}").get("/api/projects").status_code == 200
