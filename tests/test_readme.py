"""The README's promises that code can check: its demo users, its two commands, CI running them."""

from __future__ import annotations

from testdata import ROOT

README = (ROOT / "README.md").read_text("utf-8")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = [line for line in (ROOT / ".ci" / "run").read_text("utf-8").splitlines()
          if line.strip() and not line.startswith("#") and not line.startswith(("set ", "cd "))]
    assert ci == ["make test", "make lint"]
    assert "make test " in README and "make demo " in README


def test_make_test_runs_the_postgresql_pass_through_the_throwaway_script() -> None:
    makefile = (ROOT / "Makefile").read_text("utf-8")
    target = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "scripts/with_postgres.py" in target and "5432" not in makefile
    assert "lint-imports" in makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
