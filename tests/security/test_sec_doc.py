"""docs/security.md keeps its word: every promise names tests that exist, every limit is the code's value."""

from __future__ import annotations

import ast
import importlib
import re
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "security.md").read_text("utf-8")
UNITS = {"MB": 1024 * 1024, "minutes": 60}


def _promises() -> list[str]:
    return re.split(r"\n(?=- \*\*P\d+ )", DOC)[1:]


def test_every_promise_names_a_test() -> None:
    promises = _promises()
    assert len(promises) >= 17
    for promise in promises:
        assert re.search(r"\(test: [^)]+\)", promise), promise[:80]


def test_every_named_test_exists() -> None:
    for path, name in re.findall(r"\(test: ([\w/.]+)::(\w+)\)", DOC):
        source = ROOT / path
        assert source.is_file(), path
        defined = {n.name for n in ast.walk(ast.parse(source.read_text("utf-8"))) if isinstance(n, ast.FunctionDef)}
        assert name in defined, f"{path}::{name}"


def _value(dotted: str) -> object:
    if dotted.startswith("jixiao.web.settings."):
        import os
        import tempfile
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
        os.environ.setdefault("JIXIAO_DATA_DIR", tempfile.mkdtemp(prefix="jixiao-doc-"))   # never ~/.local
        from django.conf import settings
        return getattr(settings, dotted.rsplit(".", 1)[1])
    module, name = dotted.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)


def test_limits_table_matches_the_code() -> None:
    rows = re.findall(r"^\| [^|]+ \| ([\d]+)(?: (MB|minutes))? \| `([\w.]+)` \|$", DOC, re.M)
    assert len(rows) >= 15
    for number, unit, dotted in rows:
        expected = int(number) * UNITS.get(unit, 1)
        actual = _value(dotted)
        if isinstance(actual, timedelta):
            actual = int(actual.total_seconds())
        assert actual == expected, (dotted, actual, expected)
