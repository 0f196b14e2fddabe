"""The core commands as a user runs them: score, init, frameworks, schema."""

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from jixiao.cli.main import main
from testdata import PINGSHAN, SELFEVAL


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_score_json_on_pingshan() -> None:
    code, out, _ = run("score", str(PINGSHAN), "--format", "json")
    assert code == 0
    doc = json.loads(out)["projects"][0]["score"]
    assert doc["project"] == {"name": "招商引资", "year": 2021, "department": "深圳市坪山区投资推广服务署"}
    assert doc["framework"] == "pingshan-2021"
    assert (doc["total"], doc["grade"]) == ("98", "优")
    assert [lvl["score"] for lvl in doc["levels"]] == ["14", "35", "25", "24"]
    assert [lvl["name"] for lvl in doc["levels"]] == ["项目决策", "项目管理", "项目产出", "项目效益"]
    assert doc["funding"]["execution_rate"] == "99.80"
    assert doc["funding"]["procurement_execution_rate"] == "100.00"
    assert doc["funding"]["initial_budget"] == "1423.71"
    assert doc["stated"] == {"total": "98", "grade": "优", "execution_rate": "99.80"}
    leaf = doc["levels"][0]["children"][2]["children"][0]
    assert leaf["name"] == "绩效目标明确性" and leaf["score"] == "4" and leaf["weight"] == "5"


def test_score_table_shows_tree_and_explanations() -> None:
    code, out, _ = run("score", str(SELFEVAL))
    assert code == 0
    assert "总分 94.14/100" in out and "等级 优" in out
    assert "目标300/实际320=93.75%" in out
    assert "执行率" in out and "95.06%" in out


def test_score_with_another_framework_reports_nodes_outside_it() -> None:
    code, out, _ = run("score", str(PINGSHAN), "--framework", "mof-2020-selfeval", "--format", "json")
    assert code == 0
    out_doc = json.loads(out)
    assert out_doc["projects"][0]["score"]["framework"] == "mof-2020-selfeval"
    assert "not-in-framework" in {f["slug"] for f in out_doc["findings"]}


def test_bad_input_exits_2_with_location(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("jixiao: 1\nproject:\n  name: x\nfunding:\n  actual: 很多\n", encoding="utf-8")
    code, out, err = run("score", str(bad))
    assert code == 2
    assert f"{bad}:5:3: JX001 error input-invalid" in err
    assert "expected number" in err
    assert "Traceback" not in err + out


def test_draft_with_deduction_without_reason_exits_2(tmp_path: Path) -> None:
    draft = tmp_path / "d.yaml"
    draft.write_text("project: {name: x}\nindicators:\n  - {name: A, weight: 100, score: 90}\n", encoding="utf-8")
    code, _, err = run("score", str(draft))
    assert code == 2 and "deduction-without-reason" in err and "d.yaml:3:" in err


def test_missing_file_and_unknown_framework_exit_2(tmp_path: Path) -> None:
    assert run("score", str(tmp_path / "none.yaml"))[0] == 2
    code, _, err = run("score", str(PINGSHAN), "--framework", "nope")
    assert code == 2 and "nope" in err


def test_init_writes_a_template_that_loads(tmp_path: Path) -> None:
    out = tmp_path / "new.yaml"
    code, _, _ = run("init", "--framework", "pingshan-2021", "-o", str(out), "--year", "2024")
    assert code == 0 and "#" in out.read_text("utf-8")
    code, stdout, _ = run("score", str(out), "--format", "json")
    assert code == 0
    doc = json.loads(stdout)["projects"][0]["score"]
    assert doc["complete"] is False and doc["project"]["year"] == 2024
    assert run("init", "-o", str(out))[0] == 2  # refuses to overwrite


def test_frameworks_and_schema() -> None:
    code, out, _ = run("frameworks")
    assert code == 0 and "pingshan-2021" in out and "mof-2020-common" in out
    code, out, _ = run("frameworks", "mof-2020-selfeval")
    assert code == 0 and "预算执行率" in out
    code, out, _ = run("schema")
    schema = json.loads(out)
    assert "project" in schema["required"] and "indicator" in schema["$defs"]


def test_console_script_runs() -> None:
    exe = Path(sys.executable).parent / "jixiao"
    result = subprocess.run([str(exe), "score", str(PINGSHAN)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "总分 98/100" in result.stdout
