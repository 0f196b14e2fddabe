"""Scanned borderless tables: the generated layouts (tests/readers/layouts.py) printed by
WeasyPrint without cell borders (``layouts.PRINT_STYLES``), rendered at 150 dpi, degraded
(scanmaker.py) and read back by OCR, where stream.py rebuilds the rows and columns as on a text
layer. Expectations come from the generator's annotation; a value is right, or not found, never
another value.
"""

from __future__ import annotations

import numpy as np
import pytest
import scanmaker
from scanmaker import needs_ocr, needs_poppler, own_ocr_cache  # noqa: F401 (own_ocr_cache: an autouse fixture)

from jixiao.readers import read_bytes
from jixiao.readers.ocr_boxes import split_blank


def _crop(*spans: tuple[int, int], h: int = 30, w: int = 300) -> np.ndarray:
    crop = np.full((h, w, 3), 255, np.uint8)
    for a, b in spans:
        crop[8:22, a:b] = 0
    return crop


BOX = np.array([[0, 0], [300, 0], [300, 30], [0, 30]], np.float32)


def test_a_recognised_line_is_cut_at_a_blank_between_cells_and_not_beside_a_mark() -> None:
    chars = [("项", 0.99, 0.05, ()), ("目", 0.99, 0.12, ()), ("1", 0.99, 0.80, ()), ("5", 0.99, 0.85, ())]
    parts = split_blank(BOX, _crop((5, 45), (230, 265)), chars)
    assert [[c[0] for c in part[2]] for part in parts] == [["项", "目"], ["1", "5"]]
    left, right = parts[0][0], parts[1][0]
    assert left[1][0] < 100 and right[0][0] > 150            # each part's box ends near its own ink
    assert all(0 <= c[2] <= 1 for part in parts for c in part[2])
    # a full-width mark carries its own blank: '门（' is one cell, not two
    marked = [("门", 0.99, 0.05, ()), ("（", 0.99, 0.80, ()), ("公", 0.99, 0.85, ())]
    assert len(split_blank(BOX, _crop((5, 25), (240, 265)), marked)) == 1
    # a gap of a Latin space is no cell gap
    assert len(split_blank(BOX, _crop((5, 120), (128, 265)), chars)) == 1


def test_a_total_row_whose_score_was_left_unread_does_not_take_its_weight() -> None:
    """'综合得分 | 100 | 8�.6': the 分值 beside an unread 得分 is not the total."""
    for line in ("综合得分\t100\t8\ufffd.6\n", "一级指标\t三级指标\t分值\t得分\n产出指标\t完成数\t100\t84.6\n"
                 "综合得分\t\t100\t8\ufffd.6\t良\n"):
        project = read_bytes(f"2020年度项目支出绩效自评表\n{line}".encode(), "report.txt").projects[0]
        assert project.stated.total is None


def _cases() -> list[tuple[int, str, dict[str, object]]]:
    """Four generated 自评表 pages in four borderless print styles (``layouts.PRINT_STYLES``; two
    with real rowspans), each with the number its scan is degraded by."""
    import layouts

    out: list[tuple[int, str, dict[str, object]]] = []
    for k, seed, style in ((1, 23, "borderless-loose"), (3, 54, "borderless-top"), (4, 78, "borderless"),
                           (8, 96, "borderless")):
        case = layouts.case(seed)
        assert case.suffix == ".html"
        out.append((k, layouts.styled(case.data.decode(), style),
                    case.annotation))
    return out


def _unread(verdicts: dict[str, tuple[str, object, object]], project: object) -> dict[str, tuple[str, object, object]]:
    """The scored-row count and sum are 'not found', not wrong, when every row was read but some
    rows' scores were left unread (marked uncertain)."""
    import measure

    rows = [leaf for leaf in measure.leaves(project.indicators) if not measure._execution_row(leaf)]  # type: ignore[attr-defined]
    want = verdicts.get("scored_indicator_rows", ("", None, None))[1]
    if any(leaf.score is None for leaf in rows) and want is not None and len(rows) == want:
        for field in ("scored_indicator_rows", "indicator_scores_sum"):
            if field in verdicts and verdicts[field][0] == "wrong":
                verdicts[field] = ("not found", *verdicts[field][1:])
    return verdicts


@pytest.mark.slow
@needs_ocr
@needs_poppler
def test_scanned_borderless_tables_read_back_right_or_not_at_all() -> None:
    import weasyprint
    from measure import compare

    right = total = 0
    wrong: dict[str, object] = {}
    for k, html, annotation in _cases():
        pages = scanmaker.render(weasyprint.HTML(string=html).write_pdf(), 150)
        scan = scanmaker.image_pdf([scanmaker.degrade(p, 1000 + 10 * k + j, photo=k % 2 == 1, desk=k % 5 == 4)
                                      for j, p in enumerate(pages)])
        result = read_bytes(scan, "scan.pdf")
        assert result.projects, result.findings
        project = result.projects[0]
        verdicts = _unread(compare(annotation, project), project)
        wrong.update({f"{k}.{f}": v for f, v in verdicts.items() if v[0] == "wrong"})
        right += sum(v[0] == "right" for v in verdicts.values())
        total += len(verdicts)
    assert wrong == {}
    assert right >= 0.8 * total, (right, total)
