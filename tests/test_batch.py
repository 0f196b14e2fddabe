"""The batch runner: which files a folder walk takes, order and shape of results, the workbook rows.

Expected figures are the published report's (总分98, 优, 执行率99.80%), not the engine's output.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from jixiao.batch import check_file, expand, file_result, run_batch, summary_row, unread_row, walk
from jixiao.pipeline import Result, run
from testdata import PINGSHAN, SELFEVAL


def test_walk_takes_reports_and_project_files_and_lists_the_rest(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    files = {"a.yaml": "jixiao: 1\nproject: {name: x}\n", "settings.yaml": "theme: dark\n",
             "sub/b.txt": "报告", "sub/c.docx": "", "d.doc": "", "e.wps": "", "README.md": "# notes",
             ".hidden/f.txt": "x", "g.png": "", "h.json": '{"jixiao": 1, "project": {"name": "y"}}'}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    inputs, skipped = walk([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in inputs] == ["a.yaml", "d.doc", "e.wps", "g.png",
                                                                    "h.json", "sub/b.txt", "sub/c.docx"]
    assert sorted(p.name for p in skipped) == ["README.md", "settings.yaml"]      # images are read by OCR
    assert expand([tmp_path]) == inputs
    assert walk([PINGSHAN]) == ([PINGSHAN], [])          # a file given by name is always an input


def test_the_summary_row_carries_the_published_figures() -> None:
    (p,) = run(PINGSHAN).projects
    row = summary_row(str(PINGSHAN), p)
    assert row["status"] == "read" and row["project"] == "招商引资" and row["year"] == 2021
    assert (row["stated_total"], row["computed_total"]) == ("98", "98")
    assert (row["stated_grade"], row["computed_grade"]) == ("优", "优")
    assert (row["stated_execution_rate"], row["execution_rate"]) == ("99.80", "99.80")
    assert row["errors"] == sum(1 for f in p.findings if f.is_error) >= 1


def test_a_file_that_gives_no_project_still_has_a_row(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = check_file(empty)
    assert result.unreadable and result.rows == []
    row = unread_row(result)
    assert row["status"] == "unreadable" and row["errors"] == 1 and "空" in row["project"]


def test_file_results_are_plain_data_that_round_trip() -> None:
    result = check_file(PINGSHAN)
    objects = result.finding_objects()
    assert [f.code for f in objects] == [d["code"] for d in result.findings]
    assert all(o.source is not None and o.source.file == str(PINGSHAN) for o in objects)
    again = file_result(Result(str(PINGSHAN), objects))
    assert [d["where"] for d in again.findings] == [d["where"] for d in result.findings]


@pytest.mark.slow
def test_parallel_results_come_back_in_input_order(tmp_path: Path) -> None:
    paths = []
    for i in range(6):
        target = tmp_path / f"{i}-{'p' if i % 2 else 's'}.yaml"
        shutil.copy(PINGSHAN if i % 2 else SELFEVAL, target)
        paths.append(target)
    seen: list[str] = []
    results = list(run_batch(paths, workers=2, progress=lambda r: seen.append(r.file)))
    assert [r.file for r in results] == [str(p) for p in paths]
    assert sorted(seen) == sorted(str(p) for p in paths)
    totals = [r.rows[0]["computed_total"] for r in results]
    assert totals[1::2] == ["98"] * 3 and len(set(totals[0::2])) == 1


def test_one_file_runs_in_process_with_progress() -> None:
    seen = []
    (only,) = run_batch([PINGSHAN], progress=seen.append)
    assert seen == [only] and only.rows[0]["computed_total"] == "98"
