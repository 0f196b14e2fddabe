"""Look at the output as a reader sees it: every format of both examples and of a generated project.

Slow (LibreOffice, WeasyPrint, Chromium, poppler). The DOCX and XLSX go through LibreOffice
with the 公文 font mapping (fonts.fontconfig_conf), the HTML through Chromium, the PDF is
ours. For each: fonts embedded and the CJK faces we expect (pdffonts), a sane page count,
no replacement glyph, every caption on the page of its table, and page numbers "— N —"
odd right / even left 7 mm under the text block. ``JIXIAO_REFRESH_RENDERED=1`` writes a
contact sheet of each document to docs/rendered/ (the pictures the docs show).
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest
from generated import projects
from hypothesis import HealthCheck, settings
from publish_helpers import (
    ROOT,
    contact_sheet,
    fonts_conf,
    html_to_pdf_browser,
    need,
    office_to_pdf,
    page_words,
    pdf_fonts,
    pdf_pages,
    pdf_text,
)

from jixiao.core.model import Project
from jixiao.core.scoring import ScoreCard, score_project
from jixiao.publish import fonts, render
from jixiao.publish.outline import Table, build_report
from jixiao.publish.tables import LEVEL_NAMES, leaf_paths

pytestmark = pytest.mark.slow
RENDERED = ROOT / "docs" / "rendered"
REFRESH = os.environ.get("JIXIAO_REFRESH_RENDERED") == "1"
MM = 72 / 25.4
FORMATS = ("docx", "pdf", "html", "xlsx")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def to_pdf(project: Project, card: ScoreCard, fmt: str, folder: Path) -> Path:
    data = render(project, card, fmt)
    if fmt == "pdf":
        out = folder / "report.pdf"
        out.write_bytes(data)
        return out
    source = folder / f"report.{fmt}"
    source.write_bytes(data)
    if fmt == "html":
        return html_to_pdf_browser(source, folder / "report-html.pdf")
    return office_to_pdf(source, folder, fonts_conf(folder))


def expected_faces() -> set[str]:
    """The CJK faces the PDF should embed: our choice for the body and the 楷体 headings."""
    return {choice.family.replace(" ", "") for role in ("body", "heading2")
            if (choice := fonts.choose(role)) is not None}


def check_fonts(pdf: Path, fmt: str) -> None:
    rows = pdf_fonts(pdf)
    assert rows and all(row[-5] == "yes" for row in rows), rows        # every font embedded
    names = " ".join(row[0] for row in rows).replace("-", "")
    if fmt in ("docx", "pdf"):    # the 公文 faces: 仿宋 body and 楷体 headings (substitutes here)
        missing = {f for f in expected_faces() if f not in names.replace(" ", "")}
        assert not missing, (missing, names)


def check_glyphs(pdf: Path) -> None:
    """No Chinese character was drawn with a Latin-only face (the empty boxes of a tofu document).

    pdftotext cannot see this (the text layer keeps the right code points under the boxes), so
    we read the face of every drawn character.
    """
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        bad = {(c["text"], c["fontname"]) for page in doc.pages for c in page.chars
               if c["text"] and ord(c["text"][0]) > 0x2E80 and ("DejaVu" in c["fontname"]
                                                                 or "LastResort" in c["fontname"])}
    assert not bad, sorted(bad)[:10]


def check_text(pdf: Path, project: Project, card: ScoreCard) -> list[str]:
    text = pdf_text(pdf)
    assert "\ufffd" not in text
    flat = squash(text)
    for needle in (project.name, "一级指标", f"{card.total.normalize():f}"):
        assert squash(needle) in flat, needle
    return text.split("\f")


def check_captions(pages: list[str], project: Project, card: ScoreCard) -> None:
    """Each caption is followed, on its own page, by the start of its table (never stranded)."""
    report = build_report(project, card)
    for table in (b for b in report.blocks if isinstance(b, Table)):
        first = table.grid.head[0][0].text if table.grid.head else ""
        caption = squash(table.caption)
        page = next((p for p in pages if caption in squash(p)), None)
        assert page is not None, table.caption
        after = squash(page).split(caption, 1)[1]
        assert squash(first)[:4] in after, (table.caption, "stranded at the foot of a page")


def check_group_labels(pdf: Path, card: ScoreCard) -> None:
    """Every 一级 group with a leaf on a page shows its label on that page (a merged cell split by a
    page break prints its text on the first part only: the continuation would start unlabelled)."""
    import pdfplumber

    group = {squash(trail[-1].name)[:5]: squash(trail[0].name)[:4] for trail in leaf_paths(card.roots)}
    seen = 0
    with pdfplumber.open(pdf) as doc:
        for n, page in enumerate(doc.pages, 1):
            # NFKC: Chromium's text layer maps some glyphs to Kangxi radicals (⼀ for 一)
            words = [{**w, "text": unicodedata.normalize("NFKC", w["text"])} for w in page.extract_words()]
            head = [w for w in words if w["text"] in LEVEL_NAMES or w["text"] == "分值"]
            first = next((i for i, w in enumerate(head) if w["text"] == LEVEL_NAMES[0]), None)
            if first is None or len(head) < first + 6:
                continue
            cols = head[first:first + 6]      # 一级指标 分值 二级指标 分值 三级指标 分值
            below = [w for w in words if w["top"] > cols[0]["bottom"]]
            # a cell's text is centred and may be wider than its header: bound it by the neighbours
            labels = squash("".join(w["text"] for w in below if w["x1"] <= cols[1]["x0"]))
            leaves = squash("".join(w["text"] for w in below
                                    if cols[3]["x1"] <= w["x0"] and w["x1"] <= cols[5]["x0"]))
            wanted = {label for leaf, label in group.items() if leaf in leaves}
            assert wanted, f"page {n}: no leaf of the scoring table read"
            missing = {label for label in wanted if label not in labels}
            assert not missing, f"page {n}: group(s) {missing} continue here without their 一级 label"
            seen += 1
    assert seen, "the scoring table's header was not found"


def check_signature(pages: list[str], project: Project) -> None:
    """The 落款 closes the text: on the last page, and never alone there."""
    last = [p for p in pages if p.strip()][-1]
    unit = project.department or project.implementing_unit
    assert squash(unit) in squash(last), "the 落款 is not on the last page"
    rest = re.sub(r"—\s*\d+\s*—", "", squash(last)).replace(squash(unit), "")
    rest = re.sub(r"\d{4}年\d{1,2}月\d{1,2}日", "", rest)
    assert len(rest) >= 4, "the 落款 stands alone on its page"


def check_page_numbers(pdf: Path) -> None:
    """GB/T 9704 7.5: "— N —" under the text block (7 mm), odd pages right, even pages left."""
    for n, (width, height, words) in enumerate(page_words(pdf), 1):
        number = [w for w in words if w[0] == str(n) and w[2] > height - 40 * MM]
        assert number, f"page {n} has no page number"
        _, x0, y0, x1, _ = number[-1]
        assert (x0 > width / 2) if n % 2 else (x1 < width / 2), f"page {n}: number on the wrong side"
        below_text = y0 - (height - 35 * MM)       # distance from the text block's lower edge
        assert 6 * MM < below_text < 12 * MM, f"page {n}: number {below_text / MM:.1f} mm under the text"


def look(project: Project, card: ScoreCard, fmt: str, folder: Path, name: str) -> None:
    pdf = to_pdf(project, card, fmt, folder)
    pages = pdf_pages(pdf)
    assert 1 <= pages <= (3 if fmt == "xlsx" else 16), pages
    check_fonts(pdf, fmt)
    check_glyphs(pdf)
    texts = check_text(pdf, project, card)
    if fmt != "xlsx":
        check_captions(texts, project, card)
        check_group_labels(pdf, card)
        check_signature(texts, project)
        assert "复核" not in "".join(texts) and "未填报" not in "".join(texts)
    if fmt in ("docx", "pdf"):
        check_page_numbers(pdf)
    if REFRESH:
        RENDERED.mkdir(parents=True, exist_ok=True)
        contact_sheet(pdf, RENDERED / f"{name}-{fmt}.png")


@pytest.fixture(scope="module", autouse=True)
def tools():
    for tool in ("soffice", "pdftoppm", "pdffonts", "pdftotext"):
        need(tool)
    if not fonts.have_cjk():
        pytest.skip("no CJK font installed: the fast tests check the bilingual stop instead")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("example", ["pingshan", "selfeval"])
def test_examples_render(example, fmt, request, tmp_path: Path):
    project, card = request.getfixturevalue(example)
    look(project, card, fmt, tmp_path, example)


def rich(project: Project) -> bool:
    """A generated project worth looking at: three categories, met, missed and qualitative targets."""
    from jixiao.publish import facts

    met = [facts.target_met(t) for t in project.targets]
    return (len({t.category for t in project.targets}) >= 3 and True in met and False in met and None in met
            and any(t.has_actual for t in project.targets if facts.target_met(t) is None)
            and bool(project.narrative.problems))


def test_a_generated_project_renders(tmp_path: Path):
    from hypothesis import find

    # the simplest generated project that is rich(): Hypothesis shrinks to it, so it is the same each run
    project = find(projects(min_targets=6), rich, settings=settings(database=None, max_examples=2000,
                                                                     suppress_health_check=list(HealthCheck)))
    card = score_project(project)
    for fmt in FORMATS:
        folder = tmp_path / fmt
        folder.mkdir()
        look(project, card, fmt, folder, "generated")


def test_charts_render_in_the_pdf(pingshan, tmp_path: Path):
    project, card = pingshan
    pdf = tmp_path / "charts.pdf"
    pdf.write_bytes(render(project, card, "pdf", charts=True))
    flat = squash(pdf_text(pdf))
    assert "图1项目资金" in flat and "图3各一级指标得分与分值" in flat
    if REFRESH:
        contact_sheet(pdf, RENDERED / "pingshan-pdf-charts.png")


def test_the_glyph_check_catches_a_tofu_document(pingshan, tmp_path: Path):
    """Control: LibreOffice with only DejaVu available draws boxes, and check_glyphs says so."""
    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    if not dejavu.is_dir():
        pytest.skip("no DejaVu folder to build the control from")
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><fontconfig><dir>{dejavu}</dir><cachedir>{tmp_path / "cache"}</cachedir>'
                    "</fontconfig>", encoding="utf-8")
    project, card = pingshan
    docx = tmp_path / "tofu.docx"
    docx.write_bytes(render(project, card, "docx"))
    with pytest.raises(AssertionError):
        check_glyphs(office_to_pdf(docx, tmp_path, conf))
