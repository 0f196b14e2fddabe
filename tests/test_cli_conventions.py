"""The conventions every command follows (docs/cli.md): -h, examples and exit codes in the help,
-o/--output, no made-up locations, quiet broken pipes, folders that skip nothing silently."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from jixiao.cli.main import COMMANDS, main
from jixiao.io.frameworks import builtin_names
from testdata import PINGSHAN, ROOT

JIXIAO = [sys.executable, "-m", "jixiao.cli.main"]


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def subprocess_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
           **extra}
    env.pop("FORCE_COLOR", None)
    return env


@pytest.mark.parametrize("name", list(COMMANDS))
def test_help_with_h_shows_examples_and_exit_codes(name: str) -> None:
    code, out, _ = run(name, "-h")
    assert code == 0 and out == run(name, "--help")[1]
    assert "例 examples:" in out and "jixiao " + name in out.split("例 examples:")[1]
    assert "exit codes" in out


def test_the_group_accepts_h() -> None:
    code, out, _ = run("-h")
    assert code == 0 and all(name in out for name in COMMANDS)


@pytest.mark.parametrize("name", ["score", "check", "read", "report", "init", "schema", "rules", "doctor"])
def test_one_spelling_of_the_output_option(name: str) -> None:
    out = run(name, "--help")[1]
    assert "-o, --output" in out and "--out " not in out


def test_frameworks_never_cut_the_names_to_type() -> None:
    done = subprocess.run([*JIXIAO, "frameworks"], capture_output=True, text=True, timeout=60,
                          env=subprocess_env(COLUMNS="30"), check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    for name in builtin_names():
        assert any(line.split()[:1] == [name] for line in lines), (name, done.stdout)
    # piped: one line per framework, never wrapped mid-row
    assert len([line for line in lines if line.strip()]) == len(builtin_names()) + 1


def test_a_broken_pipe_exits_with_the_status_of_the_work(tmp_path: Path) -> None:
    for args, status in ((["check", str(PINGSHAN)], 1), (["rules"], 0)):
        proc = subprocess.Popen([*JIXIAO, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=subprocess_env())
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()                      # the reader goes away before the output, like `| head -0`
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=60) == status, err
        assert "Traceback" not in err and "BrokenPipe" not in err


def test_zero_jobs_is_refused() -> None:
    code, _, err = run("check", str(PINGSHAN), "-j", "0")
    assert code == 2 and "-j" in err


def test_missing_file_and_unknown_framework_have_no_made_up_location(tmp_path: Path) -> None:
    code, _, err = run("score", str(tmp_path / "none.yaml"))
    assert code == 2 and f"{tmp_path / 'none.yaml'}: JX002" in err and ":0:0" not in err
    code, _, err = run("score", str(PINGSHAN), "--framework", "nope")
    assert code == 2 and "nope" in err and ":0:0" not in err
    code, _, err = run("check", str(PINGSHAN), "--framework", "nope")
    assert code == 2 and ":0:0" not in err


def test_read_says_a_project_file_is_already_one() -> None:
    code, out, err = run("read", str(PINGSHAN))
    assert code == 2 and out == "" and "already a project file" in err


def test_a_folder_check_lists_every_input(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(PINGSHAN, folder / "a.yaml")
    (folder / "b.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)   # an OLE2 Word file header
    (folder / "c.txt").write_bytes(b"")
    (folder / "drawing.svg").write_bytes(b"<svg/>")
    review = tmp_path / "review.xlsx"
    code, _, err = run("check", str(folder), "--summary", str(review), "--jobs", "1")
    assert code == 2                                      # two inputs could not be read
    assert "drawing.svg" in err and "skipped 1" in err    # not a report: said, not silently dropped
    rows = list(load_workbook(review).worksheets[0].iter_rows(values_only=True))[1:]
    by_file = {Path(r[0]).name: r for r in rows}
    assert set(by_file) == {"a.yaml", "b.doc", "c.txt"}
    assert by_file["a.yaml"][1] == "已读取 read" and by_file["a.yaml"][2] == "招商引资"
    assert by_file["b.doc"][1] == "无法读取 unreadable" and by_file["b.doc"][2]   # the reason is given
    assert by_file["c.txt"][1] == "无法读取 unreadable"


def test_no_workbook_for_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    review = tmp_path / "review.xlsx"
    code, _, err = run("check", str(tmp_path / "no-such-folder"), "--summary", str(review))
    assert code == 2 and not review.exists() and "does not exist" in err


def test_money_with_more_than_two_decimals_is_a_located_warning(tmp_path: Path) -> None:
    project = tmp_path / "p.yaml"
    project.write_text("jixiao: 1\nproject: {name: 测试项目}\nfunding:\n  initial: 100\n  adjusted: 100.125\n"
                       "  actual: 99.5\nindicators:\n  - {name: A, weight: 100, score: 100}\n", encoding="utf-8")
    code, out, _ = run("check", str(project), "--select", "JX006")
    assert code == 0
    assert out.startswith(f"{project}:5:3: JX006 warning money-precision funding.adjusted")
    assert "100.13" in out and out.count("JX006") == 1        # 99.5 and 100 have at most 2 places


def test_output_option_writes_the_file(tmp_path: Path) -> None:
    target = tmp_path / "score.json"
    code, out, err = run("score", str(PINGSHAN), "--format", "json", "-o", str(target))
    assert code == 0 and out == "" and str(target) in err
    assert '"total": "98"' in target.read_text("utf-8")
    table = tmp_path / "score.txt"
    assert run("score", str(PINGSHAN), "-o", str(table))[0] == 0
    assert "总分 98/100" in table.read_text("utf-8")


@pytest.mark.parametrize("args", [["schema", "output"], ["rules", "--format", "json"], ["doctor", "--format", "json"]])
def test_every_document_can_go_to_a_file(tmp_path: Path, args: list[str]) -> None:
    import json
    target = tmp_path / "out.json"
    code, out, _ = run(*args, "-o", str(target))
    assert code in (0, 1) and out == ""
    assert json.loads(target.read_text("utf-8"))


@pytest.mark.parametrize("name", list(COMMANDS))
def test_h_still_works_after_a_command_ran_on_its_own(name: str) -> None:
    """click keeps the first help option it builds: a command invoked alone first must keep -h."""
    import importlib
    command = importlib.import_module(COMMANDS[name][0]).command
    assert CliRunner().invoke(command, ["-h"]).exit_code == 0
    assert run(name, "-h")[0] == 0


def test_the_score_tree_keeps_one_row_per_line_when_piped() -> None:
    from testdata import SELFEVAL
    done = subprocess.run([*JIXIAO, "score", str(SELFEVAL)], capture_output=True, text=True, timeout=60,
                          env=subprocess_env(COLUMNS="40"), check=False)
    assert done.returncode == 0, done.stderr
    # 11400 of 12000 planned visits: 95.00% of 15 points, on one line although wider than 40 columns
    row = next(line for line in done.stdout.splitlines() if "居家养老上门服务人次" in line)
    assert row.endswith("实际11400/目标12000=95.00%，15×95.00%=14.25") and len(row) > 40
