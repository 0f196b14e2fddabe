"""The permission matrix: each role × each endpoint × own and other department.

Expected codes are written out per cell; a project of another department must look absent
(404), a visible project whose action the role may not take answers 403. A redirect counts
as allowed only when it does not lead to the login page: a view that sends everyone to
/login/ denies everyone, and the matrix says so.
"""

from __future__ import annotations

import pytest

ROLES = ["prep_a", "rev_a", "prep_b", "rev_b", "fin", "adm"]
OK, DENY = "ok", "deny"

# endpoint -> (method, path template, {role: outcome on 甲部门's draft project})
MATRIX = {
    "detail": ("get", "/projects/{pk}/", {"prep_a": OK, "rev_a": OK, "prep_b": DENY, "rev_b": DENY, "fin": OK, "adm": OK}),
    "edit": ("get", "/projects/{pk}/edit/", {"prep_a": OK, "rev_a": DENY, "prep_b": DENY, "rev_b": DENY, "fin": DENY, "adm": OK}),
    "revisions": ("get", "/projects/{pk}/revisions/", {"prep_a": OK, "rev_a": OK, "prep_b": DENY, "rev_b": DENY, "fin": OK, "adm": OK}),
    "revision_json": ("get", "/projects/{pk}/revisions/1.json", {"prep_a": OK, "rev_a": OK, "prep_b": DENY, "rev_b": DENY, "fin": OK, "adm": OK}),
    "diff": ("get", "/projects/{pk}/diff/?a=1&b=1", {"prep_a": OK, "rev_a": OK, "prep_b": DENY, "rev_b": DENY, "fin": OK, "adm": OK}),
    "yaml": ("get", "/projects/{pk}/download/yaml/", {"prep_a": OK, "rev_a": OK, "prep_b": DENY, "rev_b": DENY, "fin": OK, "adm": OK}),
    "preview": ("post", "/projects/{pk}/preview/", {"prep_a": OK, "rev_a": DENY, "prep_b": DENY, "rev_b": DENY, "fin": DENY, "adm": OK}),
    "approve_draft": ("post", "/projects/{pk}/approve/", {r: DENY for r in ROLES}),
    "return_draft": ("post", "/projects/{pk}/return/", {r: DENY for r in ROLES}),
    "rereview_draft": ("post", "/projects/{pk}/rereview/", {r: DENY for r in ROLES}),
    "report_html": ("get", "/projects/{pk}/download/html/", {"prep_a": OK, "rev_a": OK, "prep_b": DENY, "rev_b": DENY, "fin": OK, "adm": OK}),
    "submit_draft": ("post", "/projects/{pk}/submit/", {"prep_a": OK, "rev_a": DENY, "prep_b": DENY, "rev_b": DENY, "fin": DENY, "adm": OK}),
    "edit_post": ("post", "/projects/{pk}/edit/", {"prep_a": "bad", "rev_a": DENY, "prep_b": DENY, "rev_b": DENY, "fin": DENY, "adm": "bad"}),
    "api_detail": ("get", "/api/projects/{pk}", {"prep_a": OK, "rev_a": OK, "prep_b": DENY, "rev_b": DENY, "fin": OK, "adm": OK}),
    "api_score": ("get", "/api/projects/{pk}/score", {"prep_a": OK, "rev_a": OK, "prep_b": DENY, "rev_b": DENY, "fin": OK, "adm": OK}),
    "api_findings": ("get", "/api/projects/{pk}/findings", {"prep_a": OK, "rev_a": OK, "prep_b": DENY, "rev_b": DENY, "fin": OK, "adm": OK}),
}
GLOBAL = {
    "portfolio": ("/portfolio/", {"prep_a": DENY, "rev_a": DENY, "prep_b": DENY, "rev_b": DENY, "fin": OK, "adm": OK}),
    "export": ("/portfolio/export.xlsx", {"prep_a": DENY, "rev_a": DENY, "prep_b": DENY, "rev_b": DENY, "fin": OK, "adm": OK}),
    "audit": ("/audit/", {"prep_a": DENY, "rev_a": DENY, "prep_b": DENY, "rev_b": DENY, "fin": DENY, "adm": OK}),
    "home": ("/", {r: OK for r in ROLES}),
    "tokens": ("/tokens/", {r: OK for r in ROLES}),
    "users": ("/users/", {"prep_a": DENY, "rev_a": DENY, "prep_b": DENY, "rev_b": DENY, "fin": DENY, "adm": OK}),
    "api_list": ("/api/projects", {r: OK for r in ROLES}),
}


def _outcome(response) -> str:
    status = response.status_code
    if status == 302 and response["Location"].split("?")[0].rstrip("/").endswith("/login"):
        return DENY
    if status in (200, 302):
        return OK
    if status == 400:
        return "bad"          # allowed in, but the empty form was refused as input
    assert status in (403, 404), status
    return DENY


