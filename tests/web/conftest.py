"""Django for the web tests without pytest-django: settings, a test database per xdist worker,
and a ``db`` fixture that rolls every test back.

Runs on SQLite by default and on PostgreSQL when ``DATABASE_URL`` is set (``make test``).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
os.environ["JIXIAO_DATA_DIR"] = tempfile.mkdtemp(prefix=f"jixiao-web-{_WORKER}-")
os.environ["JIXIAO_FAST_HASHER"] = "1"
os.environ.pop("JIXIAO_DEBUG", None)

import django  # noqa: E402

django.setup()

from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402

PASSWORD = "pw-for-tests"


@pytest.fixture(scope="session")
def django_db() -> Iterator[None]:
    """Create the test database once per worker (SQLite in memory, or <name>_<worker> on PG).

    The worker id is read here, not at import: ``pytest tests/web`` imports this conftest before
    xdist names its workers, and two workers must never share one PostgreSQL test database.
    """
    from django.db import connection
    setup_test_environment()
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    base = os.environ.get("JIXIAO_TEST_DB_NAME") or "test_jixiao"
    if connection.vendor == "postgresql":
        connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{base}_{worker}"
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    yield
    connection.creation.destroy_test_db(old_name, verbosity=0)
    teardown_test_environment()


@pytest.fixture
def db(django_db: None) -> Iterator[None]:
    """Each test inside a transaction that is rolled back, like django.test.TestCase."""
    from django.core.cache import cache
    from django.db import transaction
    cache.clear()
    atomic = transaction.atomic()
    atomic.__enter__()
    try:
        yield
    finally:
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


class World:
    """Two departments, every role, and one project in each department."""

    def __init__(self) -> None:
        import random

        from django.contrib.auth import get_user_model

        from jixiao.web.accounts.models import Department, Profile
        from jixiao.web.demo import synthetic_project
        from jixiao.web.projects.workflow import create_project

        self.a = Department.objects.create(name="甲部门")
        self.b = Department.objects.create(name="乙部门")
        users = get_user_model().objects
        self.users: dict[str, Any] = {}
        for name, role, dept in [("prep_a", "preparer", self.a), ("rev_a", "reviewer", self.a),
                                 ("prep_b", "preparer", self.b), ("rev_b", "reviewer", self.b),
                                 ("fin", "finance", None), ("adm", "admin", None)]:
            user = users.create_user(name, password=PASSWORD, first_name=name)
            Profile.objects.create(user=user, role=role, department=dept)
            self.users[name] = user
        rng = random.Random(1)
        self.project_a = create_project(synthetic_project(2, rng, "甲部门"), self.a, self.users["prep_a"])
        self.project_b = create_project(synthetic_project(4, rng, "乙部门"), self.b, self.users["prep_b"])

    def client(self, name: str | None) -> Any:
        from django.test import Client
        client = Client(enforce_csrf_checks=False)
        if name:
            client.force_login(self.users[name])
        return client


@pytest.fixture
def world(db: None) -> World:
    return World()


@pytest.fixture
def pingshan_text() -> str:
    return (Path(__file__).resolve().parents[2] / "examples" / "pingshan-2021-zhaoshang.yaml").read_text("utf-8")
