"""The registry is the single source of rule metadata: every emitted code is registered and
documented, and docs/rules-catalogue.md is exactly what ``jixiao rules --format markdown`` prints."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from click.testing import CliRunner

from jixiao.cli.rules import command, markdown
from jixiao.core.checks import RULES
from jixiao.core.checks.registry import BY_CODE

SRC = Path(__file__).resolve().parents[2] / "src" / "jixiao"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules-catalogue.md"
CODE = re.compile(r"^JX\d{3}$")


def _emitted_codes(folder: Path) -> set[str]:
    """String literals that look like finding codes in the checker and the scoring engine."""
    found = set()
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.match(node.value):
                found.add(node.value)
    return found


def test_every_emitted_code_is_registered() -> None:
    checker = _emitted_codes(SRC / "core" / "checks")
    scoring = _emitted_codes(SRC / "core")
    loaders = _emitted_codes(SRC / "io") | _emitted_codes(SRC / "readers")
    assert checker - set(BY_CODE) == set()
    assert scoring - set(BY_CODE) == set(), "scoring emits a code the catalogue does not document"
    assert loaders - set(BY_CODE) == set(), "a loader or reader emits a code the catalogue does not document"


def test_registry_entries_are_complete_and_unique() -> None:
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.slug for r in RULES}) == len(RULES)
    for r in RULES:
        assert CODE.match(r.code) and re.match(r"^[a-z0-9-]+$", r.slug), r
        assert r.title and r.title_en and r.example, f"{r.code} lacks docs"


def test_issue_slugs_exist() -> None:
    wanted = {"weights-mismatch", "score-exceeds-weight", "stated-total-mismatch", "stated-grade-mismatch",
              "execution-rate-mismatch", "budget-adjustment-unexplained", "funding-sources-mismatch",
              "target-missing-actual", "deduction-without-reason", "inflated-score", "target-overachieved",
              "tier-band-violation", "unit-mismatch", "rate-claim-mismatch", "figure-conflict", "duplicate-text",
              "section-missing", "problem-without-measure", "internal-error"}
    assert wanted <= {r.slug for r in RULES}


def test_docs_page_is_generated_from_registry() -> None:
    assert DOCS.read_text(encoding="utf-8") == markdown(), "regenerate: jixiao rules --format markdown > docs/rules-catalogue.md"
    for r in RULES:
        assert f"`{r.slug}`" in markdown()


def test_rules_command_lists_every_rule() -> None:
    out = CliRunner().invoke(command, []).output
    for r in RULES:
        assert r.code in out and r.slug in out
