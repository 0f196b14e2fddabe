"""scripts/with_postgres.py, the PostgreSQL pass of `make test`: a given server, a throwaway one, or
one line saying why the pass is skipped."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from testdata import ROOT


def _script():
    spec = importlib.util.spec_from_file_location("with_postgres", ROOT / "scripts" / "with_postgres.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_without_server_binaries_the_pass_is_skipped_in_one_line(monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    script = _script()
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(script, "server_binaries", lambda: None)
    assert script.main([sys.executable, "-c", "raise SystemExit(7)"]) == 0     # the command never runs
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "skipped" in out and "postgresql" in out


def test_an_unreachable_database_url_is_one_line_not_hundreds_of_errors(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("psycopg")
    script = _script()
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/none")
    assert script.main([sys.executable, "-c", "raise SystemExit(0)"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "does not answer" in err


@pytest.mark.slow
def test_a_throwaway_server_starts_serves_and_goes(monkeypatch: pytest.MonkeyPatch) -> None:
    script = _script()
    if script.server_binaries() is None:
        pytest.skip("no PostgreSQL server binaries on this machine")
    pytest.importorskip("psycopg")
    env = {k: v for k, v in __import__("os").environ.items() if k != "DATABASE_URL"}
    probe = ("import os, psycopg; url = os.environ['DATABASE_URL']; c = psycopg.connect(url); "
             "print(url); print(c.execute('select current_setting(%s)', ['data_directory']).fetchone()[0])")
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "with_postgres.py"), sys.executable, "-c", probe],
                          capture_output=True, text=True, env=env, timeout=180, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    banner, url, data_dir = done.stdout.strip().splitlines()[-3:]
    assert "throwaway server" in banner and url.startswith("postgresql://postgres@127.0.0.1:")
    assert not url.endswith(":5432/postgres")                     # a free port, not the shared server
    assert not __import__("pathlib").Path(data_dir).exists()      # removed afterwards
