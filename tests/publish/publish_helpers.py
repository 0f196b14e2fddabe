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


def fonts_conf(folder: Path) -> Path:
    """The fontconfig file that maps 仿宋_GB2312 & co. to the installed substitutes (see fonts.py)."""
    from jixiao.publish import fonts

    conf = folder / "fonts.conf"
    conf.write_text(fonts.fontconfig_conf(), encoding="utf-8")
    return conf


def office_to_pdf(doc: Path, out_dir: Path, conf: Path) -> Path:
    """DOCX or XLSX through LibreOffice, with the 公文 substitutes the user's fontconfig would map."""
    # a private profile: a LibreOffice already running under this user (another test run) would
    # otherwise take the conversion over, with its own fonts, or mix up the output
    profile = (out_dir / ".lo-profile").resolve().as_uri()
    subprocess.run([need("soffice"), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out_dir), str(doc)], check=True, capture_output=True, timeout=240,
                   env=fonts_env(conf))
    return out_dir / (doc.stem + ".pdf")


def fonts_env(conf: Path) -> dict[str, str]:
    import os

    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


def html_to_pdf_browser(html: Path, out: Path) -> Path:
    """The HTML as a browser prints it (Chromium honours the same @page rules)."""
    subprocess.run([need("chromium"), "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={out}", html.as_uri()], check=True, capture_output=True, timeout=240)
    return out


def page_words(pdf: Path) -> list[tuple[float, float, list[tuple[str, float, float, float, float]]]]:
    """Per page: (width, height, [(word, xMin, yMin, xMax, yMax)]) from pdftotext -bbox, in points."""
    import html as html_lib
    import re

    text = run(need("pdftotext"), "-bbox", str(pdf), "-")
    pages = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', text, re.S):
        words = [(html_lib.unescape(w.group(5)), float(w.group(1)), float(w.group(2)), float(w.group(3)),
                  float(w.group(4)))
                 for w in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                                      r"(.*?)</word>", page.group(3))]
        pages.append((float(page.group(1)), float(page.group(2)), words))
    return pages


def contact_sheet(pdf: Path, out: Path, dpi: int = 60, columns: int = 4) -> Path:
    """All pages of ``pdf`` side by side in one PNG (what docs/rendered/ keeps)."""
    import tempfile

    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        run(need("pdftoppm"), "-r", str(dpi), "-png", str(pdf), f"{folder}/page")
        images = [Image.open(p).copy() for p in sorted(Path(folder).glob("page-*.png"))]
    w, h = max(i.width for i in images), max(i.height for i in images)
    cols = min(columns, len(images))
    sheet = Image.new("RGB", (w * cols, h * (-(-len(images) // cols))), "white")
    for k, image in enumerate(images):
        sheet.paste(image, ((k % cols) * w, (k // cols) * h))
    sheet.convert("L").quantize(colors=16).save(out, optimize=True)   # grey, 16 levels: ~5x smaller
    return out


def scoring_tables(doc: object) -> list:
    """The scoring table's parts: a long one is a frame whose rows each hold one nested table
    (the header, then one per group), a short one is itself the only part."""
    for table in doc.tables:  # type: ignore[attr-defined]
        parts = [row.cells[0].tables[0] for row in table.rows] if table.rows[0].cells[0].tables else [table]
        if parts[0].rows[0].cells[0].text == "一级指标":
            return parts
    raise AssertionError("no scoring table")
