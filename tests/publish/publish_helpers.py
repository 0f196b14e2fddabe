"""Helpers for the publishing tests (pytest puts this folder on sys.path)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PINGSHAN = ROOT / "examples" / "pingshan-2021-zhaoshang.yaml"
SELFEVAL = next(iter(sorted((ROOT / "examples").glob("*selfeval*.yaml"))), None)


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed")
    return path


def run(*args: str, timeout: int = 180) -> str:
    return subprocess.run(args, check=True, capture_output=True, timeout=timeout, text=True).stdout


def pdf_text(pdf: Path) -> str:
    return run(need("pdftotext"), "-layout", str(pdf), "-")


def pdf_fonts(pdf: Path) -> list[list[str]]:
    """pdffonts rows split on whitespace (name, type…, emb, sub, uni, object, id)."""
    lines = run(need("pdffonts"), str(pdf)).splitlines()[2:]
    return [line.split() for line in lines if line.strip()]


def pdf_pages(pdf: Path) -> int:
    info = run(need("pdfinfo"), str(pdf))
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def docx_to_pdf(docx: Path, out_dir: Path) -> Path:
    run(need("soffice"), "--headless", "--convert-to", "pdf", "--outdir", str(out_dir), str(docx))
    return out_dir / (docx.stem + ".pdf")
