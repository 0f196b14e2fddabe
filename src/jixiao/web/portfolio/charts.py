"""The portfolio's charts: database aggregates turned into series for ``publish.overview_charts``.

Drawn on the server by the same code as the report charts (no JavaScript, no build step),
black-and-white safe. Only the shaping of the query results lives here.
"""

from __future__ import annotations

from decimal import Decimal

from ...publish import overview_charts

GRADES = list(overview_charts.GRADES)
MAX_DEPARTMENTS = 15
_EMPTY = '<p class="muted">{}</p>'


def grade_bars(rows: list[tuple[str, str, int]]) -> str:
    """Stacked bars: one per department (the 15 with most projects), segments by grade."""
    by_dept: dict[str, dict[str, int]] = {}
    for dept, grade, count in rows:
        if grade in overview_charts.GRADES:      # an ungraded project is neither 差 nor drawn
            by_dept.setdefault(dept, {})[grade] = by_dept.get(dept, {}).get(grade, 0) + count
    if not by_dept:
        return _EMPTY.format("暂无数据")
    depts = sorted(by_dept, key=lambda d: (-sum(by_dept[d].values()), d))[:MAX_DEPARTMENTS]
    series = tuple((d, *(by_dept[d].get(g, 0) for g in GRADES)) for d in depts)
    return overview_charts.grade_bars(series)


def score_vs_rate(cells: list[tuple[int, int, int]]) -> str:
    """Score against execution rate as 5-point cells (bins clamped to 0–100)."""
    if not cells:
        return _EMPTY.format("暂无数据")
    merged: dict[tuple[int, int], int] = {}
    for rate_bin, score_bin, n in cells:
        key = (min(max(rate_bin, 0), 20), min(max(score_bin, 0), 20))
        merged[key] = merged.get(key, 0) + n
    return overview_charts.score_vs_rate(tuple((rb, sb, n) for (rb, sb), n in sorted(merged.items())))


def self_vs_review(rows: list[dict[str, object]]) -> str:
    """Per department: mean self score against mean 财政 re-review score."""
    if not rows:
        return _EMPTY.format("暂无复核数据")
    series = tuple((str(r["department"]), float(Decimal(str(r["self"]))), float(Decimal(str(r["review"]))))
                   for r in rows)
    return overview_charts.self_vs_review(series)
