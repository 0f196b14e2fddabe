"""The rate printed on a 其中 funds row survives the project file: read → YAML/JSON → load → check."""

from decimal import Decimal as D
from pathlib import Path

from click.testing import CliRunner

from jixiao.cli.main import main
from jixiao.core.checks import run_checks
from jixiao.core.scoring import score_project
from jixiao.io.fastload import project_from_json
from jixiao.io.loading import load_path, parse_project_text
from jixiao.io.serialize import dump_json, project_to_dict

# 215457.6 / 250000 = 0.8618304 → 86.18% at two places; the 其中 row prints 86.19%.
REPORT = ("项目支出绩效自评表\n项目名称 | 测试项目 |\n"
          "项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |\n"
          "年度资金总额 | 250000 | 250000 | 215457.6 | 10 | 86.18% | 8.62 |\n"
          "其中:当年财政拨款 | 250000 | 250000 | 215457.6 | — | 86.19% | — |\n上年结转资金 | — | — |\n")

FILE = """\
jixiao: 1
project:
  name: 测试项目
funding:
  initial: 300
  adjusted: 240
  actual: 180
  sources:
    - name: 本年财政拨款
      initial: 300
      adjusted: 240
      actual: 180
      stated_rate: 57.00
"""


def _row_rate_findings(project) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.message for f in run_checks(project, score_project(project))
            if f.code == "JX202" and f.path == "funding.sources[0].stated_rate"]


def test_read_then_check_the_yaml_keeps_the_sub_row_rate(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "p.yaml"
    runner = CliRunner()
    assert runner.invoke(main, ["read", str(report), "-o", str(out)]).exit_code == 0
    assert "stated_rate: 86.19" in out.read_text(encoding="utf-8")
    loaded = load_path(out)
    assert not loaded.findings
    (p,) = loaded.projects
    assert p.funding.sources[0].stated_rate == D("86.19")
    (msg,) = _row_rate_findings(p)
    assert "86.19" in msg and "86.18" in msg
    checked = runner.invoke(main, ["check", str(out), "--format", "json"])
    assert "funding.sources[0].stated_rate" in checked.stdout


def test_a_wrong_row_rate_in_a_hand_written_file_is_found_where_it_is_written() -> None:
    p = parse_project_text(FILE, "p.yaml").projects[0]
    assert p.funding.sources[0].stated_rate == D("57.00")
    (msg,) = _row_rate_findings(p)          # 180 / 240 = 75.00%
    assert "57" in msg and "75.00" in msg
    src = p.sources["funding.sources[0].stated_rate"]
    assert (src.line, src.column) == (13, 7)      # the key, as for every value of a file
    right = parse_project_text(FILE.replace("57.00", "75.00"), "p.yaml").projects[0]
    assert not _row_rate_findings(right)
    assert not _row_rate_findings(parse_project_text(FILE.replace("      stated_rate: 57.00\n", ""),
                                                     "p.yaml").projects[0])


def test_the_rate_is_a_percentage_not_money() -> None:
    yuan = FILE.replace("jixiao: 1", "jixiao: 1\nmoney_unit: 元")
    assert parse_project_text(yuan, "p.yaml").projects[0].funding.sources[0].stated_rate == D("57.00")


def test_the_stored_json_form_keeps_the_printed_places() -> None:
    p = parse_project_text(FILE.replace("57.00", "86.10"), "p.yaml").projects[0]
    (back,) = project_from_json(dump_json(project_to_dict(p), indent=None)).projects
    assert str(back.funding.sources[0].stated_rate) == "86.10"
    assert back.funding == p.funding


def test_a_non_numeric_rate_is_refused_in_both_languages() -> None:
    result = parse_project_text(FILE.replace("57.00", "八成"), "bad.yaml")
    assert result.failed
    (finding,) = result.findings
    assert finding.code == "JX001" and finding.source is not None and finding.source.line == 13
    assert "stated_rate" in finding.message and "应为数字" in finding.message
    assert "expected number" in finding.message_en


def test_a_file_of_several_projects_loads_each_located_in_the_whole_text() -> None:
    """``jixiao read`` writes one document per project, separated by ``---``; all of them load back."""
    second = FILE.replace("测试项目", "第二个项目").replace("57.00", "75.00")
    result = parse_project_text(FILE + "---\n" + second, "two.yaml")
    assert not result.findings
    first, other = result.projects
    assert (first.name, other.name) == ("测试项目", "第二个项目")
    assert other.sources["funding.sources[0].stated_rate"].line == 13 + 14     # FILE is 13 lines, then '---'
    assert len(_row_rate_findings(first)) == 1 and not _row_rate_findings(other)
    bad = parse_project_text(FILE + "---\n" + second.replace("75.00", "八成"), "two.yaml")
    assert bad.failed and bad.findings[0].source.line == 27                     # type: ignore[union-attr]
