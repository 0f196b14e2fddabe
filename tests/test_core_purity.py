"""The layer contracts in pyproject.toml ([tool.importlinter]) hold, and would catch a breach.

The contracts (import-linter) see every import, relative ones included; the second test plants
``from ..io import loading`` inside a core package of a scratch project to show that they fail.
"""

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "src" / "jixiao" / "core"
LINT = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")

pytestmark = pytest.mark.skipif(LINT is None, reason="import-linter is not installed")


def _lint(config: Path, src: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run([str(LINT), "--no-cache", str(config)], capture_output=True, text=True,
                          env=env, cwd=config.parent, timeout=120, check=False)


def test_the_project_keeps_its_contracts() -> None:
    done = _lint(ROOT / "pyproject.toml", ROOT / "src")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "BROKEN" not in done.stdout and done.stdout.count("KEPT") >= 3


def test_a_relative_import_out_of_core_breaks_the_contract(tmp_path: Path) -> None:
    pkg = tmp_path / "src" / "jixiao"
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    contracts = [c for c in config["contracts"] if c["type"] == "forbidden"]
    modules = {m for c in contracts for m in c["forbidden_modules"] if m.startswith("jixiao.")}
    files = {"__init__": "", "core/__init__": "from ..io import loading\n", "io/loading": "import os\n",
             **{m.removeprefix("jixiao.").replace(".", "/") + "/__init__": "" for m in modules}}
    for name, text in files.items():
        path = pkg / f"{name}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    lines = ["[tool.importlinter]", 'root_package = "jixiao"', "include_external_packages = true"]
    for c in contracts:     # the project's own forbidden lists, applied to the scratch package
        lines += ["[[tool.importlinter.contracts]]", f"name = {c['name']!r}", 'type = "forbidden"',
                  f"source_modules = {c['source_modules']!r}", f"forbidden_modules = {c['forbidden_modules']!r}"]
    (tmp_path / "pyproject.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = _lint(tmp_path / "pyproject.toml", tmp_path / "src")
    assert done.returncode != 0 and "BROKEN" in done.stdout
    assert "jixiao.core -> jixiao.io" in done.stdout or "jixiao.io.loading -> os" in done.stdout


def test_core_does_not_call_open_or_print() -> None:
    offenders = []
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"open", "print", "input"}:
                offenders.append(f"{path.name}:{node.lineno} {node.func.id}()")
    assert not offenders, offenders
