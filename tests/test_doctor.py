"""`jixiao doctor`: every check reports, a missing piece comes with its fix, and the exit code says so."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from jixiao.cli import doctor
from jixiao.cli.main import main


def test_every_check_reports_and_json_lists_them() -> None:
    result = CliRunner().invoke(main, ["doctor", "--format", "json"])
    doc = json.loads(result.stdout)
    names = [c["name"] for c in doc["checks"]]
    assert len(names) == len(doctor.CHECKS)
    for wanted in ("CJK fonts", "LibreOffice", "PostgreSQL connection", "OCR models"):
        assert wanted in names
    assert result.exit_code == (1 if doc["missing"] else 0)
    assert all(c["fix"] for c in doc["checks"] if c["status"] == "missing")


def test_a_missing_font_is_reported_with_its_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    import jixiao.publish.fonts as fonts
    monkeypatch.setattr(fonts, "cjk_font_file", lambda: None)
    monkeypatch.setattr(doctor, "CHECKS", [doctor.check_cjk_fonts])
    result = CliRunner().invoke(main, ["doctor"])
    assert result.exit_code == 1
    assert "✗ CJK fonts" in result.stdout and "apt-get install fonts-noto-cjk" in result.stdout
    assert "1 项缺失 missing" in result.stdout


def test_an_unreachable_database_is_missing_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    check = doctor.check_postgresql()
    assert check.status == "missing" and "does not answer" in check.detail and check.fix


def test_no_database_configured_is_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert doctor.check_postgresql().status == "note"


def test_ocr_without_the_package_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    real = doctor.importlib.util.find_spec
    monkeypatch.setattr(doctor.importlib.util, "find_spec",
                        lambda name, *a: None if name == "rapidocr_onnxruntime" else real(name, *a))
    check = doctor.check_ocr_models()
    assert check.status == "missing" and "pip install rapidocr-onnxruntime" in check.fix


def test_a_broken_check_is_reported_and_the_others_still_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> doctor.Check:
        raise RuntimeError("oops")

    monkeypatch.setattr(doctor, "CHECKS", [broken, doctor.check_python])
    checks = doctor.run_checks()
    assert checks[0].status == "missing" and "oops" in checks[0].detail
    assert checks[1].status == "ok"
