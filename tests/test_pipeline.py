"""One pipeline: every entry (file, bytes, built project, loaded result) gives the same result, the
CLI, the batch runner and the web bridge agree, and a crash anywhere becomes a finding.

Expected figures are the published report's own (总分98, 等级优, 一级 14/35/25/24, 执行率99.80%),
not values computed by the code under test.
"""

from __future__ import annotations

import importlib.util
import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from jixiao import pipeline
from jixiao.batch import check_file
from jixiao.cli.main import main
from jixiao.core.checks import run_checks
from jixiao.core.findings import Severity
from jixiao.io.findings import finding_to_dict
from jixiao.io.loading import LoadResult, load_project_file
from jixiao.pipeline import Options, Upload, run
from testdata import PINGSHAN, ROOT, SEED, SELFEVAL


def _synth():  # tests/readers/synth.py builds published workbooks; loaded by path, it is not a package
    spec = importlib.util.spec_from_file_location("synth_for_pipeline", ROOT / "tests" / "readers" / "synth.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def keys(findings) -> list[tuple[str, str, str]]:
    return sorted((f.code, f.path, f.message) for f in findings)


def test_the_published_figures_come_out_of_run() -> None:
    result = run(PINGSHAN)
    assert not result.unreadable and len(result.projects) == 1
    (p,) = result.projects
    assert p.card is not None and (p.card.total, p.card.grade) == (Decimal(98), "优")
    assert [r.score for r in p.card.roots] == [Decimal(14), Decimal(35), Decimal(25), Decimal(24)]
    assert p.project.funding.execution_rate == Decimal("99.80")
    assert p.ok                                  # a published record is never refused as input
    # the example records the published report with its defects: the checker finds them
    assert any(f.is_error for f in p.findings)


def test_every_kind_of_source_gives_the_same_result() -> None:
    by_path = run(PINGSHAN)
    by_bytes = run(Upload(PINGSHAN.read_bytes(), str(PINGSHAN)))
    loaded = load_project_file(PINGSHAN)
    by_project = run(loaded.projects[0])
    by_loaded = run(loaded)
    expected = keys(by_path.projects[0].findings)
    for other in (by_bytes, by_project, by_loaded):
        assert keys(other.projects[0].findings) == expected
        assert other.projects[0].card is not None and other.projects[0].card.total == Decimal(98)


def test_the_checker_is_optional_but_scoring_findings_stay() -> None:
    scored = run(SELFEVAL, Options(check=False))
    checked = run(SELFEVAL)
    only_checker = {f.code for f in checked.projects[0].findings} - {f.code for f in scored.projects[0].findings}
    assert scored.projects[0].card is not None
    assert scored.projects[0].card.total == checked.projects[0].card.total
    assert all(code[:3] != "JX0" for code in only_checker)   # load findings belong to both


def test_cli_batch_and_web_report_the_same_findings(tmp_path: Path) -> None:
    from jixiao.web.engine import evaluate_project

    out = CliRunner().invoke(main, ["check", str(PINGSHAN), "--format", "json"])
    cli = sorted((d["code"], d["model_path"], d["message"]) for d in json.loads(out.stdout)["findings"])
    batch = sorted((d["code"], d["model_path"], d["message"]) for d in check_file(PINGSHAN).findings)
    web = evaluate_project(load_project_file(PINGSHAN).projects[0])
    assert cli == batch == keys(web.findings)
    assert "JX900" not in {c for c, _, _ in cli}


def test_a_crash_in_scoring_is_a_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args, **kwargs):
        raise ZeroDivisionError("scoring bug")

    monkeypatch.setattr(pipeline, "score_project", broken)
    result = run(PINGSHAN)
    (p,) = result.projects
    assert p.card is None and not p.ok
    (crash,) = [f for f in p.findings if f.code == "JX901"]
    assert "scoring bug" in crash.message and "ZeroDivisionError" in crash.message_en
    assert crash.source is not None and crash.source.file == str(PINGSHAN)


