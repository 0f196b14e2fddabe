"""The core imports nothing from the outer layers; checked on the source, so it cannot drift."""

import ast
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "src" / "jixiao" / "core"
ALLOWED_STDLIB = set(sys.stdlib_module_names) - {
    "io", "os", "pathlib", "shutil", "subprocess", "socket", "sqlite3", "urllib", "http", "tempfile",
    "glob", "zipfile", "tarfile", "pickle", "multiprocessing", "concurrent", "asyncio", "threading",
}


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text("utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module.split(".")[0]))
    return found


def test_core_imports_only_pure_stdlib() -> None:
    files = sorted(CORE.rglob("*.py"))
    assert files
    offenders = [f"{p.relative_to(CORE)}:{line} imports {name}"
                 for p in files for line, name in _imports(p)
                 if name not in ALLOWED_STDLIB and name != "__future__"]
    assert not offenders, offenders


def test_core_does_not_call_open_or_print() -> None:
    offenders = []
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"open", "print", "input"}:
                offenders.append(f"{path.name}:{node.lineno} {node.func.id}()")
    assert not offenders, offenders
