"""``jixiao doctor``: what this machine has and lacks for each feature, with the fix for each gap.

Each check is a function in ``CHECKS`` returning a ``Check``; to add one (say, for a new
converter), write a function and append it to the list. A check never raises and never
installs anything: it looks, and says what to run.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import click

from ..io.serialize import dump_json
from .output import CONTEXT, emit, output_option, pipe_guard

OK, MISSING, NOTE = "ok", "missing", "note"
_MARK = {OK: ("✓", "green"), MISSING: ("✗", "red"), NOTE: ("·", "yellow")}


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    status: str              # ok | missing | note (optional, or nothing to check)
    detail: str              # what was found, or what is missing
    needed_for: str          # which feature needs it
    fix: str = ""            # the command or step that provides it


def check_python() -> Check:
    version = ".".join(map(str, sys.version_info[:3]))
    ok = sys.version_info >= (3, 11)
    return Check("Python ≥ 3.11", OK if ok else MISSING, f"Python {version} ({sys.executable})", "everything",
                 "" if ok else "install Python 3.11 or newer (apt-get install python3.11)")


def check_examples() -> Check:
    folder = Path(__file__).resolve().parent.parent / "examples"
    found = sorted(p.name for p in folder.glob("*.yaml"))
    if found:
        return Check("Bundled examples", OK, f"{folder} ({', '.join(found)})", "trying jixiao out, serve --demo")
    return Check("Bundled examples", MISSING, f"no example project files in {folder}", "serve --demo",
                 "reinstall jixiao (pip install --force-reinstall jixiao)")


def check_cjk_fonts() -> Check:
    from ..publish import fonts

    if not fonts.have_cjk() or fonts.cjk_font_file() is None:
        return Check("CJK fonts", MISSING, "no Chinese font found (fc-list :lang=zh)", "PDF reports and chart text "
                     "(without them `jixiao report` refuses the PDF rather than print boxes)",
                     "sudo apt-get install fonts-noto-cjk")
    lines = [text for _, text in fonts.report()]
    return Check("CJK fonts", OK, "; ".join(lines), "PDF reports and chart text (仿宋/楷体/黑体/小标宋 substitutes)")


def check_gongwen_faces() -> Check:
    """仿宋 and 楷体 substitutes: without them the PDF falls back to Song, readable but not 公文 style."""
    from ..publish import fonts

    lacking = [fonts.FACES[r] for r in ("body", "heading2")
               if (c := fonts.choose(r)) is None or c.family.startswith(("Noto", "Source Han"))]
    if not lacking:
        return Check("公文 faces (仿宋, 楷体)", OK, "substitutes installed", "PDF body and （一） headings")
    packages = " ".join(dict.fromkeys(f.package for f in lacking))
    return Check("公文 faces (仿宋, 楷体)", NOTE, "no " + "/".join(f.label for f in lacking) + " substitute; "
                 "the PDF uses 宋体 (Noto Serif) instead", "PDF body and （一） headings",
                 f"sudo apt-get install {packages}")


def check_libreoffice() -> Check:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return Check("LibreOffice", OK, found, "reading .doc/.wps/.et/.rtf; DOCX/XLSX to PDF in tests")
    return Check("LibreOffice", MISSING, "soffice is not on PATH", "reading .doc/.wps/.et/.rtf; DOCX/XLSX to PDF "
                 "in tests", "sudo apt-get install --no-install-recommends libreoffice-writer-nogui "
                 "libreoffice-calc-nogui")


def check_postgresql() -> Check:
    url = os.environ.get("DATABASE_URL")
    needed = "the web app in production (DATABASE_URL)"
    if not url:
        return Check("PostgreSQL connection", NOTE, "DATABASE_URL is not set: the web app uses SQLite in its "
                     "data directory", needed, "set DATABASE_URL=postgresql://USER@HOST:5432/NAME for production")
    try:
        import psycopg
        with psycopg.connect(url, connect_timeout=5) as conn:
            version = conn.execute("show server_version").fetchone()
        return Check("PostgreSQL connection", OK, f"DATABASE_URL answers (server {version[0] if version else '?'})",
                     needed)
    except Exception as exc:   # any failure to connect is the finding itself
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return Check("PostgreSQL connection", MISSING, f"DATABASE_URL does not answer: {reason}", needed,
                     "start the server, or fix the host, port, user or database name in DATABASE_URL")


def check_postgresql_server() -> Check:
    found = shutil.which("initdb") or next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))), None)
    needed = "the PostgreSQL pass of make test (a throwaway server)"
    if found:
        return Check("PostgreSQL server binaries", OK, str(found), needed)
    return Check("PostgreSQL server binaries", NOTE, "initdb not found: make test runs the SQLite pass only",
                 needed, "sudo apt-get install postgresql")


def check_ocr_models() -> Check:
    spec = importlib.util.find_spec("rapidocr_onnxruntime")
    needed = "reading scanned PDFs and images (OCR)"
    if spec is None:
        return Check("OCR models", MISSING, "rapidocr_onnxruntime is not installed", needed,
                     "pip install rapidocr-onnxruntime")
    folders = [Path(p) / "models" for p in (spec.submodule_search_locations or [])]
    models = sorted(m.name for folder in folders if folder.is_dir() for m in folder.glob("*.onnx"))
    if not models:
        return Check("OCR models", MISSING, "rapidocr_onnxruntime has no .onnx models", needed,
                     "pip install --force-reinstall rapidocr-onnxruntime")
    if importlib.util.find_spec("onnxruntime") is None:
        return Check("OCR models", MISSING, "onnxruntime is not installed", needed, "pip install onnxruntime")
    if importlib.util.find_spec("onnx") is None:   # OCR works, at about 1.6x the recognition time
        return Check("OCR models", NOTE, ", ".join(models) + "; onnx is not installed: the models run as shipped, "
                     "without the leaner rewritten graphs", needed, "pip install onnx")
    return Check("OCR models", OK, ", ".join(models) + " (leaner graphs: onnx)", needed)


def check_weasyprint() -> Check:
    try:
        import weasyprint
    except Exception as exc:   # OSError when pango is missing, ImportError when the wheel is
        return Check("WeasyPrint (pango)", MISSING, f"{type(exc).__name__}: {str(exc)[:120]}", "PDF reports",
                     "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0")
    return Check("WeasyPrint (pango)", OK, f"WeasyPrint {weasyprint.__version__}", "PDF reports")


def check_ocr_cache() -> Check:
    from ..pipeline import ocr_status

    needed = "checking a folder of scans again without recognising them again"
    why, folder = ocr_status()
    if why is not None:
        return Check("OCR", MISSING if "installed" in why else NOTE, why, "reading scanned PDFs and images",
                     "pip install rapidocr-onnxruntime" if "installed" in why else "unset JIXIAO_OCR")
    if folder is None:
        return Check("OCR cache", NOTE, "JIXIAO_OCR_CACHE=off: every check recognises scans again", needed,
                     "unset JIXIAO_OCR_CACHE, or set it to a folder")
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not os.access(probe, os.W_OK):
        return Check("OCR cache", MISSING, f"{folder} is not writable", needed,
                     "set JIXIAO_OCR_CACHE to a writable folder")
    entries = list(folder.glob("*.json")) if folder.is_dir() else []
    size = sum(e.stat().st_size for e in entries) / 1048576
    return Check("OCR cache", OK, f"{folder} ({len(entries)} pages, {size:.1f} MB)", needed)


CHECKS: list[Callable[[], Check]] = [check_python, check_examples, check_cjk_fonts, check_gongwen_faces,
                                     check_weasyprint, check_libreoffice,
                                     check_ocr_models, check_ocr_cache, check_postgresql, check_postgresql_server]
"""Every check ``jixiao doctor`` runs, in order. Append a function to add one."""


def run_checks() -> list[Check]:
    out = []
    for check in CHECKS:
        try:
            out.append(check())
        except Exception as exc:   # a broken check is reported, never the end of the report
            out.append(Check(check.__name__, MISSING, f"the check failed: {type(exc).__name__}: {exc}", "?"))
    return out


@click.command(context_settings=CONTEXT, help="""检查本机环境：字体、LibreOffice、PostgreSQL、OCR 模型等，并给出缺失项的解决办法。
/ report what this machine has and lacks (CJK fonts, LibreOffice, PostgreSQL, OCR models), with the fix.

