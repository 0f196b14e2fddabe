"""Login everywhere, CSRF on, no stack traces, custom error pages, the audit log."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from jixiao.web.audit.models import AuditEvent

PASSWORD = "pw-for-tests"   # as in conftest.World


@pytest.mark.parametrize("url", ["/", "/projects/1/", "/projects/1/edit/", "/portfolio/", "/audit/",
                                 "/portfolio/export.xlsx", "/projects/1/revisions/"])
def test_login_required(db, url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=")


def test_login_page_and_static_are_open(db) -> None:
    assert Client().get("/login/").status_code == 200
    assert Client().get("/healthz").status_code == 200


def test_debug_off_and_csrf_on() -> None:
    assert settings.DEBUG is False
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE


def test_csrf_rejected_with_friendly_page(world) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["prep_a"])
    response = client.post(f"/projects/{world.project_a.pk}/submit/", {"revision": 1})
    assert response.status_code == 403
    assert "CSRF" in response.content.decode() and "Traceback" not in response.content.decode()


def test_custom_404_page(world) -> None:
    response = world.client("prep_a").get("/no/such/page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_403_page_is_chinese(world) -> None:
    """Pages speak Chinese only (the English half of a message is for the API and the CLI)."""
    response = world.client("prep_a").get("/portfolio/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "财政总览仅对财政和管理员开放" in html and "for finance and administrators" not in html


def test_500_shows_no_stack_trace(world, monkeypatch) -> None:
    from jixiao.web import engine

    def boom(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(engine, "evaluate_document", boom)
    client = world.client("prep_a")
    client.raise_request_exception = False
    response = client.get(f"/projects/{world.project_a.pk}/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "出错了" in html and "secret internals" not in html and "Traceback" not in html
    api = client.get(f"/api/projects/{world.project_a.pk}/score")
    assert api.status_code == 500 and api.json()["error"]["code"] == "internal_error"
    assert "secret" not in api.content.decode()


def test_logins_and_failures_are_audited(world) -> None:
    client = Client()
    client.post("/login/", {"username": "prep_a", "password": "wrong"})
    assert client.post("/login/", {"username": "prep_a", "password": PASSWORD}).status_code == 302
    client.post("/logout/")
    kinds = list(AuditEvent.objects.order_by("id").values_list("kind", "username"))
    assert ("login_failed", "prep_a") in kinds and ("login", "prep_a") in kinds and ("logout", "prep_a") in kinds
    page = world.client("adm").get("/audit/").content.decode()
    assert "登录失败" in page


def test_session_cookie_flags() -> None:
    assert settings.SESSION_COOKIE_HTTPONLY and settings.X_FRAME_OPTIONS == "DENY"


def test_settings_read_database_url() -> None:
    from pathlib import Path

    from jixiao.web.settings import database_from_url
    pg = database_from_url("postgres://u:p%40ss@db.example:6543/jx", Path("/tmp"))
    assert pg["ENGINE"].endswith("postgresql") and pg["NAME"] == "jx" and pg["PASSWORD"] == "p@ss"
    assert pg["PORT"] == "6543"
    sqlite = database_from_url(None, Path("/tmp/x"))
    assert sqlite["NAME"] == "/tmp/x/jixiao.sqlite3"
    with pytest.raises(ValueError):
        database_from_url("mysql://x/y", Path("/tmp"))
