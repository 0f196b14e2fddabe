"""The 绩效自评报告 as DOCX, typeset after GB/T 9704 (党政机关公文格式).

A4 with margins 37/35/28/26 mm, title 小标宋 2号, headings 黑体 / 楷体 / 仿宋 3号, body
仿宋_GB2312 3号 at 28 pt exact line spacing, page numbers as a PAGE field. Every font is
written with ``w:eastAsia`` in ``rFonts`` because Word and WPS choose the Chinese face
from that attribute, not from the Latin name python-docx sets.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, time
from functools import lru_cache

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle

from . import docx_package, fonts, ooxml_zip
from .docx_tables import paragraph as _p
from .docx_tables import table_xml
from .outline import Figure, Heading, Para, Report, Table

BODY_PT = 16          # 3号
TITLE_PT = 22         # 2号
TABLE_PT = 10.5       # 五号
TABLE_SMALL_PT = 9    # 小五, for the eight-column scoring table
LINE_PT = 28.95       # exact line spacing of the body: 22 lines in the 225 mm text block

_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def set_fonts(element: object, east_asia: str, latin: str = fonts.LATIN_FONT) -> None:
    """Write ascii/hAnsi/eastAsia on an rPr owner and drop theme fonts that would override them."""
    rpr = element.get_or_add_rPr()  # type: ignore[attr-defined]
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in _THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:cs"), latin)


def _style(doc: DocxDocument, name: str, east_asia: str, size: float, *, bold: bool = False,
           indent: bool = True, align: WD_ALIGN_PARAGRAPH | None = None, exact: bool = True,
           base: str | None = None) -> ParagraphStyle:
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, 1)
    assert isinstance(style, ParagraphStyle)
    if base:
        style.base_style = styles[base]
    font = style.font
    font.size, font.bold, font.italic = Pt(size), bold, False
    font.color.rgb = RGBColor(0, 0, 0)
    set_fonts(style.element, east_asia)
    pf = style.paragraph_format
    pf.space_before = pf.space_after = Pt(0)
    if exact:
        pf.line_spacing_rule, pf.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(LINE_PT)
    else:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.first_line_indent = Pt(2 * size) if indent else Pt(0)
    if align is not None:
        pf.alignment = align
    return style


CHARS_PER_LINE = 28
# GB/T 9704 5.2.2: 28 characters of 3号 type in the 156 mm line. 156 mm / 28 = 15.79 pt per character,
# so each character gives up 0.25 pt (w:spacing in twentieths of a point). A character spacing on the
# body style behaves the same in Word, WPS and LibreOffice; Word's document grid (docGrid charSpace) is
# read differently by LibreOffice, which spreads the characters instead.
CHAR_SPACING_TWIPS = -5


def _char_spacing(style: ParagraphStyle) -> None:
    rpr = style.element.get_or_add_rPr()
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(CHAR_SPACING_TWIPS))
    after = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:lang")
    later = next((rpr.find(qn(tag)) for tag in after if rpr.find(qn(tag)) is not None), None)
    if later is not None:
        later.addprevious(spacing)   # CT_RPr is a sequence: spacing comes before w, kern, sz …
    else:
        rpr.append(spacing)


def _setup(doc: DocxDocument) -> dict[str, str]:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _char_spacing(_style(doc, "Normal", fonts.BODY_FONT, BODY_PT, align=WD_ALIGN_PARAGRAPH.JUSTIFY))
    _style(doc, "Title", fonts.TITLE_FONT, TITLE_PT, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, exact=False)
    title = doc.styles["Title"]
    title.paragraph_format.space_after = Pt(LINE_PT)
    ppr = title.element.pPr
    for border in ppr.findall(qn("w:pBdr")) if ppr is not None else ():
        ppr.remove(border)   # the default template underlines titles; 公文 titles have no rule
    _style(doc, "Heading 1", fonts.HEADING1_FONT, BODY_PT)
    _style(doc, "Heading 2", fonts.HEADING2_FONT, BODY_PT)
    _style(doc, "Heading 3", fonts.BODY_FONT, BODY_PT, bold=True)
    _style(doc, "Heading 4", fonts.BODY_FONT, BODY_PT)
    for name in ("Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        doc.styles[name].paragraph_format.keep_with_next = True
    _style(doc, "表格文字", fonts.BODY_FONT, TABLE_PT, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, exact=False)
    _style(doc, "表格小字", fonts.BODY_FONT, TABLE_SMALL_PT, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER,
           exact=False)
    _style(doc, "题注", fonts.HEADING1_FONT, 14, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    doc.styles["题注"].paragraph_format.keep_with_next = True
    _style(doc, "图题", fonts.BODY_FONT, 14, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    _style(doc, "封面", fonts.BODY_FONT, BODY_PT, indent=False)
    _style(doc, "落款", fonts.BODY_FONT, BODY_PT, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    docx_package.page_numbers(doc)
    docx_package.language(doc)
    docx_package.font_table(doc)
    docx_package.drop_thumbnail(doc)
    return {s.name: s.style_id for s in doc.styles if s.name}


class _Body:
    """Collects XML fragments: joined into document.xml, or (with figures) appended to ``doc`` in batches."""

    def __init__(self, doc: DocxDocument | None) -> None:
        self.doc = doc
        self.parts: list[str] = []

    def add(self, xml: str) -> None:
        self.parts.append(xml)

    def flush(self) -> None:
        if not self.parts or self.doc is None:
            return
        body = self.doc.element.body
        fragment = parse_xml(f"<w:body {nsdecls('w')}>{''.join(self.parts)}</w:body>")
        sect = body.sectPr
        for child in list(fragment):
            if sect is not None:
                sect.addprevious(child)
            else:
                body.append(child)
        self.parts = []


def _figure(doc: DocxDocument, png: bytes, ids: dict[str, str]) -> None:
    """The picture's paragraph, centred in the table style and kept with its caption."""
    doc.add_picture(io.BytesIO(png), width=Mm(150))
    body = doc.element.body
    par = body.sectPr.getprevious() if body.sectPr is not None else body[-1]
    ppr = par.get_or_add_pPr()
    ppr.style = ids["表格文字"]
    ppr.keepNext_val = True