\b
例 examples:
  jixiao doctor
  jixiao doctor --format json -o doctor.json

\b
退出码 exit codes: 0 无缺失 nothing missing; 1 有缺失项 something is missing (see the fixes).""")
@click.option("--format", "fmt_", type=click.Choice(["text", "json"]), default="text", show_default=True)
@output_option()
def command(fmt_: str, output: Path | None) -> None:
    checks = run_checks()
    missing = [c for c in checks if c.status == MISSING]
    if fmt_ == "json":
        emit(dump_json({"checks": [asdict(c) for c in checks], "missing": len(missing)}), output)
    else:
        lines: list[tuple[str, str | None]] = []
        for c in checks:
            mark, shade = _MARK[c.status]
            lines.append((f"{mark} {c.name}: {c.detail}", shade))
            lines.append((f"    用于 needed for: {c.needed_for}", None))
            if c.status != OK and c.fix:
                lines.append((f"    解决 fix: {c.fix}", None))
        summary = (f"{len(missing)} 项缺失 missing" if missing else "全部就绪 everything is present")
        if output is not None:
            emit("\n".join([text for text, _ in lines] + [summary]), output)
        else:
            with pipe_guard():
                for text, colour in lines:
                    click.secho(text, fg=colour)
                click.echo(summary)
    sys.exit(1 if missing else 0)
