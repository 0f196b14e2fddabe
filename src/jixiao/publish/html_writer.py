"""HTML (self-contained: inline CSS, inline SVG charts) and Markdown from the report outline.

The HTML is also the source of the PDF (WeasyPrint), so its stylesheet carries the paged
media rules: A4 with GB/T 9704 margins, the page number in the footer, and table headers
repeated on every page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from itertools import pairwise

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


def _body_groups(grid: Grid) -> list[list[list[Cell | None]]]:
    """Body rows cut at ``grid.groups``: each group is its own tbody that the PDF keeps on one page."""
    starts = sorted(set(grid.groups) | {0}) if grid.groups else [0]
    bounds = [*starts, len(grid.body)]
    return [grid.body[a:b] for a, b in pairwise(bounds) if b > a]


def _signature_pad(unit: str, signed: str) -> str:
    """Right padding (em) that centres the signing unit over the date, which sits 4 characters in."""
    def width(text: str) -> float:
        return sum(1.0 if ord(c) > 0x2E80 else 0.5 for c in text)

    return f"{max(0.0, 4 + (width(signed) - width(unit)) / 2):.2f}em"


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
    env.globals.update(spans=_spans, widths=_widths, pipe_rows=_pipe_rows, body_groups=_body_groups,
                       signature_pad=_signature_pad)
    env.filters["md"] = _md_text
    return env


@lru_cache(maxsize=1)
def stylesheet() -> str:
    css = _env().get_template("report.css")
    return css.render(body_font=fonts.css_stack("body"), hei_font=fonts.css_stack("heading1"),
                      kai_font=fonts.css_stack("heading2"), title_font=fonts.css_stack("title"),
                      title_weight=fonts.css_weight("title"), font_faces=Markup(fonts.css_font_faces()),
                      letter_spacing="-0.25pt")   # 28 characters a line, as docx_writer.CHAR_SPACING_TWIPS


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
