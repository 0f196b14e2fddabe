"""``jixiao check``: formats, exit codes, selection, batches of files and the review workbook."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from jixiao.cli.main import main

PINGSHAN = Path(__file__).resolve().parents[2] / "examples" / "pingshan-2021-zhaoshang.yaml"

CLEAN = """\
jixiao: 1
record: published
project: {name: 清洁项目, year: 2022, department: 测试局}
funding: {initial: 100, adjusted: 100, actual: 100}
indicators:
  - name: 项目产出
    weight: 100
    children:
      - {name: 任务完成率, weight: 100, score: 100}
stated: {total: 100, grade: 优, execution_rate: 100, execution_score: 10}
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", *args])
    return result.exit_code, result.stdout, result.stderr


def test_text_output_is_compiler_style(tmp_path: Path) -> None:
    code, out, err = run(str(PINGSHAN))
    assert code == 1                     # JX301 is an error
    first = out.splitlines()[0]
    assert first.startswith(f"{PINGSHAN}:") and " JX" in first
    assert "JX201 warning budget-adjustment-unexplained 预算由年初1423.71万元" in out
    assert "    | initial: 1423.71" not in out and "| adjusted: 1375.72" in out   # the offending line
    assert "错误 errors" in err


def test_json_format_fields() -> None:
    code, out, _ = run(str(PINGSHAN), "--format", "json")
    doc = json.loads(out)
    items = doc["findings"]
    assert code == 1 and items and doc["format"] == "jixiao-output" and doc["version"] == 1
    assert set(items[0]) >= {"file", "line", "column", "code", "slug", "severity", "message", "hint", "data",
                             "where", "model_path"}
    assert {i["file"] for i in items} == {str(PINGSHAN)}
    conflict = [i for i in items if i["slug"] == "figure-conflict"]
    assert {i["data"]["reported"] for i in conflict} == {"1", "6"}


def test_sarif_format() -> None:
    _, out, _ = run(str(PINGSHAN), "--format", "sarif")
    doc = json.loads(out)
    assert doc["version"] == "2.1.0"
    results = doc["runs"][0]["results"]
    assert {r["level"] for r in results} <= {"error", "warning", "note"}
    assert all(r["locations"][0]["physicalLocation"]["region"]["startLine"] > 0 for r in results)


def test_exit_codes_select_ignore(tmp_path: Path) -> None:
    clean = tmp_path / "clean.yaml"
    clean.write_text(CLEAN, encoding="utf-8")
    assert run(str(clean))[0] == 0
    assert run(str(PINGSHAN), "--ignore", "deduction-without-reason")[0] == 0
    code, out, _ = run(str(PINGSHAN), "--select", "JX403,JX404", "--format", "json")
    assert code == 0 and {i["code"] for i in json.loads(out)["findings"]} == {"JX403", "JX404"}
    assert run(str(PINGSHAN), "--select", "no-such-rule")[0] == 2
    assert run(str(PINGSHAN), "--framework", "no-such-framework")[0] == 2
    assert run(str(PINGSHAN), "--framework", "pingshan-2021", "--ignore", "JX301")[0] == 0
    broken = tmp_path / "broken.yaml"
    broken.write_text("jixiao: 1\nproject: [oops\n", encoding="utf-8")
    assert run(str(broken))[0] == 2
    assert run(str(tmp_path / "missing.yaml"))[0] == 2


def test_folder_and_summary_workbook(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(PINGSHAN, folder / "a.yaml")
    (folder / "b.yaml").write_text(CLEAN, encoding="utf-8")
    review = tmp_path / "review.xlsx"
    code, out, _ = run(str(folder), "--summary", str(review), "--jobs", "1", "--format", "json")
    assert code == 1
    wb = load_workbook(review)
    reports, findings = wb.worksheets
    rows = list(reports.iter_rows(values_only=True))
    assert len(rows) == 3
    a = rows[1]
    assert a[1] == "已读取 read"
    assert a[2] == "招商引资" and a[4] == 2021 and a[5] == 98 and a[6] == 98 and a[10] == pytest.approx(99.8)
    assert a[11] == 1                                   # one error
    assert findings.max_row - 1 == len(json.loads(out)["findings"])


@pytest.mark.slow
def test_batch_uses_worker_processes(tmp_path: Path) -> None:
    for i in range(4):
        shutil.copy(PINGSHAN, tmp_path / f"r{i}.yaml")
    (tmp_path / "bad.yaml").write_text("jixiao: 1\nproject: [", encoding="utf-8")
    (tmp_path / "notes.json").write_text('{"not": "a project file"}', encoding="utf-8")   # skipped in folders
    code, out, _ = run(str(tmp_path), "--jobs", "2", "--format", "json")
    assert code == 2                                    # one unreadable input
    doc = json.loads(out)
    assert len({i["file"] for i in doc["findings"]}) == 5
    assert [i["status"] for i in doc["inputs"]].count("unreadable") == 1 and len(doc["inputs"]) == 5


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_review_workbook_opens_in_an_office_suite(tmp_path: Path) -> None:
    """LibreOffice reads the workbook without repair (a stand-in for Excel and WPS)."""
    import subprocess

    review = tmp_path / "review.xlsx"
    assert run(str(PINGSHAN), "--summary", str(review), "--format", "json")[0] == 1
    profile = tmp_path / "lo-profile"
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",
         "--outdir", str(tmp_path), str(review)], capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    csv = (tmp_path / "review.csv").read_text(encoding="utf-8", errors="replace")
    assert "招商引资" in csv and "98" in csv


def test_a_crash_on_one_file_is_a_finding(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import jixiao.batch as batch

    def explode(path: Path) -> None:
        raise RuntimeError("reader bug")

    monkeypatch.setattr(batch.pipeline, "load", explode)
    result = batch.check_file(PINGSHAN)
    (f,) = result.finding_objects()
    assert f.code == "JX901" and "reader bug" in f.message and not result.unreadable


def test_reader_findings_can_be_selected_and_ignored() -> None:
    doc = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "dev" / "014.txt"
    _, out, _ = run(str(doc), "--format", "json")
    assert any(i["code"] == "JX005" for i in json.loads(out)["findings"])
    _, out, _ = run(str(doc), "--format", "json", "--ignore", "read-partial")
    assert not any(i["code"] == "JX005" for i in json.loads(out)["findings"])
