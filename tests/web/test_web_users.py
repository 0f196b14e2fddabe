"""User and department administration through the admin page."""

from __future__ import annotations

from django.contrib.auth import authenticate, get_user_model
from django.test import Client

from jixiao.web.accounts.models import Department, Profile


def test_admin_creates_a_preparer_who_sees_only_their_department(world) -> None:
    adm = world.client("adm")
    adm.post("/users/", {"action": "department", "name": "丙部门"})
    dept = Department.objects.get(name="丙部门")
    adm.post("/users/", {"action": "create", "username": "new_prep", "full_name": "新人", "password": "Xk29-long-pass",
                         "role": "preparer", "department": dept.pk})
    user = authenticate(username="new_prep", password="Xk29-long-pass")
    assert user is not None and user.profile.role == "preparer" and user.profile.department == dept
    client = Client()
    client.force_login(user)
    assert client.get("/api/projects").json()["count"] == 0


def test_preparer_needs_a_department_and_a_decent_password(world) -> None:
    adm = world.client("adm")
    html = adm.post("/users/", {"action": "create", "username": "x1", "password": "Xk29-long-pass",
                                "role": "reviewer"}, follow=True).content.decode()
    assert "必须属于一个部门" in html and not get_user_model().objects.filter(username="x1").exists()
    html = adm.post("/users/", {"action": "create", "username": "x2", "password": "123", "role": "finance"},
                    follow=True).content.decode()
    assert "密码不符合要求" in html and not get_user_model().objects.filter(username="x2").exists()


def test_change_role_and_deactivate(world) -> None:
    adm = world.client("adm")
    target = world.users["rev_b"]
    adm.post("/users/", {"action": "update", "id": target.pk, "role": "reviewer", "department": world.a.pk})
    assert Profile.objects.get(user=target).department == world.a
    adm.post("/users/", {"action": "deactivate", "id": target.pk})
    target.refresh_from_db()
    assert not target.is_active
    assert authenticate(username="rev_b", password="pw-for-tests") is None
    adm.post("/users/", {"action": "deactivate", "id": world.users["adm"].pk})     # not yourself
    assert get_user_model().objects.get(username="adm").is_active
