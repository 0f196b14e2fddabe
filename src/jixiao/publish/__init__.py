"""Publishing: the 绩效自评报告 (DOCX, PDF, HTML, Markdown) and the 自评表 (XLSX) from the model.

``render`` is what the web app calls for a download; ``write_report`` is what the CLI calls.
Both build one outline (``outline.build_report``) and hand it to a writer per format, so the
figures and the wording are the same in every file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.findings import Finding
from ..core.model import Project
from ..core.scoring import ScoreCard

if TYPE_CHECKING:
    from .outline import Report

ChartSource = Callable[[str, str], bytes | None]

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


def signed_date(on: date | None = None) -> str:
    """落款 date in Chinese: 2024年3月5日 (GB/T 9704 writes it without leading zeros)."""
    on = on or date.today()
    return f"{on.year}年{on.month}月{on.day}日"


def _check_inputs(project: Project, card: ScoreCard, fmt: str, charts: bool) -> None:
    from .fonts import MissingFonts, require_cjk
    from .gaps import gaps_message, refuse_draft

    gaps = refuse_draft(card.project, card)
    if gaps:
        raise PublishError(*gaps_message(gaps))
    if fmt == "pdf" or (charts and fmt in ("docx", "html")):
        try:
            require_cjk()   # before drawing: never a document of empty boxes
        except MissingFonts as exc:
            raise PublishError(exc.zh, exc.en) from exc


def render(project: Project, card: ScoreCard, fmt: str, charts: bool = False,
           signed: date | None = None) -> bytes:
    """One document as bytes: fmt is docx, pdf, html, md or xlsx.

    The department's report never carries the checker's findings, so it takes none;
    ``render_review`` writes the 复核意见. A draft that lacks facts the report must state raises
    ``PublishError`` listing them. Charts are off by default, as they are not customary in a 自评报告.
    """
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise PublishError(f"不支持的格式「{fmt}」，可选：{'、'.join(FORMATS)}",
                           f"unknown format '{fmt}'; choose from {', '.join(FORMATS)}")
    _check_inputs(project, card, fmt, charts)
    if fmt == "xlsx":
        from .xlsx_layouts import write_xlsx

        return write_xlsx(project, card)
    from .outline import build_report

    report = build_report(project, card, None, charts=charts, signed=signed_date(signed), signed_on=signed)
    return _write(report, fmt, _chart_source(card) if charts else None)


def _chart_source(card: ScoreCard) -> ChartSource:
    from .charts import chart

    def chart_bytes(kind: str, kind_fmt: str) -> bytes | None:
        return chart(kind, card.project, card, kind_fmt)

    return chart_bytes


def _write(report: Report, fmt: str, charts: ChartSource | None) -> bytes:
    if fmt == "docx":
        from .docx_writer import write_docx

        return write_docx(report, charts)
    from .html_writer import write_html, write_markdown

    if fmt == "md":
        return write_markdown(report).encode("utf-8")
    html = write_html(report, charts)
    if fmt == "html":
        return html.encode("utf-8")
    from .pdf_writer import html_to_pdf

    return html_to_pdf(html)


REVIEW_FORMATS = ("docx", "pdf", "html", "md")


def render_review(project: Project, findings: Sequence[Finding], fmt: str, signed: date | None = None) -> bytes:
    """The 复核意见 as its own document (docx, pdf, html or md)."""
    from .review import build_review

    fmt = fmt.lower().lstrip(".")
    if fmt not in REVIEW_FORMATS:
        raise PublishError(f"复核意见不支持「{fmt}」格式，可选：{'、'.join(REVIEW_FORMATS)}",
                           f"the review cannot be written as '{fmt}'; choose from {', '.join(REVIEW_FORMATS)}")
    if fmt == "pdf":
        from .fonts import MissingFonts, require_cjk

        try:
            require_cjk()
        except MissingFonts as exc:
            raise PublishError(exc.zh, exc.en) from exc
    return _write(build_review(project, findings, signed_date(signed)), fmt, None)


def report_stem(project: Project) -> str:
    year = f"{project.year}-" if project.year else ""
    safe = "".join(ch for ch in project.name if ch not in '\\/:*?"<>|').strip() or "report"
    return f"{year}{safe}"


def write_report(project: Project, card: ScoreCard, findings: Sequence[Finding] | None, out_dir: Path,
                 formats: Iterable[str], charts: bool = False, signed: date | None = None) -> list[Path]:
    """Write 年份-项目名-绩效自评报告.* (自评表 for XLSX) to ``out_dir``; return the paths.

    With ``findings`` (not None) each report format also gets 年份-项目名-复核意见.* beside it.
    Every document is rendered before any is written, so a refused draft leaves no files.
    """
    stem = report_stem(project)
    wanted = list(formats)
    outputs: list[tuple[str, bytes]] = []
    for fmt in wanted:
        kind = "绩效自评表" if fmt == "xlsx" else "绩效自评报告"
        outputs.append((f"{stem}-{kind}{SUFFIX[fmt]}", render(project, card, fmt, charts, signed)))
    if findings is not None:
        for fmt in [f for f in wanted if f in REVIEW_FORMATS] or ["docx"]:
            outputs.append((f"{stem}-复核意见{SUFFIX[fmt]}", render_review(card.project, findings, fmt, signed)))
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in outputs:
        path = out_dir / name
        path.write_bytes(data)
        written.append(path)
    return written


__all__ = ["FORMATS", "MEDIA_TYPES", "REVIEW_FORMATS", "PublishError", "render", "render_review", "signed_date",
           "write_report"]
