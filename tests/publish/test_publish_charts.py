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
    completion = dict((name, pct) for name, _, pct in charts.target_series(card2.project))
    assert completion["居家养老上门服务人次"] == 95.0
    assert completion["每人次平均服务成本"] == 93.75     # ≤ target: value / actual
