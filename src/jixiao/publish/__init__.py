"""Publishing: the 绩效自评报告 (DOCX, PDF, HTML, Markdown) and the 自评表 (XLSX) from the model.

``render`` is what the web app calls for a download; ``write_report`` is what the CLI calls.
Both build one outline (``outline.build_report``) and hand it to a writer per format, so the
figures and the wording are the same in every file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from ..core.findings import Finding
from ..core.model import Project
from ..core.scoring import ScoreCard

FORMATS = ("docx", "pdf", "html", "md", "xlsx")
SUFFIX = {"docx": ".docx", "pdf": ".pdf", "html": ".html", "md": ".md", "xlsx": ".xlsx"}
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}


class PublishError(ValueError):
    """An unknown format or an unusable input; carries a bilingual message."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


def render(project: Project, card: ScoreCard, findings: Sequence[Finding] | None, fmt: str,
           charts: bool = True) -> bytes:
    """One document as bytes: fmt is docx, pdf, html, md or xlsx.

    ``findings`` (from the checker) add a 复核意见 section when given; None leaves it out.
    """
    fmt = fmt.lower().lstrip(".")
    if fmt == "xlsx":
        from .xlsx_layouts import write_xlsx

        return write_xlsx(project, card)
    if fmt not in FORMATS:
        raise PublishError(f"不支持的格式「{fmt}」，可选：{'、'.join(FORMATS)}",
                           f"unknown format '{fmt}'; choose from {', '.join(FORMATS)}")
    from .charts import chart
    from .outline import build_report

    report = build_report(project, card, findings, charts=charts)
    p = card.project

    def chart_bytes(kind: str, kind_fmt: str) -> bytes | None:
        return chart(kind, p, card, kind_fmt)

    if fmt == "docx":
        from .docx_writer import write_docx

        return write_docx(report, chart_bytes if charts else None)
    from .html_writer import write_html, write_markdown

    if fmt == "md":
        return write_markdown(report).encode("utf-8")
    html = write_html(report, chart_bytes if charts else None)
    if fmt == "html":
        return html.encode("utf-8")
    from .pdf_writer import html_to_pdf

    return html_to_pdf(html)


def report_stem(project: Project) -> str:
    year = f"{project.year}-" if project.year else ""
    safe = "".join(ch for ch in project.name if ch not in '\\/:*?"<>|').strip() or "report"
    return f"{year}{safe}"


def write_report(project: Project, card: ScoreCard, findings: Sequence[Finding] | None, out_dir: Path,
                 formats: Iterable[str], charts: bool = True) -> list[Path]:
    """Write each format to ``out_dir`` as 年份-项目名-绩效自评报告.* (自评表 for XLSX); return the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = report_stem(project)
    written = []
    for fmt in formats:
        data = render(project, card, findings, fmt, charts=charts)
        kind = "绩效自评表" if fmt == "xlsx" else "绩效自评报告"
        path = out_dir / f"{stem}-{kind}{SUFFIX[fmt]}"
        path.write_bytes(data)
        written.append(path)
    return written


__all__ = ["FORMATS", "MEDIA_TYPES", "PublishError", "render", "write_report"]