@pytest.mark.parametrize("endpoint", sorted(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_project_endpoint_matrix(world, endpoint: str, role: str) -> None:
    method, template, expected = MATRIX[endpoint]
    url = template.format(pk=world.project_a.pk)
    data = {"revision": world.project_a.revision} if method == "post" else None
    response = getattr(world.client(role), method)(url, data)
    assert _outcome(response) == expected[role], (endpoint, role, response.status_code)
    if role in ("prep_b", "rev_b") and expected[role] == DENY:
        assert response.status_code == 404      # other departments: the project does not exist for them
        assert world.project_a.name not in response.content.decode()


@pytest.mark.parametrize("endpoint", sorted(GLOBAL))
@pytest.mark.parametrize("role", ROLES)
def test_global_endpoint_matrix(world, endpoint: str, role: str) -> None:
    url, expected = GLOBAL[endpoint]
    response = world.client(role).get(url)
    assert _outcome(response) == expected[role], (endpoint, role, response.status_code)


@pytest.mark.parametrize("role,expected", [("prep_a", 1), ("rev_a", 1), ("prep_b", 1), ("rev_b", 1), ("fin", 2), ("adm", 2)])
def test_api_list_shows_only_visible_projects(world, role: str, expected: int) -> None:
    data = world.client(role).get("/api/projects").json()
    assert data["count"] == expected
    if role.endswith("_b"):
        assert [p["name"] for p in data["items"]] == [world.project_b.name]


@pytest.mark.parametrize("role,allowed", [("prep_a", True), ("rev_a", False), ("fin", False), ("adm", True)])
def test_create_only_for_preparers_and_admin(world, role: str, allowed: bool) -> None:
    response = world.client(role).post("/projects/new/", {"name": "新项目", "year": "2025",
                                                          "department": world.a.pk})
    assert (response.status_code == 302) is allowed
    if not allowed:
        assert response.status_code == 403


def _submitted(world):
    from jixiao.web.projects.workflow import submit
    rec = world.project_a
    return submit(rec, world.users["prep_a"], errors=0)


@pytest.mark.parametrize("role,expected", [("prep_a", 403), ("rev_a", 302), ("prep_b", 404), ("rev_b", 404),
                                           ("fin", 302), ("adm", 302)])
def test_approve_submitted(world, role: str, expected: int) -> None:
    rec = _submitted(world)
    assert world.client(role).post(f"/projects/{rec.pk}/approve/", {"revision": rec.revision}).status_code == expected


@pytest.mark.parametrize("role,expected", [("prep_a", 403), ("rev_a", 302), ("prep_b", 404), ("rev_b", 404),
                                           ("fin", 302), ("adm", 302)])
def test_return_submitted(world, role: str, expected: int) -> None:
    rec = _submitted(world)
    assert world.client(role).post(f"/projects/{rec.pk}/return/", {"comment": "请补充", "revision": rec.revision}).status_code == expected


@pytest.mark.parametrize("role,expected", [("prep_a", 403), ("rev_a", 403), ("prep_b", 404), ("rev_b", 404),
                                           ("fin", 302), ("adm", 302)])
def test_rereview_submitted(world, role: str, expected: int) -> None:
    rec = _submitted(world)
    assert world.client(role).post(f"/projects/{rec.pk}/rereview/", {"score": "80", "revision": rec.revision}).status_code == expected


@pytest.mark.parametrize("role,expected", [("prep_a", 403), ("rev_a", 403), ("prep_b", 404), ("fin", 403), ("adm", 403)])
def test_submitted_version_is_locked(world, role: str, expected: int) -> None:
    rec = _submitted(world)
    assert world.client(role).get(f"/projects/{rec.pk}/edit/").status_code == expected


@pytest.mark.parametrize("role,expected", [("prep_a", 302), ("rev_a", 403), ("prep_b", 404), ("fin", 403)])
def test_evidence_upload_rights(world, role: str, expected: int) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    f = SimpleUploadedFile("a.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = world.client(role).post(f"/projects/{world.project_a.pk}/evidence/", {"file": f})
    assert response.status_code == expected


@pytest.mark.parametrize("role,expected", [("prep_a", 200), ("rev_a", 200), ("prep_b", 404), ("rev_b", 404),
                                           ("fin", 200), ("adm", 200)])
def test_evidence_download_matrix(world, role: str, expected: int) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jixiao.web.evidence.models import EvidenceFile
    world.client("prep_a").post(f"/projects/{world.project_a.pk}/evidence/",
                                {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 test")})
    item = EvidenceFile.objects.get()
    response = world.client(role).get(f"/projects/{world.project_a.pk}/evidence/{item.pk}/")
    assert response.status_code == expected


@pytest.mark.parametrize("role,allowed", [("prep_a", True), ("rev_a", False), ("prep_b", True), ("rev_b", False),
                                          ("fin", False), ("adm", True)])
def test_upload_project_matrix(world, role: str, allowed: bool, pingshan_text: str) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jixiao.web.projects.models import ProjectRecord
    response = world.client(role).post("/projects/upload/", {
        "file": SimpleUploadedFile("p.yaml", pingshan_text.encode()), "department": world.a.pk})
    assert response.status_code == (302 if allowed else 403)
    assert ProjectRecord.objects.filter(name="招商引资").exists() is allowed


def test_redirect_to_login_counts_as_denied(world) -> None:
    """The mutant the matrix must catch: every role bounced to the login page is "deny", not "ok"."""
    from django.http import HttpResponseRedirect
    assert _outcome(HttpResponseRedirect("/login/?next=/projects/1/")) == DENY
    assert _outcome(HttpResponseRedirect("/projects/1/")) == OK


def test_anonymous_is_sent_to_login_everywhere(world) -> None:
    for endpoint, (method, template, _) in MATRIX.items():
        if template.startswith("/api/"):
            continue
        response = getattr(world.client(None), method)(template.format(pk=world.project_a.pk))
        assert _outcome(response) == DENY, endpoint
