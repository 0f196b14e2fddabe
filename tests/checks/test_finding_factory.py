"""One finding factory: every finding the package makes goes through ``registry.issue``.

The scan reads the source of the whole package (web included) rather than trusting a list of
modules, so a new hand-written ``Finding("JX…", "slug", Severity…)`` anywhere fails here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import jixiao
from jixiao.core.findings import Severity
from jixiao.core.registry import BY_CODE, issue

PACKAGE = Path(jixiao.__file__).parent
FACTORY_HOMES = {"core/registry.py", "core/findings.py"}


def _sources() -> list[tuple[str, ast.Module]]:
    return [(str(p.relative_to(PACKAGE)), ast.parse(p.read_text(encoding="utf-8")))
            for p in sorted(PACKAGE.rglob("*.py")) if "migrations" not in p.parts]


def test_no_module_constructs_a_finding_by_hand() -> None:
    offenders = []
    for rel, tree in _sources():
        if rel in FACTORY_HOMES:
            continue
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Finding"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                offenders.append(f"{rel}:{node.lineno}")
    assert not offenders, f"use jixiao.core.registry.issue(): {offenders}"


def test_every_code_named_in_the_package_is_registered() -> None:
    code = re.compile(r"^JX\d{3}$")
    unknown = []
    for rel, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and code.match(node.value) \
                    and node.value not in BY_CODE:
                unknown.append(f"{rel}:{node.lineno} {node.value}")
    assert not unknown, unknown


def test_factory_takes_slug_and_severity_from_the_registry() -> None:
    f = issue("JX005", "未找到评分表", "no scoring table")
    assert (f.slug, f.severity) == ("read-partial", BY_CODE["JX005"].severity)
    assert issue("JX204", "a", "b").severity is Severity.WARNING
    assert issue("JX005", "a", "b", severity=Severity.WARNING).severity is Severity.WARNING
    with pytest.raises(KeyError):
        issue("JX999", "a", "b")
