"""The 自评表 as XLSX: the 财预〔2020〕10号 layout, or the seed's 评分表 layout, with live totals.

Totals are formulas (SUM of the leaf scores, the grade from the policy's bands), so a user
who changes a score in Excel sees 总分 and 等级 follow. openpyxl cannot store a formula's
result, so we add the computed results to the saved file (``cached``): Excel, WPS and
LibreOffice show them at once, and readers that do not evaluate formulas still see totals.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from xml.sax.saxutils import escape as xml_escape

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.numbers import BUILTIN_FORMATS_MAX_SIZE, BUILTIN_FORMATS_REVERSE
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

from ..core import field_labels as fl
from ..core.model import Amounts, Project, RuleKind
from ..core.money import sum_or_none
from ..core.rules import Status
from ..core.scoring import ScoreCard, ScoredNode
from ..io.xlsx_cells import Formula, assign
from . import ooxml_zip

_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
FONT = Font(name="宋体", size=10)
BOLD = Font(name="宋体", size=10, bold=True)
TITLE = Font(name="黑体", size=16)
SUBTITLE = Font(name="宋体", size=12)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
MONEY = "0.00"
PERCENT = '0.00"%"'   # the cell holds 99.8, shown 99.80%: the number a reader expects next to 执行率
# 5 → 5, 4.5 → 4.5, 14.86 → 14.86: "General" (scores are already rounded to 2 places). "0.##" would
# show "10." in Excel and WPS, which keep the decimal point when no decimals follow.
SCORE = "General"


@dataclass
class Sheet:
    """A worksheet with the helpers the two layouts share, and the formula results to cache.

    Styles are built once per combination and copied as openpyxl ``StyleArray``s, and merged
    ranges are registered directly: openpyxl's per-cell style hashing and ``merge_cells``
    bookkeeping otherwise cost more than the rest of the workbook together.
    """

    ws: Worksheet
    cached: dict[str, object] = field(default_factory=dict)
    styles: dict[tuple[bool, bool, str | None], StyleArray] = field(default_factory=dict)
    col_widths: list[float] = field(default_factory=list)
    heights: dict[int, float] = field(default_factory=dict)

    def style(self, bold: bool = False, left: bool = False, fmt: str | None = None) -> StyleArray:
        key = (bold, left, fmt)
        if key not in self.styles:
            # The ids openpyxl's cell.border/font/alignment/number_format setters would store,
            # registered in the same order, without a probe cell and its descriptor round trips.
            wb = self.ws.parent
            style = StyleArray()
            style.borderId = wb._borders.add(BORDER)
            style.fontId = wb._fonts.add(BOLD if bold else FONT)
            style.alignmentId = wb._alignments.add(LEFT if left else CENTER)
            if fmt:
                style.numFmtId = (BUILTIN_FORMATS_REVERSE[fmt] if fmt in BUILTIN_FORMATS_REVERSE
                                  else wb._number_formats.add(fmt) + BUILTIN_FORMATS_MAX_SIZE)
            self.styles[key] = style
        return self.styles[key]

    def put(self, row: int, col: int, value: object, *, bold: bool = False, left: bool = False,
            fmt: str | None = None, span: tuple[int, int] = (1, 1), cached: object = None) -> str:
        """Write a bordered cell (merged over ``span`` rows × cols); return its reference."""
        rows, cols = span
        ws = self.ws
        if rows > 1 or cols > 1:
            plain = self.style()
            for r in range(row, row + rows):
                for c in range(col, col + cols):
                    ws._get_cell(r, c)._style = StyleArray(plain)
            self.merge(CellRange(min_col=col, min_row=row, max_col=col + cols - 1, max_row=row + rows - 1))
        cell = ws._get_cell(row, col)
        cell._style = StyleArray(self.style(bold, left, fmt))   # own copy: assign may set quotePrefix
        assign(cell, value)        # user text is text; only Formula values are formulas
        if rows == 1 and isinstance(value, str) and not isinstance(value, Formula):
            self._fit(row, col, cols, value)
        if isinstance(value, Formula) and cached is not None:
            self.cached[cell.coordinate] = cached
        return cell.coordinate

    def merge(self, cells: CellRange) -> None:
        """Register a merged range; the layouts never merge a range twice, so openpyxl's
        overlap scan over every range already merged (quadratic per sheet) is skipped."""
        self.ws.merged_cells.ranges.add(cells)

    def _fit(self, row: int, col: int, cols: int, text: str) -> None:
        """Row height for wrapped text: Excel and LibreOffice do not grow rows on open by themselves.

        A CJK character of 10 pt 宋体 takes about 1.8 units of Excel's column width (WPS draws it a
        little wider than LibreOffice, so we round up), a line 13.5 pt, plus 4 pt of cell padding.
        """
        width = max(1.0, sum(self.col_widths[col - 1:col - 1 + cols]) - 1.5) if self.col_widths else 10.0
        lines = sum(max(1, math.ceil(sum(1.8 if ord(c) > 0x2E80 else 1.0 for c in part) / width))
                    for part in text.split("\n"))
        self.heights[row] = max(self.heights.get(row, 15.0), 13.5 * lines + 4)

    def finish(self) -> None:
        for row, height in self.heights.items():
            if height > 15:
                self.ws.row_dimensions[row].height = height

    def title(self, row: int, text: str, width: int, font: Font = TITLE) -> None:
        cell = assign(self.ws.cell(row, 1), text)
        cell.font = font
        cell.alignment = CENTER
        self.merge(CellRange(min_col=1, min_row=row, max_col=width, max_row=row))
        self.ws.row_dimensions[row].height = 28

    def widths(self, widths: list[float]) -> None:
        self.col_widths = list(widths)
        for i, w in enumerate(widths, 1):
            self.ws.column_dimensions[get_column_letter(i)].width = w

    def print_setup(self, title_rows: str, landscape: bool = False) -> None:
        ws = self.ws
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.print_title_rows = title_rows
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.5
        ws.page_margins.top = ws.page_margins.bottom = 0.75
        ws.oddFooter.center.text = "第 &P 页 共 &N 页"
        ws.print_area = f"A1:{get_column_letter(len(self.col_widths) or ws.max_column)}{ws.max_row}"


def num(value: Decimal | None) -> Decimal | str:
    """Numbers stay numbers (Excel can sum them); a missing one prints as —."""
    return "—" if value is None else value


def grade_formula(cell: str, card: ScoreCard) -> Formula:
    """=IF(H30>=90,"优",IF(H30>=80,"良",…)) from the framework's bands, so the grade follows edits."""
    bands = sorted(card.framework.policy.grade_bands, key=lambda b: b.minimum, reverse=True)
    expr = f'"{bands[-1].label}"'
    for band in reversed(bands[:-1]):
        expr = f'IF({cell}>={band.minimum},"{band.label}",{expr})'
    return Formula("=" + expr)


