"""Label repair across the wrapped lines of a ruled cell (``ocr_lines.repair_cells``), on glyphs
placed by hand: what the recogniser would hand over for a narrow cell."""

from __future__ import annotations

from jixiao.readers.lattice import Glyph
from jixiao.readers.ocr_lines import repair_cells

CELL_H = [(100.0, 0.0, 300.0), (160.0, 0.0, 300.0)]      # one cell: x 0–300 (vertical rules), y 100–160
CELL_V = [(0.0, 100.0, 160.0), (300.0, 100.0, 160.0)]


def line(text: str, top: float, x: float = 10.0) -> list[Glyph]:
    return [Glyph(ch, x + 20 * k, top, x + 20 * k + 18, top + 18) for k, ch in enumerate(text)]


def test_a_lone_character_wrapped_below_its_label_is_repaired_from_its_runners_up() -> None:
    glyphs = line("预算执行", 110) + line("串", 132)
    doubts = [(ch, 1.0, ()) for ch in "预算执行"] + [("串", 0.83, ("半", "率", "宰"))]
    out = repair_cells(glyphs, doubts, CELL_H, CELL_V, set())
    assert "".join(g.text for g in out) == "预算执行率"


def test_a_character_that_already_makes_a_label_is_kept_and_outside_a_cell_nothing_changes() -> None:
    glyphs = line("预算执行", 110) + line("数", 132)
    doubts = [(ch, 1.0, ()) for ch in "预算执行"] + [("数", 0.9, ("率", "效"))]
    assert "".join(g.text for g in repair_cells(glyphs, doubts, CELL_H, CELL_V, set())) == "预算执行数"
    lone = line("预算执行", 410) + line("串", 432)                      # below the table: no cell
    doubts = [(ch, 1.0, ()) for ch in "预算执行"] + [("串", 0.83, ("率",))]
    assert "".join(g.text for g in repair_cells(lone, doubts, CELL_H, CELL_V, set())) == "预算执行串"


def test_a_poorly_read_character_is_dropped_unless_the_label_completes_it() -> None:
    glyphs = line("预算执行", 110) + line("半", 132)
    doubts = [(ch, 1.0, ()) for ch in "预算执行"] + [("半", 0.46, ("串", "率"))]
    assert "".join(g.text for g in repair_cells(glyphs, doubts, CELL_H, CELL_V, {4})) == "预算执行率"
    doubts[-1] = ("半", 0.46, ("串", "丰"))
    assert "".join(g.text for g in repair_cells(glyphs, doubts, CELL_H, CELL_V, {4})) == "预算执行"


def test_a_character_the_recogniser_skipped_is_marked_where_it_was() -> None:
    import numpy as np

    from jixiao.readers.lattice import DOUBT
    from jixiao.readers.ocr_lines import place

    crop = np.zeros((30, 240, 3), np.uint8)                     # 8 line heights long
    box = np.array([[0, 0], [240, 0], [240, 30], [0, 30]], np.float32)
    step = 0.7 * 30 / 240                                       # characters 0.7 line heights apart
    skipped = [(ch, 0.99, 0.05 + step * (k + (k >= 2)), ()) for k, ch in enumerate("居家老上门服")]
    assert "".join(g.text for g in place(box, crop, skipped)) == f"居家{DOUBT}老上门服"
    even = [(ch, 0.99, 0.05 + step * k, ()) for k, ch in enumerate("居家养老上门服")]
    assert "".join(g.text for g in place(box, crop, even)) == "居家养老上门服"
