"""Logins: throttled per user and per address (Chinese message), own password change, admin reset
forcing a change, validators in Chinese, the user name refused as a password, cookie flags."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from conftest import PASSWORD
from jixiao.web.accounts.models import Profile


def _login(client: Client, username: str, password: str, ip: str = "198.51.100.7"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_failed_logins_lock_the_user_with_a_chinese_message(world) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert _login(client, "prep_a", "wrong-password").status_code in (200, 429)
    locked = _login(client, "prep_a", PASSWORD)              # even the right password now
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "登录失败次数过多" in html and "分钟后再试" in html
    assert "_auth_user_id" not in client.session
    other = _login(Client(), "prep_b", PASSWORD, ip="198.51.100.99")   # other users are not affected
    assert other.status_code == 302


def test_failed_logins_from_one_address_lock_that_address(world) -> None:
    client = Client()
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"nobody{i}", "guess", ip="203.0.113.50")
    assert _login(Client(), "prep_b", PASSWORD, ip="203.0.113.50").status_code == 429
    assert _login(Client(), "prep_b", PASSWORD, ip="203.0.113.51").status_code == 302


def test_user_changes_own_password(world) -> None:
    client = Client()
    assert _login(client, "prep_a", PASSWORD).status_code == 302
    page = client.get("/password/")
    assert page.status_code == 200 and "修改密码" in page.content.decode()
    weak = client.post("/password/", {"old_password": PASSWORD, "new_password1": "12345678",
                                      "new_password2": "12345678"})
    html = weak.content.decode()
    assert weak.status_code == 400
    assert "密码" in html and ("太短" in html or "至少" in html) and "This password" not in html
    same = client.post("/password/", {"old_password": PASSWORD, "new_password1": "prep_a",
                                      "new_password2": "prep_a"})
    assert "不能与用户名相同" in same.content.decode() or "相似" in same.content.decode()
    ok = client.post("/password/", {"old_password": PASSWORD, "new_password1": "Gq7-lantern-harbor",
                                    "new_password2": "Gq7-lantern-harbor"})
    assert ok.status_code == 302
    assert get_user_model().objects.get(username="prep_a").check_password("Gq7-lantern-harbor")


def test_password_equal_to_user_name_is_refused_by_the_validators(world) -> None:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    user = get_user_model()(username="zhangsan-finance")
    try:
        validate_password("ZhangSan-Finance", user)
    except ValidationError as exc:
        assert any("用户名" in m for m in exc.messages), exc.messages
    else:
        raise AssertionError("a password equal to the user name was accepted")


def test_admin_creates_user_and_password_equal_to_name_is_refused(world) -> None:
    adm = world.client("adm")
    response = adm.post("/users/", {"action": "create", "username": "wangwu-review", "password": "wangwu-review",
                                    "role": "finance"}, follow=True)
    assert "密码不符合要求" in response.content.decode()
    assert not get_user_model().objects.filter(username="wangwu-review").exists()


def test_admin_reset_forces_a_change_at_next_login(world) -> None:
    target = world.users["prep_b"]
    adm = world.client("adm")
    adm.post("/users/", {"action": "reset", "id": target.pk, "password": "Temp-9-bellflower"})
    assert Profile.objects.get(user=target).must_change_password
    client = Client()
    assert _login(client, "prep_b", "Temp-9-bellflower").status_code == 302
    home = client.get("/")
    assert home.status_code == 302 and home["Location"] == "/password/"
    assert client.get("/api/projects").status_code == 403
    page = client.get("/password/").content.decode()
    assert "管理员已重置" in page
    client.post("/password/", {"old_password": "Temp-9-bellflower", "new_password1": "Fresh-4-meadowlark",
                               "new_password2": "Fresh-4-meadowlark"})
    assert not Profile.objects.get(user=target).must_change_password
    assert client.get("/").status_code == 200


def test_cookie_flags_are_set_and_documented() -> None:
    from pathlib import Path
    assert settings.SESSION_COOKIE_HTTPONLY and settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.CSRF_COOKIE_SAMESITE == "Lax"
    doc = (Path(__file__).resolve().parents[2] / "docs" / "security.md").read_text("utf-8")
    for flag in ("HttpOnly", "SameSite", "Secure", "JIXIAO_SECURE_COOKIES"):
        assert flag in doc
