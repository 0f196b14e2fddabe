"""Tables as grids of cells with row and column spans, shared by the DOCX and HTML writers.

The scoring table is laid out once here (merged cells per level, the 合计 row), so a
merged 一级 cell spans the same rows in Word, in the browser and in the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..core.money import fmt
from ..core.rules import Status
from ..core.scoring import ScoreCard, ScoredNode

LEVELS = 3
LEVEL_NAMES = ("一级指标", "二级指标", "三级指标")


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    align: str = "center"     # center | left | right
    header: bool = False
    bold: bool = False


Row = list[Cell | None]       # None: covered by a span from above or the left


@dataclass
class Grid:
    head: list[Row]
    body: list[Row]
    widths: list[float] = field(default_factory=list)   # relative column widths
    foot: list[Row] = field(default_factory=list)
    compact: bool = False     # many narrow columns: a smaller type size
    groups: list[int] = field(default_factory=list)   # body rows that start a group kept on one page

    @property
    def columns(self) -> int:
        return sum(c.colspan for c in (self.head or self.body)[0] if c is not None)

    def rows(self) -> list[Row]:
        return [*self.head, *self.body, *self.foot]


def leaf_paths(roots: tuple[ScoredNode, ...]) -> list[list[ScoredNode]]:
    """Each leaf with its ancestors, deeper levels folded into the third so the table keeps 3 levels."""
    out: list[list[ScoredNode]] = []

    def walk(node: ScoredNode, trail: list[ScoredNode]) -> None:
        trail = [*trail, node]
        if node.is_leaf:
            out.append([*trail[: LEVELS - 1], trail[-1]] if len(trail) > LEVELS else trail)
        for child in node.children:
            walk(child, trail)

    for root in roots:
        walk(root, [])
    return out


def leaf_count(node: ScoredNode) -> int:
    return 1 if node.is_leaf else sum(leaf_count(c) for c in node.children)


def explanation_text(node: ScoredNode) -> str:
    """指标解释 as defined, plus why points were lost; the rule's arithmetic when no definition exists."""
    # the rule's arithmetic only for a scored leaf: an unscored one's note (数据不足…) is a reviewer's remark
    text = node.indicator.explanation.strip() or (node.explanation if node.status is Status.SCORED else "")
    reason = node.indicator.reason.strip()
    if node.score is not None and node.score < node.weight and reason and reason not in text:
        text = f"{text}（扣分原因：{reason}）" if text else f"扣分原因：{reason}"
    if node.status is Status.NOT_APPLICABLE:
        text = f"{text}（不适用）" if text else "不适用"
    return text


def score_text(node: ScoredNode) -> str:
    return "—" if node.score is None else fmt(node.score)


# Page budget for one run of merged cells: a 一级 cell taller than a page would show its label
# on the first page only (Word, LibreOffice and browsers do not repeat a merged cell's text).
PAGE_MM = 180.0
_EXPLAIN_CHARS = 17       # 小五 characters per line of the 指标解释 column
_NAME_CHARS = 8           # … of the 三级指标 column
_LINE_MM = 4.4


def row_mm(leaf_name: str, explanation: str) -> float:
    """Estimated printed height of one row of the scoring table (the taller of its wrapped cells)."""
    lines = max(1, -(-len(explanation) // _EXPLAIN_CHARS), -(-len(leaf_name) // _NAME_CHARS))
    return lines * _LINE_MM + 1.6


def chunks(trails: list[list[ScoredNode]], budget: float = PAGE_MM) -> list[list[list[ScoredNode]]]:
    """Leaf rows in runs; a 一级 group taller than ``budget`` is cut so no merged cell outgrows a page."""
    out: list[list[list[ScoredNode]]] = [[]]
    used, root = 0.0, None
    for trail in trails:
        height = row_mm(trail[-1].name, explanation_text(trail[-1]))
        if trail[0] is not root:
            used, root = 0.0, trail[0]
        elif used + height > budget:
            out.append([])
            used = 0.0
        out[-1].append(trail)
        used += height
    return out


def score_grid(card: ScoreCard) -> Grid:
    """一级 | 分值 | 二级 | 分值 | 三级 | 分值 | 指标解释 | 得分, merged per level, with 合计.

    A group longer than a page is cut into runs; a run that continues a 一级 or 二级 group
    repeats its name with （续） and leaves its 分值 empty, so each column still adds up.
    """
    head: Row = []
    for name in LEVEL_NAMES:
        head += [Cell(name, header=True), Cell("分值", header=True)]
    head += [Cell("指标解释", header=True), Cell("得分", header=True)]
    body: list[Row] = []
    groups: list[int] = []
    seen: set[int] = set()
    for run in chunks(leaf_paths(card.roots)):
        spans: dict[int, int] = {}
        for trail in run:
            for node in trail[:-1]:
                spans[id(node)] = spans.get(id(node), 0) + 1
        placed: set[int] = set()
        for trail in run:
            row: Row = []
            leaf = trail[-1]
            if id(trail[0]) not in placed:
                groups.append(len(body))
            for node in trail:
                key = id(node)
                if key in placed:
                    row += [None, None]
                    continue
                placed.add(key)
                span = spans.get(key, 1)
                if key in seen:   # continued from the previous page's run
                    row += [Cell(f"{node.name}（续）", rowspan=span), Cell("", rowspan=span)]
                    continue
                seen.add(key)
                row += [Cell(node.name, rowspan=span), Cell(fmt(node.weight), rowspan=span)]
            for _ in range(LEVELS - len(trail)):
                # a leaf above the third level repeats itself in the deeper columns, as printed tables do,
                # so every level's 分值 column adds up to the total and a reader finds the leaf in 三级
                row += [Cell(leaf.name), Cell(fmt(leaf.weight))]
            row += [Cell(explanation_text(leaf), align="left"), Cell(score_text(leaf))]
            body.append(row)
    totals: Row = [Cell("合计", bold=True), Cell(fmt(card.weight_total), bold=True)]
    for level in range(1, LEVELS):
        totals += [Cell(""), Cell(fmt(level_weight(card, level + 1)), bold=True)]
    totals += [Cell(""), Cell(fmt(card.total), bold=True)]
    return Grid([head], body, widths=[1.8, 1.1, 1.8, 1.1, 2.7, 1.1, 5.6, 1.4], foot=[totals], compact=True,
                groups=groups)


def level_weight(card: ScoreCard, level: int) -> Decimal:
    """Σ 分值 printed in a level's column: its nodes, leaves standing above it, all leaves in the last."""
    if level >= LEVELS:
        return sum((n.weight for n in card.leaves()), Decimal(0))
    return sum((n.weight for n in card.nodes() if n.level == level or (n.is_leaf and n.level < level)),
               Decimal(0))