def test_a_crash_in_loading_is_a_finding_not_an_unreadable_input(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(source):
        raise RuntimeError("reader bug")

    monkeypatch.setattr(pipeline, "load", broken)
    result = run(PINGSHAN)
    assert [f.code for f in result.findings] == ["JX901"] and not result.projects
    assert not result.unreadable                      # our bug, not the user's bad file


def test_run_checks_reports_a_scoring_crash_instead_of_dropping_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import jixiao.core.checks as checks

    project = load_project_file(PINGSHAN).projects[0]

    def broken(*args, **kwargs):
        raise ValueError("cannot score")

    monkeypatch.setattr(checks, "score_project", broken)
    found = run_checks(project)            # no card given: run_checks scores, and that fails
    crash = [f for f in found if f.code == "JX901"]
    assert crash and "cannot score" in crash[0].message


def test_a_document_with_two_projects_gives_two_results(tmp_path: Path) -> None:
    book = tmp_path / "two.xlsx"
    book.write_bytes(_synth().selfeval_xlsx(2))
    result = run(book)
    assert [p.project.name for p in result.projects] == ["农村实用技术培训项目1", "农村实用技术培训项目2"]
    assert all(p.card is not None for p in result.projects)
    assert run(Upload(book.read_bytes(), "two.xlsx")).projects[1].project.name == "农村实用技术培训项目2"


def test_select_and_ignore_apply_to_every_stage() -> None:
    only = run(PINGSHAN, Options(select=("JX403",)))
    assert {f.code for f in only.all_findings()} == {"JX403"}
    none = run(PINGSHAN, Options(ignore=("JX",)))
    assert list(none.all_findings()) == []


def test_unreadable_and_missing_inputs() -> None:
    missing = run(Path("no/such/file.yaml"))
    assert missing.unreadable and missing.findings[0].code == "JX002"
    folder = run(ROOT / "tests")
    assert folder.unreadable and "folder" in folder.findings[0].message_en
    empty = run(Upload(b"", "empty.txt"))
    assert empty.unreadable


@pytest.mark.skipif(not SEED.is_file(), reason="needs ../shared/seed")
def test_the_published_report_itself_reads_to_the_same_figures() -> None:
    result = run(SEED)
    (p,) = result.projects
    assert p.project.stated.total == Decimal(98) and p.project.stated.grade == "优"
    assert p.card is not None and [r.score for r in p.card.roots] == [Decimal(14), Decimal(35), Decimal(25),
                                                                       Decimal(24)]
    assert isinstance(result.read_notes, list)


def test_finding_dicts_are_one_shape_with_the_file_and_the_model_path() -> None:
    result = run(PINGSHAN)
    dicts = [finding_to_dict(f, result.label) for f in result.all_findings()]
    assert dicts and all(set(d) == set(dicts[0]) for d in dicts)
    assert all(d["file"] == str(PINGSHAN) for d in dicts)
    assert all(":0:0" not in d["where"] for d in dicts)
    located = [d for d in dicts if d["line"]]
    assert located and all(d["where"].startswith(f"{PINGSHAN}:{d['line']}:") for d in located)
    assert {d["severity"] for d in dicts} <= {s.value for s in Severity}


def test_loaded_results_keep_their_own_findings() -> None:
    loaded = LoadResult([], [pipeline.unreadable("x.pdf", "坏", "bad")])
    result = run(loaded)
    assert result.unreadable and result.label == "x.pdf"


def test_the_strict_profile_only_adds_findings() -> None:
    default = {(f.code, f.path, f.message) for f in run(PINGSHAN).projects[0].findings}
    strict = {(f.code, f.path, f.message) for f in run(PINGSHAN, Options(profile="strict")).projects[0].findings}
    assert default < strict                                  # evidence rules run only when strict
    assert {c for c, _, _ in strict - default} and all(c.startswith("JX5") for c, _, _ in strict - default)


def test_an_uploaded_project_file_in_another_encoding_is_refused_clearly() -> None:
    text = PINGSHAN.read_text("utf-8")
    result = run(Upload(text.encode("gb18030"), "pingshan.yaml"))
    assert result.unreadable
    (f,) = result.findings
    assert f.code == "JX002" and "UTF-8" in f.message and "UTF-8" in f.message_en


def test_a_framework_override_that_does_not_exist_is_an_input_error() -> None:
    (p,) = run(PINGSHAN, Options(framework="no-such-framework")).projects
    assert p.card is None and not p.ok
    assert [f.code for f in p.input_findings] == ["JX003"]
