"""API rate limits (per user, and wrong tokens per address) and the proxy's HTTPS header only when configured."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client


@pytest.fixture
def fresh_counts() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _token_client(world: Any, who: str, address: str = "127.0.0.1") -> Client:
    from jixiao.web.accounts.models import ApiToken
    return Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(world.users[who])}", REMOTE_ADDR=address)


def test_api_requests_per_user_are_limited_with_429_and_retry_after(
        world, monkeypatch: pytest.MonkeyPatch, fresh_counts: None) -> None:
    monkeypatch.setattr(settings, "API_REQUESTS_PER_MINUTE", 3)
    fin = _token_client(world, "fin")
    assert [fin.get("/api/projects").status_code for _ in range(3)] == [200, 200, 200]
    over = fin.get("/api/projects")
    assert over.status_code == 429
    assert over.json()["error"]["code"] == "too_many_requests" and over.json()["error"]["message"]
    assert 1 <= int(over["Retry-After"]) <= 60
    assert world.client("fin").get("/api/projects").status_code == 429      # the same user by session too
    assert _token_client(world, "adm").get("/api/projects").status_code == 200   # others are not affected


def test_wrong_tokens_from_one_address_are_refused_for_a_while(
        world, monkeypatch: pytest.MonkeyPatch, fresh_counts: None) -> None:
    monkeypatch.setattr(settings, "API_BAD_TOKENS_PER_MINUTE", 3)
    guesser = Client(HTTP_AUTHORIZATION="Bearer not-a-token", REMOTE_ADDR="203.0.113.7")
    assert [guesser.get("/api/projects").status_code for _ in range(3)] == [401, 401, 401]
    refused = guesser.get("/api/projects")
    assert refused.status_code == 429 and int(refused["Retry-After"]) == 60
    # from that address even a valid token waits; from another address it works
    assert _token_client(world, "fin", "203.0.113.7").get("/api/projects").status_code == 429
    assert _token_client(world, "fin", "198.51.100.2").get("/api/projects").status_code == 200
    assert guesser.get("/api/openapi.json").status_code == 429              # the schema's guard counts too


def test_forwarded_proto_is_believed_only_when_configured(tmp_path) -> None:
    from jixiao.web.settings import proxy_ssl_header
    assert proxy_ssl_header("") is None
    assert proxy_ssl_header("X-Forwarded-Proto: https") == ("HTTP_X_FORWARDED_PROTO", "https")
    assert proxy_ssl_header("X-Forwarded-Ssl: on") == ("HTTP_X_FORWARDED_SSL", "on")
    assert os.environ.get("JIXIAO_PROXY_SSL_HEADER") is None and settings.SECURE_PROXY_SSL_HEADER is None
    assert not Client().get("/login/", HTTP_X_FORWARDED_PROTO="https").wsgi_request.is_secure()
    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'jixiao.web.settings'; django.setup(); "
            "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)")
    env = {**os.environ, "JIXIAO_PROXY_SSL_HEADER": "X-Forwarded-Proto: https", "JIXIAO_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')"
