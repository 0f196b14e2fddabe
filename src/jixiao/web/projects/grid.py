"""The 自评表 grid: one row per 三级指标, grouped by its 一级/二级 指标, as the form users know.

The grid is built from the score card's tree (the project merged with its framework) and the
framework's open categories. Every group is identified by the tuple of names from the root,
taken from the tree's structure, and a posted row names its group by number. Nothing here
splits a path string, so a name holding "/" (人/次) stays one name.

Two column sets: a framework whose 三级指标 are the project's own targets (财预〔2020〕10号) gets
年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因; a framework with fixed 三级指标 (决策/管理/产出/效益)
gets 分值 | 指标解释 | 得分 | 扣分原因, and its declared targets (which no indicator scores) a
table of their own. Applying a posted grid is ``grid_apply``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ...core.model import Comparator, Indicator, RuleKind, Target, Tier, normalise_name
from ...core.scoring import ScoreCard, ScoredNode

COMPARATOR_LABELS = {Comparator.GE.value: "≥ 不低于", Comparator.LE.value: "≤ 不高于",
                     Comparator.EQ.value: "＝ 等于", Comparator.RANGE.value: "区间",
                     Comparator.QUALITATIVE.value: "定性"}
TIERS = [t.value for t in Tier]
ROW_FIELDS = ("g", "k", "o", "tid", "n", "c", "v", "u", "a", "w", "s", "t", "r", "x")
MAX_ROWS = 500
RANGE_MARKS = ("～", "~", "至", "—", "－")


@dataclass
class Row:
    kind: str                     # "open" (the project's own) or "fixed" (the framework's)
    name: str
    values: dict[str, str]
    node: ScoredNode | None = None
    anchor_paths: list[str] = field(default_factory=list)


@dataclass
class Group:
    key: int
    names: tuple[str, ...]
    open: bool
    weight: Decimal | None
    explanation: str
    rows: list[Row] = field(default_factory=list)
    kind: str = "indicators"      # or "targets": declared targets that no indicator scores

    @property
    def title(self) -> str:
        return self.names[-1] if self.names else "其他指标"

    @property
    def level(self) -> int:
        return len(self.names)


@dataclass
class Grid:
    mode: str                     # "selfeval" or "generic"
    groups: list[Group]
    execution: ScoredNode | None  # the 预算执行率 leaf, shown in the header block
    others: Group | None = None   # targets without an indicator (a fixed framework scores none of them)

    def rows(self) -> Iterable[Row]:
        for g in self.all_groups():
            yield from g.rows

    def all_groups(self) -> list[Group]:
        return [*self.groups, *([self.others] if self.others is not None else [])]


def _key(name: str) -> str:
    return normalise_name(name)


def _plain(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def _target_cells(t: Target | None) -> dict[str, str]:
    if t is None:
        return {"tid": "", "c": "≥", "v": "", "u": "", "a": "", "r": ""}
    if t.comparator is Comparator.QUALITATIVE:
        value = t.value_text or _plain(t.value)
    elif t.comparator is Comparator.RANGE and t.upper is not None:
        value = f"{_plain(t.value)}～{_plain(t.upper)}"
    else:
        value = _plain(t.value) or t.value_text
    actual = _plain(t.actual) if t.actual is not None else t.actual_text
    return {"tid": t.id, "c": t.comparator.value, "v": value, "u": t.unit, "a": actual, "r": t.deviation_reason}


def _row(node: ScoredNode, kind: str, targets: dict[str, Target]) -> Row:
    ind = node.indicator
    t = targets.get(ind.target) if ind.target else None
    values = {"k": kind, "o": ind.name, "n": ind.name, "w": _plain(node.weight if kind == "fixed" else ind.weight),
              "s": _plain(ind.score), "t": ind.tier.value if ind.tier else "", "x": ind.explanation,
              **_target_cells(t)}
    if t is None:
        values["r"] = ind.reason
    return Row(kind, ind.name, values, node, [node.path])


def build_grid(card: ScoreCard | None) -> Grid:
    """Groups and rows from a score card (None: a project that cannot be scored yet)."""
    if card is None:
        return Grid("selfeval", [], None)
    framework_nodes = card.framework.indicators
    targets = {t.id: t for t in card.project.targets}
    groups: list[Group] = []
    execution: list[ScoredNode] = []
    no_framework = not framework_nodes

    def visit(cards: tuple[ScoredNode, ...], frames: tuple[Indicator, ...], names: tuple[str, ...],
              group: Group | None) -> None:
        by_name = {_key(c.name): c for c in cards}
        pairs: list[tuple[ScoredNode | None, Indicator | None]] = []
        for f in frames:
            pairs.append((by_name.pop(_key(f.name), None), f))
        pairs += [(c, None) for c in cards if _key(c.name) in by_name]
        for scored, frame in pairs:
            name = scored.name if scored is not None else frame.name if frame is not None else ""
            is_open = bool(frame and frame.open) or (no_framework and scored is not None and not scored.is_leaf)
            if scored is not None and scored.is_leaf and not is_open and not (frame and frame.children):
                if scored.rule is RuleKind.EXECUTION_RATE and not execution:
                    execution.append(scored)
                    continue
                if group is None:
                    group = _group(groups, names, False, None, "")
                group.rows.append(_row(scored, "open" if group.open and frame is None else "fixed", targets))
                continue
            if scored is None and frame is not None and not frame.open and not frame.children:
                continue      # a fixed framework leaf the card dropped: nothing to show
            weight = scored.weight if scored is not None else frame.weight if frame is not None else None
            sub = _group(groups, (*names, name), is_open, weight, frame.explanation if frame else "")
            visit(scored.children if scored is not None else (), frame.children if frame else (), sub.names, sub)

    visit(card.roots, framework_nodes, (), None)
    groups = [g for g in groups if g.rows or g.open or any(o.names[:g.level] == g.names for o in groups
                                                             if o is not g and (o.rows or o.open))]
    fixed_judged = any(r.kind == "fixed" for g in groups for r in g.rows)
    has_targets = any(r.values["tid"] for g in groups for r in g.rows)
    mode = "generic" if fixed_judged or (no_framework and not has_targets) else "selfeval"
    others = Group(0, (), True, None, "", kind="targets")
    others.rows = _place_unbound(groups, card.project.targets, mode)
    for g in groups:
        g.key = groups.index(g)
    others.key = len(groups)
    _anchor_targets([*groups, others], card.project.targets)
    return Grid(mode, groups, execution[0] if execution else None, others)


def _group(groups: list[Group], names: tuple[str, ...], is_open: bool, weight: Decimal | None,
           explanation: str) -> Group:
    g = Group(len(groups), names, is_open, weight, explanation)
    groups.append(g)
    return g


def _strip(name: str) -> str:
    return _key(name).removesuffix("指标")


def _place_unbound(groups: list[Group], targets: tuple[Target, ...], mode: str) -> list[Row]:
    """A declared target no indicator uses yet becomes a row of its category (without a 分值), in a
    自评表; the rest (all of them under a fixed framework) are listed as targets of their own."""
    bound = {r.values["tid"] for g in groups for r in g.rows}
    rest: list[Row] = []
    for t in targets:
        if t.id in bound:
            continue
        home = next((g for g in groups if g.open and g.level >= 2 and _strip(g.names[-1]) == _key(t.subcategory)
                     and _strip(g.names[-2]) == _key(t.category)), None) if mode == "selfeval" else None
        values = {"k": "open", "o": "", "n": t.name, "w": "", "s": "", "t": "", "x": "", **_target_cells(t)}
        (home.rows if home is not None else rest).append(Row("open", t.name, values))
    return rest


def _anchor_targets(groups: list[Group], targets: tuple[Target, ...]) -> None:
    index = {t.id: i for i, t in enumerate(targets)}
    for g in groups:
        for r in g.rows:
            if r.values["tid"] in index:
                r.anchor_paths.append(f"targets[{index[r.values['tid']]}]")
