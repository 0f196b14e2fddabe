"""HTML (self-contained: inline CSS, inline SVG charts) and Markdown from the report outline.

The HTML is also the source of the PDF (WeasyPrint), so its stylesheet carries the paged
media rules: A4 with GB/T 9704 margins, the page number in the footer, and table headers
repeated on every page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from . import fonts
from .outline import Figure, Report
from .tables import Cell, Grid

ChartSource = Callable[[str, str], bytes | None]
_SVG_START = re.compile(r"<svg\b")


def _spans(cell: Cell) -> Markup:
    attrs = ""
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    if cell.align != "center":
        attrs += f' class="{escape(cell.align)}"'
    return Markup(attrs)


def _widths(grid: Grid) -> list[str]:
    total = sum(grid.widths) or 1
    return [f"{100 * w / total:.1f}" for w in grid.widths]


def _md_text(text: str) -> str:
    """Escape what Markdown would read as markup at the start of a paragraph or inside a table."""
    text = text.replace("|", "\\|")
    return re.sub(r"^(\d+)\. ", r"\1\\. ", text)


def _pipe_rows(grid: Grid) -> list[str]:
    """A pipe table: merged cells print once (first row/column), covered cells stay empty."""
    def line(row: list[Cell | None]) -> str:
        return "| " + " | ".join(_md_text(c.text) if c else "" for c in row) + " |"

    rows = [line(r) for r in grid.head]
    if not rows:
        rows = ["| " + " | ".join("" for _ in range(grid.columns)) + " |"]
    rows.append("|" + "|".join("---" for _ in range(grid.columns)) + "|")
    rows += [line(r) for r in [*grid.body, *grid.foot]]
    return rows


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=PackageLoader("jixiao.publish", "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=False, lstrip_blocks=False,
                      keep_trailing_newline=True)
    env.globals.update(spans=_spans, widths=_widths, pipe_rows=_pipe_rows)
    env.filters["md"] = _md_text
    return env


@lru_cache(maxsize=1)
def stylesheet() -> str:
    css = _env().get_template("report.css")
    return css.render(body_font=fonts.CSS_BODY, hei_font=fonts.CSS_HEI, kai_font=fonts.CSS_KAI,
                      title_font=fonts.CSS_TITLE)


def inline_svg(data: bytes) -> str:
    """Matplotlib's SVG without the XML prolog, ready to sit inside the HTML body."""
    text = data.decode("utf-8")
    match = _SVG_START.search(text)
    return text[match.start():] if match else ""


def write_html(report: Report, chart_svg: ChartSource | None = None) -> str:
    charts: dict[str, Markup] = {}
    if chart_svg is not None:
        for block in report.blocks:
            if isinstance(block, Figure):
                data = chart_svg(block.chart, "svg")
                if data:
                    charts[block.chart] = Markup(inline_svg(data))
    return _env().get_template("report.html").render(report=report, charts=charts, css=Markup(stylesheet()))


def write_markdown(report: Report) -> str:
    return _env().get_template("report.md").render(report=report)
