"""What raised the accuracy of OCR on the targets table (绩效目标完成情况表), each on inputs made
here, with expectations taken from the text layer of the same published document:

- a character's confidence is that of its surest time step (``ocr_lines.read_lines``);
- a scanned table's cell that spans a column line only because its rule was lost there (a
  seal over it) is split at the line again (``ocr_geometry.split_lost_rules``);
- a heading read with an uncertain character takes the one column role it completes
  (``table_header._doubtful_role``);
- a share of a whole above 100% read by OCR is not found, never taken as read
  (``recognised.drop_impossible``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
import scanmaker
from scanmaker import needs_ocr, needs_poppler, own_ocr_cache  # noqa: F401 (own_ocr_cache: an autouse fixture)

from jixiao.readers import read_bytes, read_layout
from jixiao.readers.assemble import assemble
from jixiao.readers.lattice import DOUBT, Glyph
from jixiao.readers.layout import Document
from jixiao.readers.ocr_lines import LOW_CONFIDENCE, read_lines
from jixiao.readers.pagelines import page_lines
from jixiao.readers.table_header import cell_roles

ROOT = Path(__file__).resolve().parents[2]




@pytest.fixture(scope="module")
def selfeval_pdf() -> bytes:
    return scanmaker.published("shequ-2023-yanglao-selfeval")


def _targets(facts: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in facts.items() if k.startswith("target/")}


# --- confidence of a character: its surest time step ------------------------------------------

def _engine(frames: list[dict[int, float]], alphabet: list[str]) -> object:
    """A recogniser whose output is ``frames`` (per time step: code -> probability; the rest is blank)."""
    def session(tensor: np.ndarray) -> list[np.ndarray]:
        preds = np.zeros((1, len(frames), len(alphabet)), np.float32)
        for t, frame in enumerate(frames):
            preds[0, t, 0] = 1.0 - sum(frame.values())
            for code, p in frame.items():
                preds[0, t, code] = p
        return [preds]
    rec = SimpleNamespace(session=session, postprocess_op=SimpleNamespace(character=alphabet))
    return SimpleNamespace(text_rec=rec)


def test_a_character_held_over_several_steps_is_as_sure_as_its_surest_step() -> None:
    alphabet = ["blank", "9", "5", "%", "8", "3"]
    # '%' begins on a step it shares with blank (0.6) and is certain on the next; '8' is seen
    # on one step only, at 0.6; '3' is sure on one step but '8' had 0.45 on the other: both
    # stay doubtful
    frames = [{1: 0.99}, {}, {2: 0.99}, {}, {3: 0.6}, {3: 0.99}, {}, {4: 0.6}, {}, {5: 0.97}, {5: 0.5, 4: 0.45}, {}]
    crop = np.full((48, 8 * len(frames)), 255, np.uint8)[..., None].repeat(3, axis=2)
    (chars,) = read_lines(_engine(frames, alphabet), [crop])
    assert [c[0] for c in chars] == ["9", "5", "%", "8", "3"]
    confidence = {c[0]: c[1] for c in chars}
    assert confidence["%"] == pytest.approx(0.99, abs=1e-6)
    assert confidence["8"] == pytest.approx(0.6, abs=1e-6) and confidence["8"] < LOW_CONFIDENCE
    assert confidence["3"] == pytest.approx(0.55, abs=1e-6) and confidence["3"] < LOW_CONFIDENCE


# --- a rule lost over one cell ------------------------------------------------------------------

def _table(header: list[Glyph], rule_lost: bool, scanned: bool = True) -> list[str]:
    """A 4-column ruled table (column lines at 0/100/200/300/400, a row every 20 pt) whose line at
    x=200 is drawn in every row but the header's when ``rule_lost``: the header row's cell texts."""
    horizontal = [(float(y), 0.0, 400.0) for y in range(0, 101, 20)]
    vertical = [(float(x), 0.0, 100.0) for x in (0, 100, 300, 400)]
    vertical.append((200.0, 20.0 if rule_lost else 0.0, 100.0))
    glyphs = list(header)
    for r in range(1, 5):
        y = 20 * r + 5
        for c, text in enumerate(("指标", f"{r}个", f"{r + 1}个", "完成")):
            glyphs.extend(Glyph(ch, 100 * c + 10 + 10 * k, y, 100 * c + 20 + 10 * k, y + 10)
                          for k, ch in enumerate(text))
    lines = page_lines(glyphs, horizontal, vertical, 1, 4.0, bridge=20.0 if scanned else None)
    return [c.text for c in lines[0].cells]


def _word(text: str, x: float) -> list[Glyph]:
    """``text`` as one recognised run from ``x``: glyphs 10 pt wide, abutting."""
    return [Glyph(ch, x + 10 * k, 5, x + 10 * (k + 1), 15) for k, ch in enumerate(text)]


def test_a_cell_merged_only_by_a_lost_rule_is_split_at_its_column_line() -> None:
    header = _word("绩效指标", 10) + _word("指标值", 115) + _word("完成值", 215) + _word("情况", 310)
    assert _table(header, rule_lost=False) == ["绩效指标", "指标值", "完成值", "情况"]
    # the rule lost over the header: the lattice sees one cell over two columns, but the
    # line is drawn in every other row and the two runs keep to their sides of it
    assert _table(header, rule_lost=True) == ["绩效指标", "指标值", "完成值", "情况"]
    # a text layer's lattice is as drawn: the merge stays
    texts = _table(header, rule_lost=True, scanned=False)
    assert "指标值" in texts[1] and "完成值" in texts[1] and texts[2] == "", texts


def test_text_centred_over_a_real_merge_is_not_split() -> None:
    # one recognised run across the column line (its glyphs abut, 指 over the line)
    header = _word("绩效指标", 10) + _word("年度指标值", 175) + _word("情况", 310)
    assert _table(header, rule_lost=True) == ["绩效指标", "年度指标值", "", "情况"]


# --- a heading with an uncertain character --------------------------------------------------------

def test_a_heading_read_with_an_uncertain_character_takes_the_one_role_it_completes() -> None:
    assert cell_roles(["绩效指标", "类别", f"年{DOUBT}指标", "实际完成值"])[2:] == ["value", "actual"]
    assert cell_roles([f"实际完{DOUBT}值"]) == ["actual"]
    assert cell_roles([f"{DOUBT}分"]) == [""]                       # too little read for certain
    assert cell_roles([f"{DOUBT}{DOUBT}值"]) == [""]
    assert cell_roles([f"年度{DOUBT}标"]) == ["value"]              # 年度指标值, its last character skipped
    assert cell_roles([f"指标{DOUBT}"]) == [""]                     # 指标值, 指标分值, 指标名称: no one role
    assert cell_roles([f"资金{DOUBT}源"]) == [""]                   # no column heading


# --- a share of a whole above 100% ------------------------------------------------------------------

def _misprint_target(doc: Document, name: str, column: int, new: str) -> Document:
    """The targets table's row of ``name`` (5 cells: 绩效指标|类别|年度指标值|实际完成值|完成情况)
    with cell ``column`` printed as ``new``."""
    lines, done = [], False
    for line in doc.lines:
        texts = [c.text for c in line.cells]
        if not done and len(texts) == 5 and texts[0] == name:
            cells = tuple(replace(c, text=new) if j == column else c for j, c in enumerate(line.cells))
            line = replace(line, cells=cells, text=" ".join(c.text for c in cells))
            done = True
        lines.append(line)
    assert done, name
    return replace(doc, lines=lines)


def test_a_rate_above_100_percent_read_by_ocr_is_not_found_never_another_value(selfeval_pdf: bytes) -> None:
    doc, _ = read_layout(selfeval_pdf, "scan.pdf")
    truth = _targets(scanmaker.facts(read_bytes(selfeval_pdf, "text.pdf").projects[0]))
    rate, count = "target/服务质量抽检合格率", "target/受益老年人数"
    assert truth[f"{rate}.value"] is not None and truth[f"{count}.value"] is not None
    pages = frozenset(line.page for line in doc.lines if line.page)
    bad = _misprint_target(_misprint_target(doc, "服务质量抽检合格率", 2, "295%"), "受益老年人数", 2, "2800人")
    project, findings = assemble(replace(bad, recognised=pages), Path("scan.pdf"))
    got = _targets(scanmaker.facts(project))
    assert got[f"{rate}.value"] is None                               # ≥95% read as 295%: not found
    assert got[f"{rate}.actual"] == truth[f"{rate}.actual"]           # the rest of the row as read
    target = next(t for t in project.targets if t.name == "服务质量抽检合格率")
    assert DOUBT in target.value_text
    assert any("服务质量抽检合格率" in f.message and "295%" in f.message for f in findings if f.code == "JX005")
    # a count has no such bound: nothing says 2800 is wrong, and it is kept as read
    assert got[f"{count}.value"] == 2800
    for key, want in truth.items():                                  # every other target as the text layer
        if key not in (f"{rate}.value", f"{count}.value"):
            assert got[key] == want, key
    # on a text layer the same table is read as printed (the checker reports it)
    project, _ = assemble(bad, Path("text.pdf"))
    assert _targets(scanmaker.facts(project))[f"{rate}.value"] == 295


# --- end to end: a scan whose header rule is lost under a seal ----------------------------------

@needs_ocr
@needs_poppler
def test_a_scanned_targets_table_with_a_lost_column_rule_reads_as_the_text_layer(selfeval_pdf: bytes) -> None:
    from PIL import ImageDraw

    truth = _targets(scanmaker.facts(read_bytes(selfeval_pdf, "text.pdf").projects[0]))
    doc, _ = read_layout(selfeval_pdf, "text.pdf")
    header = next(line for line in doc.lines if [c.text for c in line.cells][2:4] == ["年度指标值", "实际完成值"])
    row = doc.lines[doc.lines.index(header) + 1]
    pages = scanmaker.render(selfeval_pdf, 150)
    f = 150 / 72
    x = header.cell_boxes[2][2] * f                                   # the rule between the two columns
    page = pages[header.page - 1]
    ImageDraw.Draw(page).rectangle((x - 5, header.box[1] * f + 3, x + 5, row.box[3] * f - 3), fill=(255, 255, 255))
    scan = scanmaker.image_pdf([scanmaker.degrade(p, 7 + k) for k, p in enumerate(pages)])
    result = read_bytes(scan, "scan.pdf")
    got = _targets(scanmaker.facts(result.projects[0]))
    names = {k.rsplit(".", 1)[0] for k in truth}
    assert {k.rsplit(".", 1)[0] for k in got} == names                  # the targets table was read
    right = [k for k, want in truth.items() if want is not None and got.get(k) == want]
    wrong = [k for k, want in truth.items() if got.get(k) is not None and got.get(k) != want]
    assert not wrong, wrong
    assert len(right) >= len([v for v in truth.values() if v is not None]) - 2, (right, got)