@lru_cache(maxsize=1)
def _template() -> tuple[bytes, dict[str, str]]:
    """The styled empty document, built once: setting up styles by name costs more than a whole report."""
    doc = Document()
    ids = _setup(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue(), ids


ChartSource = Callable[[str, str], bytes | None]


def text_width(text: str) -> float:
    """Width in characters of 3号 type: CJK full width, digits and Latin half width."""
    return sum(1.0 if ord(c) > 0x2E80 else 0.5 for c in text)


def _signature(body: _Body, signature: tuple[str, str], ids: dict[str, str]) -> None:
    """落款 (GB/T 9704 7.3.5.1): two blank lines, the unit centred over the date, the date 4 characters in."""
    unit, signed = signature
    if not (unit or signed):
        return
    last = body.parts[-1] if body.parts else ""
    if last.startswith("<w:p>") and "<w:keepNext/>" not in last:
        # the last paragraph goes with the 落款: a signature is never alone on a page
        body.parts[-1] = last.replace('"/>', '"/><w:keepNext/>', 1)
    body.add(_p("", ids["Normal"], keep=True))
    body.add(_p("", ids["Normal"], keep=True))
    right = 4 * BODY_PT
    if unit:
        offset = max(0.0, right + (text_width(signed) - text_width(unit)) / 2 * BODY_PT)
        body.add(_right(unit, ids["落款"], offset, keep=True))
    if signed:
        body.add(_right(signed, ids["落款"], right))


def _right(text: str, style_id: str, indent_pt: float, keep: bool = False) -> str:
    xml = _p(text, style_id, keep=keep)
    return xml.replace("</w:pPr>", f'<w:ind w:right="{round(indent_pt * 20)}"/><w:jc w:val="right"/></w:pPr>', 1)


@lru_cache(maxsize=1)
def _package() -> tuple[dict[str, ooxml_zip.Entry], str, str]:
    """The template's parts deflated once, and its document.xml cut around the (empty) body."""
    template, _ = _template()
    with zipfile.ZipFile(io.BytesIO(template)) as z:
        document = z.read("word/document.xml").decode("utf-8")
    start = document.index("<w:body>") + len("<w:body>")
    return ooxml_zip.entries(template), document[:start], document[document.index("<w:sectPr", start):]


def _write(parts: dict[str, ooxml_zip.Entry], changed: dict[str, bytes], when: datetime) -> bytes:
    """The package with ``changed`` parts deflated anew and every other part copied as it is."""
    out = [ooxml_zip.deflate(name, changed[name]) if name in changed else entry for name, entry in parts.items()]
    return ooxml_zip.write(out, when)


def write_docx(report: Report, chart_png: ChartSource | None = None) -> bytes:
    """Render the outline; ``chart_png(kind, 'png')`` supplies figures (None leaves them out).

    Without figures the body is written as text into the template's document.xml and only it
    and the properties are compressed (python-docx would re-serialise and re-deflate all
    eighteen parts); figures add image parts, so that case goes through python-docx.
    """
    _, ids = _template()
    figures = chart_png is not None and any(isinstance(b, Figure) for b in report.blocks)
    when = (datetime.combine(report.signed_on, time(), UTC) if report.signed_on
            else datetime.now(UTC)).replace(microsecond=0)
    changed = docx_package.properties(report.title, report.signature[0], when)
    doc = Document(io.BytesIO(_template()[0])) if figures else None
    body = _Body(doc)
    body.add(_p("\n".join(report.title_lines), ids["Title"]))
    for label, value in report.cover:
        body.add(_p(f"{label}：{value or '—'}", ids["封面"]))
    body.add(_p("", ids["封面"]))
    for block in report.blocks:
        if isinstance(block, Heading):
            body.add(_p(block.text, ids[f"Heading {block.level}"]))
        elif isinstance(block, Para):
            body.add(_p(block.text, ids["Normal"]))
        elif isinstance(block, Table):
            body.add(_p(block.caption, ids["题注"]))
            body.add(table_xml(block.grid, ids))
            body.add(_p("", ids["表格文字"]))
        elif isinstance(block, Figure) and chart_png is not None and doc is not None:
            png = chart_png(block.chart, "png")
            if png:
                body.flush()
                _figure(doc, png, ids)
                body.add(_p(block.caption, ids["图题"]))
    _signature(body, report.signature, ids)
    if doc is None:
        parts, head, tail = _package()
        changed["word/document.xml"] = f"{head}{''.join(body.parts)}{tail}".encode()
        return _write(parts, changed, when)
    body.flush()
    buf = io.BytesIO()
    doc.save(buf)
    return _write(ooxml_zip.entries(buf.getvalue()), changed, when)
