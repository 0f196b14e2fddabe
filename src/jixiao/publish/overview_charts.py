"""The portfolio's charts (财政总览), drawn by the reports' chart code (``charts.draw``).

Same faces, greys, hatching and black edges as the report charts, so a page printed or
photocopied in black and white still tells 优 from 差. Inputs are aggregates (counts per
department and grade, counts per score × rate cell, mean scores per department), so the
drawing stays small however many projects the portfolio holds. The SVG keeps its text as
text (the browser's fonts, selectable words) and carries a ``<title>`` per mark for hover.
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING

from .charts import DARK, EDGE, LIGHT, MID, Series, draw

if TYPE_CHECKING:
    from matplotlib.axes import Axes

GRADES = ("优", "良", "中", "差")
# (fill, hatch) per grade: dark to light, the two light ones told apart by their pattern
GRADE_STYLE = {"优": (DARK, ""), "良": (MID, ""), "中": (LIGHT, "///"), "差": (LIGHT, "xxx")}
GAP = 5.0          # a self score this far above the review is drawn with a heavy line
LOW = 40.0         # the self-vs-review axis starts here: scores below are rare and would squeeze the rest


def _grades(ax: Axes, series: Series) -> None:
    """Stacked bars per department, one segment per grade, the count at the end of each bar."""
    from matplotlib.patches import Patch

    rows = list(series)[::-1]
    for i, (_, *counts) in enumerate(rows):
        left = 0
        for k, (grade, n) in enumerate(zip(GRADES, counts, strict=True)):
            if n:
                fill, hatch = GRADE_STYLE[grade]
                bar = ax.barh(i, n, left=left, color=fill, hatch=hatch, edgecolor=EDGE, linewidth=0.8, height=0.6)
                bar[0].set_gid(f"seg-{len(rows) - 1 - i}-{k}")
                left += n
        ax.text(left, i, f" {left}", va="center", fontsize=9)
    ax.set_yticks(range(len(rows)), [r[0] for r in rows])
    biggest = max((sum(r[1:]) for r in rows), default=1)
    ax.set_xlim(0, biggest * 1.12 + 0.5)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))    # counts of projects: no 0.5 ticks
    ax.set_xlabel("项目数")
    ax.legend(handles=[Patch(facecolor=GRADE_STYLE[g][0], hatch=GRADE_STYLE[g][1], edgecolor=EDGE, label=g)
                       for g in GRADES], fontsize=9, frameon=False, ncol=4, loc="lower left",
              bbox_to_anchor=(0.0, 1.0))


def _scatter(ax: Axes, series: Series) -> None:
    """Execution rate (x) against score (y) in 5-point cells, each a circle sized by its count."""
    biggest = max((n for _, _, n in series), default=1)
    for rb, sb, n in series:
        dot = ax.scatter([rb * 5 + 2.5], [sb * 5 + 2.5], s=20 + 280 * n / biggest, color=MID, edgecolor=EDGE,
                         linewidth=0.8)
        dot.set_gid(f"cell-{rb}-{sb}")
    ax.set_xlim(0, 105)
    ax.set_ylim(0, 105)
    ax.set_xticks(range(0, 101, 20), [f"{t}%" for t in range(0, 101, 20)])
    ax.set_yticks(range(0, 101, 20))
    ax.grid(True, color="#d9d9d9", linewidth=0.5)
    ax.set_axisbelow(True)
    ax.set_xlabel("预算执行率")
    ax.set_ylabel("计算得分")


def _dumbbell(ax: Axes, series: Series) -> None:
    """Per department: mean self score (filled circle) and mean review score (open square)."""
    rows = list(series)[::-1]
    for i, (_, mine, theirs) in enumerate(rows):
        wide = mine - theirs >= GAP
        ax.plot([max(theirs, LOW), max(mine, LOW)], [i, i], color=EDGE, linewidth=2.6 if wide else 0.8,
                linestyle="-" if wide else "--", zorder=1)
        ax.scatter([max(mine, LOW)], [i], marker="o", s=42, color=DARK, edgecolor=EDGE, zorder=2,
                   label="自评" if i == 0 else None).set_gid(f"self-{len(rows) - 1 - i}")
        ax.scatter([max(theirs, LOW)], [i], marker="s", s=42, color=LIGHT, edgecolor=EDGE, zorder=2,
                   label="财政复核" if i == 0 else None).set_gid(f"review-{len(rows) - 1 - i}")
    ax.set_yticks(range(len(rows)), [r[0] for r in rows])
    ax.set_xlim(LOW - 1, 101)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlabel("平均得分（粗实线：自评高出复核5分以上）")
    ax.legend(fontsize=9, frameon=False, ncol=2, loc="lower left", bbox_to_anchor=(0.0, 1.0))


_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.S)
_ROOT = re.compile(r'<svg\b[^>]*?\swidth="[^"]*"\s+height="[^"]*"')


def _page_svg(data: bytes, label: str, titles: dict[str, str]) -> str:
    """Matplotlib's SVG for a page: no prolog, full width, a label, and a hover title per mark."""
    text = data.decode("utf-8")
    text = _METADATA.sub("", text[text.index("<svg"):], count=1)
    text = _ROOT.sub(lambda m: m.group(0).split(" width=")[0] + ' width="100%"', text, count=1)
    text = text.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)
    for gid, title in titles.items():
        text = text.replace(f'<g id="{gid}">', f'<g id="{gid}"><title>{escape(title)}</title>', 1)
    return text


def grade_bars(series: Series) -> str:
    """``series``: (department, n优, n良, n中, n差) per department, largest first."""
    titles = {f"seg-{i}-{k}": f"{row[0]} {grade}：{n}项" for i, row in enumerate(series)
              for k, (grade, n) in enumerate(zip(GRADES, row[1:], strict=True)) if n}
    return _page_svg(draw(_grades, series, "svg", rows=len(series), text_as_paths=False), "各部门等级分布", titles)


def score_vs_rate(series: Series) -> str:
    """``series``: (rate bin, score bin, count), bins of 5 points."""
    titles = {f"cell-{rb}-{sb}": f"执行率{rb * 5}–{rb * 5 + 5}%，得分{sb * 5}–{sb * 5 + 5}：{n}项"
              for rb, sb, n in series}
    return _page_svg(draw(_scatter, series, "svg", rows=5, text_as_paths=False),   # same scale as the bars
                     "计算得分与预算执行率", titles)


def self_vs_review(series: Series) -> str:
    """``series``: (department, mean self score, mean review score)."""
    titles = {**{f"self-{i}": f"{r[0]} 自评 {r[1]:.2f}" for i, r in enumerate(series)},
              **{f"review-{i}": f"{r[0]} 复核 {r[2]:.2f}" for i, r in enumerate(series)}}
    return _page_svg(draw(_dumbbell, series, "svg", rows=len(series), text_as_paths=False), "自评与复核得分",
                     titles)
