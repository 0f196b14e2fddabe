"""`jixiao score` on a published report shows each leaf's printed score beside the recomputed one."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from jixiao.cli.score import command

TEXT = ("项目名称：某项目\n年初预算数100万元，全年预算数100万元，全年执行数90万元，执行率90%。\n"
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n"
        "产出指标\t数量指标\t培训人次\t≥100人\t100人\t50\t41\n"
        "效益指标\t社会效益指标\t覆盖率\t≥90%\t95%\t50\t48\n"
        "总分\t\t\t\t\t100\t89\n")


def _leaves(nodes: list[dict[str, object]]) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for n in nodes:
        children = n.get("children") or []
        out.extend(_leaves(children) if children else [n])  # type: ignore[arg-type]
    return out


def test_printed_scores_stand_beside_the_recomputed(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(TEXT, "utf-8")
    result = CliRunner().invoke(command, [str(path), "--format", "json"])
    card = json.loads(result.stdout)["projects"][0]["score"]
    leaves = {n["name"]: n for n in _leaves(card["levels"])}
    assert leaves["培训人次"]["stated_score"] == "41" and leaves["覆盖率"]["stated_score"] == "48"
    assert leaves["培训人次"]["score"] == "50"          # 100/100 achieved: the rule gives full marks
    table = CliRunner().invoke(command, [str(path)]).stdout
    assert "报告所填 stated 41" in table


def test_drafts_have_no_stated_score() -> None:
    draft = Path(__file__).resolve().parents[2] / "examples" / "shequ-2023-yanglao-selfeval.yaml"   # record: draft
    result = CliRunner().invoke(command, [str(draft), "--format", "json"])
    card = json.loads(result.stdout)["projects"][0]["score"]
    assert all("stated_score" not in n for n in _leaves(card["levels"]))
