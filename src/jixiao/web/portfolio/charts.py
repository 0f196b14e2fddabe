"""Inline SVG charts, drawn on the server: no JavaScript and no build step.

Inputs are aggregates (counts per department and grade, counts per score × rate cell), so
the SVG stays small however many projects the portfolio holds.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

GRADE_COLOURS = {"优": "#2e7d32", "良": "#7cb342", "中": "#f9a825", "差": "#c62828", "": "#9e9e9e"}
GRADES = ["优", "良", "中", "差"]


def grade_bars(rows: list[tuple[str, str, int]], width: int = 640) -> str:
    """Stacked horizontal bars: one per department, segments by grade."""
    by_dept: dict[str, dict[str, int]] = {}
    for dept, grade, count in rows:
        by_dept.setdefault(dept, {})[grade or ""] = by_dept.get(dept, {}).get(grade or "", 0) + count
    if not by_dept:
        return '<p class="muted">暂无数据</p>'
    depts = sorted(by_dept, key=lambda d: -sum(by_dept[d].values()))[:15]
    label_w, bar_h, gap = _label_width(depts), 18, 8
    width = max(width, label_w + 300)
    biggest = max(sum(by_dept[d].values()) for d in depts)
    plot_w = width - label_w - 60
    height = len(depts) * (bar_h + gap) + 36
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
             f'role="img" aria-label="各部门等级分布">']
    for i, dept in enumerate(depts):
        y = i * (bar_h + gap) + 4
        parts.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end" font-size="12">{escape(dept)}</text>')
        x = float(label_w)
        for grade in [*GRADES, ""]:
            n = by_dept[dept].get(grade, 0)
            if not n:
                continue
            w = plot_w * n / biggest
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                         f'fill="{GRADE_COLOURS[grade]}"><title>{escape(dept)} {grade or "未评"}：{n}项</title></rect>')
            x += w
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 13}" font-size="11" fill="#555">'
                     f'{sum(by_dept[dept].values())}</text>')
    ly = height - 14
    for j, grade in enumerate(GRADES):
        lx = label_w + j * 60
        parts.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{GRADE_COLOURS[grade]}"/>'
                     f'<text x="{lx + 16}" y="{ly}" font-size="12">{grade}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _label_width(names: list[str]) -> int:
    """Room for the longest full department name (12 px a character), so no name is cut."""
    return max(120, 12 * max((len(n) for n in names), default=0) + 12)


def score_vs_rate(cells: list[tuple[int, int, int]], width: int = 420, height: int = 320) -> str:
    """Score (y) against execution rate (x), as 5-point cells sized by project count."""
    if not cells:
        return '<p class="muted">暂无数据</p>'
    left, bottom, top, right = 44, 36, 10, 12
    pw, ph = width - left - right, height - top - bottom
    biggest = max(n for _, _, n in cells)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
             f'role="img" aria-label="得分与预算执行率">',
             f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="#fafafa" stroke="#ccc"/>']
    for tick in range(0, 101, 20):
        x = left + pw * tick / 100
        y = top + ph - ph * tick / 100
        parts.append(f'<text x="{x:.1f}" y="{height - bottom + 14}" font-size="10" text-anchor="middle">{tick}%</text>'
                     f'<text x="{left - 4}" y="{y + 3:.1f}" font-size="10" text-anchor="end">{tick}</text>'
                     f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + ph}" stroke="#eee"/>')
    for rate_bin, score_bin, n in cells:
        rb, sb = min(max(rate_bin, 0), 20), min(max(score_bin, 0), 20)
        cx = left + pw * (rb * 5 + 2.5) / 105
        cy = top + ph - ph * (sb * 5 + 2.5) / 105
        r = 2.5 + 9 * (n / biggest) ** 0.5
        parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="#1565c0" fill-opacity="0.55">'
                     f'<title>执行率{rb * 5}–{rb * 5 + 5}%，得分{sb * 5}–{sb * 5 + 5}：{n}项</title></circle>')
    parts.append(f'<text x="{left + pw / 2}" y="{height - 4}" font-size="11" text-anchor="middle">预算执行率</text>'
                 f'<text x="12" y="{top + ph / 2}" font-size="11" transform="rotate(-90 12 {top + ph / 2})" '
                 f'text-anchor="middle">计算得分</text></svg>')
    return "".join(parts)


def self_vs_review(rows: list[dict[str, object]], width: int = 640) -> str:
    """Per department: mean self score against mean 财政 re-review score (a dumbbell)."""
    if not rows:
        return '<p class="muted">暂无复核数据</p>'
    label_w, row_h = _label_width([str(r["department"]) for r in rows]), 24
    width = max(width, label_w + 300)
    lo = 40
    plot_w = width - label_w - 30
    height = len(rows) * row_h + 30

    def x_of(v: Decimal) -> float:
        return label_w + plot_w * float(max(min(v, Decimal(100)), Decimal(lo)) - lo) / (100 - lo)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
             f'role="img" aria-label="自评与复核得分">']
    for i, row in enumerate(rows):
        y = i * row_h + 14
        dept = str(row["department"])
        mine, theirs = Decimal(str(row["self"])), Decimal(str(row["review"]))
        colour = "#c62828" if mine - theirs >= 5 else "#555"
        parts.append(f'<text x="{label_w - 6}" y="{y + 4}" text-anchor="end" font-size="12">{escape(dept)}</text>'
                     f'<line x1="{x_of(theirs):.1f}" y1="{y}" x2="{x_of(mine):.1f}" y2="{y}" stroke="{colour}" '
                     f'stroke-width="2"/><circle cx="{x_of(mine):.1f}" cy="{y}" r="5" fill="#f9a825">'
                     f'<title>自评 {mine:.2f}</title></circle><circle cx="{x_of(theirs):.1f}" cy="{y}" r="5" '
                     f'fill="#1565c0"><title>复核 {theirs:.2f}</title></circle>')
    base = height - 8
    for tick in range(lo, 101, 10):
        parts.append(f'<text x="{x_of(Decimal(tick)):.1f}" y="{base}" font-size="10" text-anchor="middle">{tick}</text>')
    parts.append("</svg>")
    return "".join(parts)