def execution_node(card: ScoreCard) -> ScoredNode | None:
    return next((n for n in card.leaves() if n.rule is RuleKind.EXECUTION_RATE), None)


def is_selfeval(card: ScoreCard) -> bool:
    """The 财预〔2020〕10号 自评表 scores 预算执行率 in the funds block; the seed's table does not."""
    return execution_node(card) is not None


OFFICIAL_SOURCES = ("当年财政拨款", "上年结转资金", "其他资金")   # 财预〔2020〕10号 附件1, in this order


def official_source(name: str) -> str:
    """A 资金来源 as the form labels it: 本年/当年财政拨款 → 当年财政拨款, …结转… → 上年结转资金, else 其他资金."""
    if "结转" in name or "结余" in name:
        return OFFICIAL_SOURCES[1]
    if "财政" in name and "其他" not in name:
        return OFFICIAL_SOURCES[0]
    return OFFICIAL_SOURCES[2]


def _summed(amounts: list[Amounts]) -> Amounts:
    """Sources that share a form row, added up; a row with no source, or a gap in one, stays blank (—)."""
    if not amounts:
        return Amounts()
    return Amounts(sum_or_none(a.initial for a in amounts), sum_or_none(a.adjusted for a in amounts),
                   sum_or_none(a.actual for a in amounts))


def _funding_rows(project: Project) -> list[tuple[str, Amounts, bool]]:
    """年度资金总额, then the form's three source rows, always present (— where the project gives none)."""
    f = project.funding
    grouped: dict[str, list[Amounts]] = {label: [] for label in OFFICIAL_SOURCES}
    for source in f.sources:
        grouped[official_source(source.name)].append(source.amounts)
    rows = [("年度资金总额", f.total, True)]
    rows += [(("其中：" if i == 0 else "") + label, _summed(grouped[label]), False)
             for i, label in enumerate(OFFICIAL_SOURCES)]
    return rows   # 政府采购 is not a 资金来源: a row here would read as part of the total


