"""The checker is core: it imports only the standard library and jixiao.core (style lesson 1)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

CHECKS = Path(__file__).resolve().parents[2] / "src" / "jixiao" / "core" / "checks"


def test_checks_import_only_stdlib_and_core() -> None:
    for path in sorted(CHECKS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:            # relative: .x (checks) or ..x (core) only
                    assert node.level <= 2, f"{path.name} reaches outside jixiao.core"
                    continue
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top in sys.stdlib_module_names or name.startswith("jixiao.core"), f"{path.name} imports {name}"
