"""`make demo` (scripts/demo.sh): clean output, the expected findings said to be expected, the outputs
listed and present, then the web app with demo data. `serve` is replaced by a stub that returns."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from testdata import ROOT


@pytest.mark.slow
def test_demo_runs_clean_and_says_where_everything_went(tmp_path: Path) -> None:
    work = tmp_path / "checkout"
    (work / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "demo.sh", work / "scripts" / "demo.sh")
    shutil.copytree(ROOT / "src" / "jixiao" / "examples", work / "examples")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    stub = bin_dir / "jixiao"
    stub.write_text(f'#!/bin/sh\nif [ "$1" = serve ]; then echo "SERVE $*"; exit 0; fi\n'
                    f'exec "{sys.executable}" -m jixiao.cli.main "$@"\n', encoding="utf-8")
    stub.chmod(0o755)
    env = {**os.environ, "BIN": str(bin_dir), "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(["bash", "scripts/demo.sh"], cwd=work, env=env, capture_output=True, text=True,
                          timeout=300, check=False)
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    assert "Error" not in out.replace("errors", "").replace("错误", "") and "Traceback" not in out
    assert "These findings are expected" in out                  # the example's defects, said so
    assert "Glyph" not in out and "missing from" not in out      # fonts come before any chart
    listed = [line.strip() for line in done.stdout.splitlines() if line.startswith("  out/")]
    assert {Path(p).suffix for p in listed} == {".docx", ".html", ".xlsx"}
    assert all((work / p).is_file() for p in listed)
    assert "SERVE serve --demo --data-dir data" in done.stdout
