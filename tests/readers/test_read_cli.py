"""``jixiao read`` writes a project file; ``jixiao score`` takes documents directly."""

from __future__ import annotations

import json
from pathlib import Path

import synth
import yaml
from click.testing import CliRunner

from jixiao.cli.main import main


def test_read_seed_yaml_then_score_it(seed_path: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["read", str(seed_path)])
    assert out.exit_code == 0, out.output
    assert "&id" not in out.stdout               # no YAML aliases for shared values
    data = yaml.safe_load(out.stdout)
    assert data["record"] == "published" and data["project"]["name"] == "招商引资"
    assert data["stated"]["total"] == 98 and data["stated"]["grade"] == "优"
    project_file = tmp_path / "seed.yaml"
    project_file.write_text(out.stdout, encoding="utf-8")
    scored = runner.invoke(main, ["score", "--format", "json", str(project_file)])
    assert scored.exit_code == 0, scored.output
    (entry,) = json.loads(scored.stdout)["projects"]
    assert (entry["score"]["total"], entry["score"]["grade"]) == ("98", "优")


def test_read_json(seed_path: Path) -> None:
    out = CliRunner().invoke(main, ["read", "--format", "json", str(seed_path)])
    assert out.exit_code == 0
    doc = json.loads(out.stdout)
    (entry,) = doc["projects"]
    assert doc["command"] == "read" and doc["inputs"] == [{"file": str(seed_path), "status": "read", "projects": 1}]
    assert entry["project"]["funding"]["adjusted"] == "1375.72" and entry["name"] == "招商引资"


def test_score_accepts_documents_in_the_same_shape(seed_path: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["score", "--format", "json", str(seed_path)])
    assert out.exit_code == 0, out.output
    cards = [p["score"] for p in json.loads(out.stdout)["projects"]]
    assert len(cards) == 1
    assert (cards[0]["total"], cards[0]["grade"]) == ("98", "优")
    assert [lv["score"] for lv in cards[0]["levels"]] == ["14", "35", "25", "24"]
    book = tmp_path / "two.xlsx"
    book.write_bytes(synth.selfeval_xlsx(2))
    out = runner.invoke(main, ["score", "--format", "json", str(book)])
    assert out.exit_code == 0, out.output
    assert [p["name"] for p in json.loads(out.stdout)["projects"]] == ["农村实用技术培训项目1", "农村实用技术培训项目2"]


def test_unreadable_input_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "empty.pdf"
    bad.write_bytes(b"")
    out = CliRunner().invoke(main, ["read", str(bad)])
    assert out.exit_code == 2
    assert "JX002" in out.stderr
