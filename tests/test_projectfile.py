"""Project files: parsing with positions, schema errors in both languages, round trips."""

from decimal import Decimal as D

import pytest

from jixiao.io.loading import load_path, parse_project_text
from jixiao.io.serialize import dump_json, dump_yaml, project_to_dict
from jixiao.pipeline import score
from testdata import PINGSHAN, SELFEVAL

MINIMAL = """\
jixiao: 1
project:
  name: 测试项目
  year: 2023
funding:
  initial: 100.10
  adjusted: 90
  actual: "89.5"
indicators:
  - name: 产出
    weight: 60
    children:
      - {name: 数量, weight: 60, score: 60}
  - {name: 效益, weight: 40, score: 40}
"""


def test_minimal_file_builds_with_exact_decimals_and_sources() -> None:
    result = parse_project_text(MINIMAL, "p.yaml")
    assert not result.findings
    project = result.projects[0]
    assert project.funding.total.initial == D("100.10")  # the printed digits, not a float
    assert project.funding.total.actual == D("89.5")
    assert project.funding.execution_rate == D("99.44")
    src = project.sources["funding.total.adjusted"]
    assert (src.file, src.line, src.column) == ("p.yaml", 7, 3)
    assert project.source_of("indicators/产出/数量.score").line == 13


def test_money_in_yuan_is_converted() -> None:
    result = parse_project_text(MINIMAL.replace("jixiao: 1", "jixiao: 1\nmoney_unit: 元"), "p.yaml")
    assert result.projects[0].funding.total.initial == D("0.01001")


@pytest.mark.parametrize(("patch", "line", "zh", "en"), [
    (("  name: 测试项目\n", ""), 2, "缺少必填字段「name」", "missing required field 'name'"),
    (("  year: 2023", "  year: 二〇二三"), 4, "应为整数", "expected integer"),
    (("  initial: 100.10", "  initial: 一百"), 6, "应为数字", "expected number"),
    (("  adjusted: 90", "  adjusted: 90\n  budgett: 1"), 8, "未知字段「budgett」", "unknown field"),
])
def test_bad_input_is_located_and_bilingual(patch: tuple[str, str], line: int, zh: str, en: str) -> None:
    result = parse_project_text(MINIMAL.replace(*patch), "bad.yaml")
    assert result.failed
    finding = result.findings[0]
    assert finding.source is not None and finding.source.line == line, finding
    assert zh in finding.message and en in finding.message_en
    assert finding.code == "JX001"


def test_syntax_error_is_located() -> None:
    result = parse_project_text("project:\n  name: [unclosed\n", "s.yaml")
    assert result.failed and result.findings[0].slug == "input-unreadable"
    assert result.findings[0].source.line == 3  # type: ignore[union-attr]


def test_draft_refuses_deduction_without_reason_and_band_violations() -> None:
    text = MINIMAL.replace("{name: 数量, weight: 60, score: 60}", "{name: 数量, weight: 60, score: 50}")
    project = parse_project_text(text, "d.yaml").projects[0]
    scored = score(project)
    assert not scored.ok
    [problem] = [f for f in scored.input_findings if f.is_error]
    assert problem.slug == "deduction-without-reason"
    assert problem.source is not None and problem.source.line == 13
    tier = MINIMAL.replace("{name: 数量, weight: 60, score: 60}",
                           "{name: 数量, weight: 60, tier: 达成, score: 30, reason: 差}")
    assert [f.slug for f in score(parse_project_text(tier, "t.yaml").projects[0]).input_findings] == [
        "tier-band-violation"]


def test_draft_refuses_weights_that_do_not_add_up() -> None:
    text = MINIMAL.replace("{name: 数量, weight: 60, score: 60}", "{name: 数量, weight: 55, score: 55}")
    scored = score(parse_project_text(text, "w.yaml").projects[0])
    [problem] = scored.input_findings
    assert problem.slug == "weights-mismatch" and problem.path == "indicators/产出"
    assert problem.source is not None and problem.source.line == 10
    assert "55" in problem.message and "60" in problem.message


def test_published_record_keeps_defects_for_the_checker() -> None:
    text = "record: published\n" + MINIMAL.replace("score: 60}", "score: 50}")
    assert score(parse_project_text(text, "p.yaml").projects[0]).ok


@pytest.mark.parametrize("path", [PINGSHAN, SELFEVAL])
@pytest.mark.parametrize("dump", [dump_yaml, dump_json])
def test_round_trip_gives_the_same_project(path, dump) -> None:  # type: ignore[no-untyped-def]
    original = load_path(path).projects[0]
    again = parse_project_text(dump(project_to_dict(original)), "again").projects[0]
    assert again.evolve(sources={}) == original.evolve(sources={})


def test_missing_file_and_non_mapping(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert load_path(tmp_path / "nope.yaml").failed
    (tmp_path / "list.yaml").write_text("- 1\n- 2\n", encoding="utf-8")
    assert load_path(tmp_path / "list.yaml").findings[0].slug == "input-unreadable"
    (tmp_path / "gbk.yaml").write_bytes("project: {name: 项目}".encode("gbk"))
    assert "UTF-8" in load_path(tmp_path / "gbk.yaml").findings[0].message
