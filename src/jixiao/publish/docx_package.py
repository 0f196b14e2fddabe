"""Package-level parts of the DOCX: properties, font table, language, odd/even page numbers.

python-docx starts from a template whose metadata says "Microsoft Macintosh Word", created
2013, English; Word and WPS show that in 文件属性 and check spelling as English. Here
every such part is rewritten from the project, the fonts are declared with their Chinese
charset and a Windows alias (仿宋_GB2312 → 仿宋) so a PC without the _GB2312 faces
substitutes the right one, and the page number follows GB/T 9704 7.5: 4号 "— N —", odd
pages right and even pages left, one character in from the edge, 7 mm below the text block.
"""

from __future__ import annotations

from datetime import UTC, datetime

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from . import fonts

PAGE_NUMBER_PT = 14        # 4号
PAGE_NUMBER_LINE_PT = 18   # exact line height of the footer line
BELOW_TEXT_MM = 7          # GB/T 9704: the dashes sit 7 mm under the text block
BOTTOM_MARGIN_MM = 35

APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           "<Application>jixiao</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
           "<Company>{company}</Company><LinksUpToDate>false</LinksUpToDate>"
           "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>")


def footer_distance_mm() -> float:
    """Footer distance from the page edge so the number's line starts 7 mm under the text block."""
    line_mm = PAGE_NUMBER_LINE_PT * 25.4 / 72
    return BOTTOM_MARGIN_MM - BELOW_TEXT_MM - line_mm


def _field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A simple Word field (PAGE): begin, instruction, separate, cached text, end."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", placeholder),
                       ("end", None)):
        if kind == "instr":
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = f" {text} "
        elif kind == "text":
            node = OxmlElement("w:t")
            node.text = text
        else:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        run._r.append(node)


def _number_line(paragraph: Paragraph, odd: bool) -> None:
    pf = paragraph.paragraph_format
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    pf.right_indent = Pt(PAGE_NUMBER_PT) if odd else Pt(0)
    pf.left_indent = Pt(0) if odd else Pt(PAGE_NUMBER_PT)
    pf.first_line_indent = Pt(0)
    pf.space_before = pf.space_after = Pt(0)
    pf.line_spacing_rule, pf.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(PAGE_NUMBER_LINE_PT)
    paragraph.add_run("— ")
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(" —")
    for run in paragraph.runs:
        run.font.size = Pt(PAGE_NUMBER_PT)
        rpr = run._r.get_or_add_rPr()
        rfonts = OxmlElement("w:rFonts")
        for attr in ("w:ascii", "w:hAnsi", "w:cs"):
            rfonts.set(qn(attr), fonts.LATIN_FONT)
        rfonts.set(qn("w:eastAsia"), "宋体")
        rpr.insert(0, rfonts)


def page_numbers(doc: DocxDocument) -> None:
    """Odd pages right, even pages left (Word's 奇偶页不同), 7 mm under the text block."""
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    section.footer_distance = Mm(footer_distance_mm())
    _number_line(section.footer.paragraphs[0], odd=True)
    _number_line(section.even_page_footer.paragraphs[0], odd=False)


def language(doc: DocxDocument) -> None:
    """Default run language zh-CN (East Asian) so Word and WPS proof and break lines as Chinese."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
    if rpr is None:
        return
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")


def font_table(doc: DocxDocument) -> None:
    """Declare each official face with charset 86 (GB2312) and its Windows alias."""
    part = next((p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"), None)
    if part is None:
        return
    root = parse_xml(part.blob)
    for face in fonts.FACES.values():
        alt = f'<w:altName w:val="{face.windows}"/>' if face.windows != face.official else ""
        root.append(parse_xml(f'<w:font {nsdecls("w")} w:name="{face.official}">{alt}<w:charset w:val="86"/>'
                              '<w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'))
    from lxml import etree

    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def drop_thumbnail(doc: DocxDocument) -> None:
    """The template's thumbnail shows an empty page in file browsers; a report has none."""
    rels = doc.part.package.rels
    for key, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del rels[key]


CORE_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            "<dc:title>{title}</dc:title><dc:subject>预算绩效自评</dc:subject><dc:creator>{author}</dc:creator>"
            "<cp:keywords>绩效自评</cp:keywords><dc:description></dc:description>"
            "<cp:lastModifiedBy>{author}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
            '<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
            '<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
            "<cp:category>绩效自评报告</cp:category><dc:language>zh-CN</dc:language></cp:coreProperties>")


def properties(title: str, author: str, when: datetime | None = None) -> dict[str, bytes]:
    """文件属性 from the project (title, the signing unit as author, created when written, zh-CN),
    as the two parts that replace the template's (its "python-docx", 2013 and Macintosh Word)."""
    from xml.sax.saxutils import escape

    stamp = (when or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    author = escape(author or "")
    return {"docProps/core.xml": CORE_XML.format(title=escape(title), author=author, when=stamp).encode("utf-8"),
            "docProps/app.xml": APP_XML.format(company=author).encode("utf-8")}