def funds_block(sh: Sheet, row: int, project: Project, card: ScoreCard, width: int) -> tuple[int, str | None]:
    """项目资金（万元）| label | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 (得分 to ``width``).

    Each label sits in one cell, so the numbers follow it directly (a reader pairing labels
    with values must not meet an empty merged cell in between). Returns the next free row
    and the reference of the scored 得分 cell (None when the framework does not score it).
    """
    rows = _funding_rows(project)
    tail = (1, width - 7)
    sh.put(row, 1, f"{fl.of('funding').zh}\n（万元）", bold=True, span=(len(rows) + 1, 1))
    sh.put(row, 2, "")
    for i, label in enumerate((*fl.MONEY_COLUMNS, fl.of("indicators.weight").zh, fl.of("stated.execution_rate").brief,
                               fl.of("indicators.score").zh)):
        sh.put(row, 3 + i, label, bold=True, span=tail if i == 5 else (1, 1))
    node = execution_node(card)
    score_ref = None
    for i, (label, a, scored) in enumerate(rows, 1):
        r = row + i
        sh.put(r, 2, label, left=True)
        refs = [sh.put(r, 3 + j, num(v), fmt=MONEY) for j, v in enumerate((a.initial, a.adjusted, a.actual))]
        adjusted, actual = refs[1], refs[2]
        pct = a.execution_rate
        rate_cell = (Formula(f'=IF(N({adjusted})=0,"—",ROUND(N({actual})*100/{adjusted},2))') if pct is not None
                     else "—")
        rate_value = pct
        if scored and node is not None:
            weight = sh.put(r, 6, node.weight, fmt=SCORE)
            sh.put(r, 7, rate_cell, fmt=PERCENT, cached=rate_value)
            if node.status is Status.SCORED and pct is not None:
                formula = Formula(f"=IF(N({adjusted})=0,0,ROUND(MIN(1,N({actual})/{adjusted})*{weight},2))")
                score_ref = sh.put(r, 8, formula, fmt=SCORE, cached=node.score, span=tail)
            else:
                score_ref = sh.put(r, 8, num(node.score), fmt=SCORE, span=tail)
        else:
            sh.put(r, 6, "—")
            sh.put(r, 7, rate_cell, fmt=PERCENT, cached=rate_value)
            sh.put(r, 8, "—", span=tail)
    return row + len(rows) + 1, score_ref


def save(wb: Workbook, cached: dict[str, dict[str, object]]) -> bytes:
    """The workbook's package with the formula results written in (openpyxl writes an empty ``<v>``).

    openpyxl writes into an uncompressed archive, and each part is deflated once here
    (``ooxml_zip``, memoised by content, so parts that are the same in every 自评表 such as
    the theme are compressed once per process), instead of deflating everything twice.
    """
    import datetime as dt

    from openpyxl.writer import excel
    from openpyxl.writer.excel import ExcelWriter

    if not hasattr(excel.write_stylesheet, "jixiao_memo"):
        excel.write_stylesheet = _stylesheet_memo(excel.write_stylesheet)
        excel.write_stylesheet.jixiao_memo = True

    when = dt.datetime.now(dt.UTC).replace(microsecond=0)
    wb.properties.modified = when.replace(tzinfo=None)
    raw = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED)).save()
    parts: list[ooxml_zip.Entry] = []
    with zipfile.ZipFile(raw) as src:
        for item in src.infolist():
            body = src.read(item.filename)
            values = cached.get(item.filename)
            if values:
                text = body.decode("utf-8")
                for ref, value in values.items():
                    text = _inject(text, ref, value)
                body = text.encode("utf-8")
            parts.append(ooxml_zip.deflate_memo(item.filename, body))
    return ooxml_zip.write(parts, when)


_STYLESHEETS: dict[tuple[object, ...], object] = {}


def _stylesheet_memo(write: Callable[[Workbook], object]) -> Callable[[Workbook], object]:
    """openpyxl's ``write_stylesheet``, memoised by every style collection it reads.

    Each 自评表 of a layout has the same fonts, borders and cell formats, and building the
    styles part took a tenth of a workbook's time; a workbook with any other style still gets
    its own part (the key is the full content, so the result is the same as writing it anew).
    """
    def memo(wb: Workbook) -> object:
        key = (tuple(wb._fonts), tuple(wb._fills), tuple(wb._borders), tuple(wb._alignments),
               tuple(wb._protections), tuple(wb._number_formats), tuple(tuple(s) for s in wb._cell_styles),
               tuple(wb._named_styles), tuple(wb._differential_styles.styles), tuple(wb._colors),
               wb._table_styles)
        if key not in _STYLESHEETS:
            if len(_STYLESHEETS) > 64:
                _STYLESHEETS.clear()
            _STYLESHEETS[key] = write(wb)
        return _STYLESHEETS[key]
    return memo


def _inject(xml: str, ref: str, value: object) -> str:
    pattern = re.compile(rf'<c r="{ref}"([^>]*)><f>(.*?)</f><v\s*/?>(?:</v>)?</c>')
    if isinstance(value, str):
        shown, kind = xml_escape(value), ' t="str"'
    else:
        shown, kind = format(value, "f") if isinstance(value, Decimal) else str(value), ""
    return pattern.sub(lambda m: f'<c r="{ref}"{m.group(1)}{kind}><f>{m.group(2)}</f><v>{shown}</v></c>', xml, 1)


__all__ = ["Sheet", "execution_node", "grade_formula", "is_selfeval", "save"]
