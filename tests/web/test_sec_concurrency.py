"""Twenty concurrent writers on SQLite and on PostgreSQL: every acknowledged save survives.

The writers run in a fresh process with a real (file or server) database, since the test
database of the other web tests lives inside one rolled-back transaction. Each writer owns
one field, so a correct merge keeps all twenty values; a lost update shows as a value missing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("concurrent_writers.py")


def _run(env: dict[str, str]) -> dict:
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, **env, "PYTHONPATH": os.pathsep.join([str(root / "src"), str(root / "tests"),
                                                               os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _check(summary: dict) -> None:
    writers = summary["writers"]
    assert [w.get("error") for w in writers if w.get("error")] == []
    assert all(w["acknowledged"] for w in writers), [w for w in writers if not w["acknowledged"]]
    assert sum(w["stale_overwrites"] for w in writers) == 0
    lost = [w["field"] for w in writers if not w["survived"]]
    assert lost == [], f"acknowledged saves lost: {lost}"
    assert sum(w["conflicts"] for w in writers) >= len(writers) - 1    # they really raced on one revision
    assert summary["revision"] == summary["revisions"] == 1 + len(writers)


def test_twenty_writers_sqlite(tmp_path: Path) -> None:
    env = {"JIXIAO_DATA_DIR": str(tmp_path), "DATABASE_URL": ""}
    summary = _run(env)
    assert summary["vendor"] == "sqlite"
    _check(summary)


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                    reason="PostgreSQL runs when DATABASE_URL points at a server (make test)")
def test_twenty_writers_postgresql(tmp_path: Path) -> None:
    from urllib.parse import urlsplit, urlunsplit

    import psycopg
    url = urlsplit(os.environ["DATABASE_URL"])
    name = (os.environ.get("JIXIAO_TEST_DB_NAME") or "test_jixiao") + "_writers"
    admin = urlunsplit(url._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        summary = _run({"JIXIAO_DATA_DIR": str(tmp_path), "DATABASE_URL": urlunsplit(url._replace(path=f"/{name}")),
                        "JIXIAO_CONN_MAX_AGE": "0"})
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert summary["vendor"] == "postgresql"
    _check(summary)
