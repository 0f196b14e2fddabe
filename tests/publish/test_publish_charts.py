"""Charts: Chinese labels render with a real CJK font (no missing glyphs), PNG and SVG."""

from __future__ import annotations

import io
import logging
import warnings

import pytest

from jixiao.publish import charts, fonts


def test_a_cjk_font_is_found_by_path():
    path = fonts.cjk_font_file()
    if path is None:
        pytest.skip("no CJK font installed")
    assert path.is_file() and "CJK" in path.name
    assert "CJK" in (fonts.matplotlib_family() or "")


@pytest.mark.parametrize("kind", ["scores", "budget", "targets"])
def test_charts_render_without_missing_glyphs(kind, pingshan, caplog):
    _, card = pingshan
    series = charts.chart_series(kind, card.project, card)
    assert series
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING):
        warnings.simplefilter("always")
        png = charts.render_chart.__wrapped__(kind, series, "png", 60)
        svg = charts.render_chart.__wrapped__(kind, series, "svg", 60)
    problems = [str(w.message) for w in caught] + [r.getMessage() for r in caplog.records]
    assert not [p for p in problems if "missing from" in p or "Glyph" in p], problems
    assert png.startswith(b"\x89PNG")
    assert b"<svg" in svg and b"<path" in svg and b"<text" not in svg   # text drawn as outlines


def test_the_missing_glyph_check_would_catch_tofu():
    """Control: the same label drawn with a Latin-only font does warn, so the test above can fail."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    with warnings.catch_warnings(record=True) as caught, matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        warnings.simplefilter("always")
        fig = Figure(figsize=(2, 1))
        fig.text(0.1, 0.5, "项目决策")
        fig.savefig(io.BytesIO(), format="png")
    assert any("missing from" in str(w.message) for w in caught)


def test_series_are_the_model_figures(pingshan, selfeval):
    _, card = pingshan
    assert charts.score_series(card)[0] == ("项目决策", 15.0, 14.0)
    assert charts.budget_series(card.project)[0] == ("项目资金", 1423.71, 1375.72, 1372.97, 99.8)
    _, card2 = selfeval
    rows = {name: (pct, label, reverse) for name, pct, label, reverse in charts.target_series(card2.project)}
    assert len(rows) == len(card2.project.targets)        # every target has a row, none dropped
    assert rows["居家养老上门服务人次"] == (95.0, "95%", False)      # 11400 / 12000
    # a ≤ (反向) target shows its real ratio 320 / 300, so the bar and its label agree
    assert rows["每人次平均服务成本"] == (106.67, "106.67%", True)
    assert rows["老年人居家生活质量改善"] == (None, "部分改善", False)   # qualitative: its words, no bar
    _, ps = pingshan
    assert dict((n, label) for n, _, label, _ in charts.target_series(ps.project))["宣传册制作"] == "无实际完成值"


def test_charts_are_black_and_white_safe(selfeval):
    """Every fill is a grey (R = G = B): nothing depends on telling red from green."""
    import re

    _, card = selfeval
    for kind in ("scores", "budget", "targets"):
        svg = charts.render_chart.__wrapped__(kind, charts.chart_series(kind, card.project, card), "svg", 60).decode()
        fills = set(re.findall(r"fill: ?#([0-9a-f]{6})", svg))
        assert fills and all(f[0:2] == f[2:4] == f[4:6] for f in fills), (kind, fills)


# portfolio-shaped aggregates, written out by hand: three departments, grades, bins, mean scores
GRADE_ROWS = (("甲局", 3, 2, 0, 0), ("乙中心", 0, 0, 1, 2), ("丙办", 1, 0, 0, 0))
BINS = ((19, 18, 3), (20, 19, 1), (15, 16, 2))
MEANS = (("甲局", 92.5, 85.0), ("乙中心", 88.0, 86.5))


def _overview() -> dict[str, str]:
    from jixiao.publish import overview_charts as oc

    return {"grades": oc.grade_bars(GRADE_ROWS), "scatter": oc.score_vs_rate(BINS),
            "review": oc.self_vs_review(MEANS)}


def test_portfolio_charts_are_drawn_by_the_report_code_in_greys():
    """The portfolio's SVG comes from charts.draw: the same greys, black edges, hatching for 中/差."""
    import re

    for name, svg in _overview().items():
        fills = set(re.findall(r"fill: ?#([0-9a-f]{6})", svg))
        assert fills and all(f[0:2] == f[2:4] == f[4:6] for f in fills), (name, fills)
        assert svg.startswith("<svg") and 'width="100%"' in svg and "<metadata" not in svg
    grades = _overview()["grades"]
    assert grades.count("<pattern") == 2                     # 中 and 差 told apart by pattern, not colour
    assert grades.count('<g id="seg-') == 5                  # one segment per non-zero count
    assert "<title>乙中心 差：2项</title>" in grades and ">乙中心</text>" in grades   # names stay text


def test_portfolio_charts_show_every_department_and_the_wide_gaps():
    import re

    svg = _overview()["review"]
    assert "<title>甲局 自评 92.50</title>" in svg and "<title>乙中心 复核 86.50</title>" in svg
    widths = [float(w) for w in re.findall(r"stroke-width: ?([0-9.]+)", svg)]
    assert 2.6 in widths       # 甲局: 7.5 points above its review, the heavy line
