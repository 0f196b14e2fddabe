"""One versioned JSON shape for score, check and read, whatever the input, as `jixiao schema output` says."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from jixiao.cli.main import main
from jixiao.io.findings import FINDING_KEYS
from test_pipeline import _synth
from testdata import PINGSHAN, SEED

TOP = {"format", "version", "command", "inputs", "projects", "findings", "counts"}


def invoke(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, json.loads(result.stdout)


@pytest.fixture(scope="module")
def schema() -> dict:
    result = CliRunner().invoke(main, ["schema", "output"])
    assert result.exit_code == 0
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, int]]:
    """input kind -> (path, how many projects it holds)"""
    folder = tmp_path_factory.mktemp("inputs")
    two = folder / "two.xlsx"
    two.write_bytes(_synth().selfeval_xlsx(2))
    empty = folder / "empty.txt"
    empty.write_bytes(b"")
    out = {"project file": (PINGSHAN, 1), "two-project workbook": (two, 2), "unreadable": (empty, 0),
           "missing": (folder / "nope.docx", 0)}
    if SEED.is_file():
        out["published text"] = (SEED, 1)
    return out


@pytest.mark.parametrize("command", ["score", "check", "read"])
def test_every_command_has_the_same_top_level_shape(command: str, schema: dict, inputs: dict) -> None:
    for kind, (path, n) in inputs.items():
        if command == "read" and path.suffix == ".yaml":
            continue            # read refuses project files (tested in test_cli_conventions)
        code, doc = invoke(command, str(path), "--format", "json")
        jsonschema.validate(doc, schema)
        assert set(doc) == TOP, kind
        assert (doc["format"], doc["version"], doc["command"]) == ("jixiao-output", 1, command)
        assert len(doc["projects"]) == n, kind
        assert [i["file"] for i in doc["inputs"]] == [str(path)]
        assert doc["inputs"][0]["status"] == ("read" if n else "unreadable"), kind
        assert all(set(f) == set(FINDING_KEYS) for f in doc["findings"]), kind
        assert doc["counts"]["error"] == sum(1 for f in doc["findings"] if f["severity"] == "error")
        assert code == (2 if not n else 1 if command == "check" and doc["counts"]["error"] else 0), kind


def test_command_specific_entries(inputs: dict) -> None:
    _, scored = invoke("score", str(PINGSHAN), "--format", "json")
    assert (scored["projects"][0]["score"]["total"], scored["projects"][0]["score"]["grade"]) == ("98", "优")
    _, checked = invoke("check", str(PINGSHAN), "--format", "json")
    summary = checked["projects"][0]["summary"]
    assert (summary["stated_total"], summary["computed_total"], summary["execution_rate"]) == ("98", "98", "99.80")
    two, _ = inputs["two-project workbook"]
    _, read = invoke("read", str(two), "--format", "json")
    assert [p["project"]["project"]["name"] for p in read["projects"]] == ["农村实用技术培训项目1", "农村实用技术培训项目2"]


def test_check_of_several_files_is_one_object(tmp_path: Path, schema: dict) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, doc = invoke("check", str(PINGSHAN), str(empty), "--format", "json", "--jobs", "1")
    jsonschema.validate(doc, schema)
    assert code == 2 and [i["status"] for i in doc["inputs"]] == ["read", "unreadable"]
    assert {f["file"] for f in doc["findings"]} == {str(PINGSHAN), str(empty)}


def test_sarif_uses_the_same_findings() -> None:
    _, checked = invoke("check", str(PINGSHAN), "--format", "json")
    _, sarif = invoke("check", str(PINGSHAN), "--format", "sarif")
    results = sarif["runs"][0]["results"]
    assert sorted(r["ruleId"] for r in results) == sorted(f["code"] for f in checked["findings"])
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results} == {
        PINGSHAN.as_posix()}


def test_project_schema_is_still_the_default() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert "project" in json.loads(result.stdout)["required"]
