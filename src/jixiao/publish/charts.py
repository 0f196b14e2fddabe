"""Charts where a reader would rather look than read: scores against weights, budget, targets.

Chart data is taken from the model as Decimal and turned into float only here, at the
matplotlib boundary. Rendering is a pure function of that data, so identical inputs reuse
one image (a batch of reports for the same template draws each chart once).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..core import field_labels as fl
from ..core.model import Comparator, Project
from ..core.money import fmt, rate
from ..core.scoring import ScoreCard
from .fonts import matplotlib_family

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.typing import RcKeyType

Series = tuple[tuple[Any, ...], ...]   # rows of (label, figures…) as floats

# black-and-white safe: greys and hatching with black edges, never colour alone (reports are photocopied)
EDGE, LIGHT, MID, DARK = "#000000", "#ffffff", "#bfbfbf", "#404040"


def score_series(card: ScoreCard) -> Series:
    return tuple((r.name, float(r.weight), float(r.score or 0)) for r in card.roots)


def budget_series(project: Project) -> Series:
    """(label, 年初预算数, 全年预算数, 全年执行数, 执行率) for the total and, if any, procurement."""
    t, p = project.funding.total, project.funding.procurement
    rows = [("项目资金", t)] + ([("政府采购", p)] if not p.is_empty else [])
    return tuple((label, float(a.initial or 0), float(a.adjusted or 0), float(a.actual or 0),
                  float(a.execution_rate or 0)) for label, a in rows)


def target_series(project: Project) -> Series:
    """Every target: (name, actual/value in % or None, label, reverse).

    The ratio is always 实际完成值 / 年度指标值, so a bar's length and its label agree; for a
    反向 (≤) target such as a unit cost, above 100% means over the ceiling. A target without a
    numeric actual keeps its row, with its words (定性) or a dash instead of a bar.
    """
    out: list[tuple[str, float | None, str, bool]] = []
    for t in project.targets:
        reverse = t.comparator is Comparator.LE
        pct = rate(t.actual, t.value) if t.value and t.actual is not None else None
        if pct is not None:
            out.append((t.name, float(pct), f"{fmt(pct)}%", reverse))
        else:
            out.append((t.name, None, t.actual_text or "无实际完成值", reverse))
    return tuple(out)


def _short(label: str, width: int = 14) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


def _draw_scores(ax: Axes, series: Series) -> None:
    names = [_short(s[0]) for s in series][::-1]
    weights = [s[1] for s in series][::-1]
    scores = [s[2] for s in series][::-1]
    ax.barh(names, weights, color=LIGHT, edgecolor=EDGE, linewidth=0.8, label="分值", height=0.6)
    ax.barh(names, scores, color=DARK, edgecolor=EDGE, linewidth=0.8, label="得分", height=0.34)
    right = max(weights or [1]) * 1.05
    for i, (w, s) in enumerate(zip(weights, scores, strict=True)):
        ax.text(right, i, f"{fmt(Decimal(str(s)))}/{fmt(Decimal(str(w)))}", va="center", fontsize=9)
    ax.set_xlim(0, right * 1.25)
    ax.set_xlabel("分")
    ax.legend(loc="lower right", fontsize=9, frameon=False, bbox_to_anchor=(1.0, 1.0), ncol=2)


_BUDGET_STYLE = tuple((colour, hatch, name) for (colour, hatch), name in
                      zip(((LIGHT, ".."), (MID, ""), (DARK, "")), fl.MONEY_COLUMNS, strict=True))


def _draw_budget(ax: Axes, series: Series) -> None:
    from matplotlib.patches import Patch

    width = 0.26
    for i, (_, initial, adjusted, done, _rate) in enumerate(series):
        for k, (value, (colour, hatch, _)) in enumerate(zip((initial, adjusted, done), _BUDGET_STYLE, strict=True)):
            bar = ax.bar(i + (k - 1) * width, value, width, color=colour, hatch=hatch, edgecolor=EDGE,
                         linewidth=0.8)[0]
            ax.text(bar.get_x() + bar.get_width() / 2, value, f"{value:.2f}", ha="center", va="bottom", fontsize=8)
    ax.set_xticks(range(len(series)), [f"{row[0]}\n执行率{row[4]:.2f}%" for row in series])
    ax.set_ylabel("万元")
    ax.legend(handles=[Patch(facecolor=c, hatch=h, edgecolor=EDGE, label=label) for c, h, label in _BUDGET_STYLE],
              fontsize=9, frameon=False, loc="upper right")
    top = max((max(row[1:4]) for row in series), default=1.0)
    ax.set_ylim(0, top * 1.3)


LIMIT = 150.0   # bars longer than this are cut, with a break mark; the label keeps the real ratio


def _draw_targets(ax: Axes, series: Series) -> None:
    names = [_short(s[0], 16) + ("（反向）" if s[3] else "") for s in series][::-1]
    rows = list(series)[::-1]
    for i, (_, pct, label, reverse) in enumerate(rows):
        if pct is not None:
            good = pct <= 100 if reverse else pct >= 100
            ax.barh(i, min(pct, LIMIT), color=DARK if good else LIGHT, hatch="" if good else "///",
                    edgecolor=EDGE, linewidth=0.8, height=0.55)
            if pct > LIMIT:
                ax.text(LIMIT, i, "≫", va="center", ha="center", fontsize=9, color=LIGHT)
        ax.text(LIMIT + 8, i, label, va="center", fontsize=9)   # a column right of every bar
    ax.set_yticks(range(len(rows)), names)
    ax.axvline(100, color=EDGE, linewidth=1, linestyle="--")
    ax.set_xlim(0, LIMIT + 45)
    ax.set_xticks([0, 50, 100, 150])
    ax.set_xlabel("实际完成值 / 年度指标值（%）；深色为达到目标，斜线为未达到")


Painter = Callable[["Axes", Series], None]

_DRAW: dict[str, Painter] = {
    "scores": _draw_scores, "budget": _draw_budget, "targets": _draw_targets,
}


@lru_cache(maxsize=64)
def render_chart(kind: str, series: Series, fmt_: str = "png", dpi: int = 150) -> bytes:
    """Draw one report chart as PNG or SVG bytes (text as outlines in SVG, so no font is needed to view it)."""
    return _paint(_DRAW[kind], series, fmt_, dpi, rows=len(series) if kind != "budget" else 4)


def _paint(painter: Painter, series: Series, fmt_: str = "png", dpi: int = 150, *, rows: int = 4,
         width_in: float = 6.4, text_as_paths: bool = True) -> bytes:
    """The one place charts are drawn (the reports' and the web portfolio's): same faces, greys, edges.

    ``text_as_paths=False`` keeps SVG text as text (a web page has the browser's fonts, and the
    words stay selectable); a report's SVG turns text into outlines so it needs no font at all.
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    family = matplotlib_family()
    rc: dict[RcKeyType, Any] = {"svg.fonttype": "path" if text_as_paths else "none", "axes.unicode_minus": False,
                                "font.size": 10, "axes.spines.top": False, "axes.spines.right": False,
                                "svg.hashsalt": "jixiao"}
    if family:
        rc["font.family"] = [family, "DejaVu Sans"]
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=(width_in, max(2.4, 0.55 * rows + 1.2)), dpi=dpi)
        ax = fig.subplots()
        painter(ax, series)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt_, metadata={"Date": None} if fmt_ == "svg" else None)
    return buf.getvalue()


draw = lru_cache(maxsize=64)(_paint)   # identical data, one drawing (a page reloaded, a batch of reports)


def chart_series(kind: str, project: Project, card: ScoreCard) -> Series:
    if kind == "scores":
        return score_series(card)
    if kind == "budget":
        return budget_series(project)
    return target_series(project)


def chart(kind: str, project: Project, card: ScoreCard, fmt_: str = "png") -> bytes:
    return render_chart(kind, chart_series(kind, project, card), fmt_)
