"""Facts → sentences: every number a report prints about money, targets and scores.

Pure functions over ``jixiao.core`` values (no I/O, no document libraries), so the DOCX,
HTML, Markdown and PDF outputs all say the same thing in the same words, and no figure is
ever typed by hand into a narrative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..core.achievement import target_met
from ..core.model import Comparator, Project, RuleKind, Target
from ..core.money import fmt
from ..core.rules import Status
from ..core.scoring import ScoreCard, ScoredNode

CN_NUMBERS = "一二三四五六七八九十"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_FOLD_SPACE = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])")


def tidy(text: str) -> str:
    """Drop the spaces YAML folding leaves between Chinese characters (中文换行不加空格)."""
    return _FOLD_SPACE.sub("", text.strip())


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十: enough for section and item numbering."""
    if n <= 10:
        return CN_NUMBERS[n - 1]
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else CN_NUMBERS[tens - 1] + "十"
    return head + (CN_NUMBERS[ones - 1] if ones else "")


def circled(n: int) -> str:
    return CIRCLED[n - 1] if n <= len(CIRCLED) else f"({n})"


def report_title(project: Project) -> str:
    kind = "部门整体支出" if project.kind.value == "department" else "项目支出"
    year = f"{project.year}年度" if project.year else ""
    return f"{year}{project.name}{kind}绩效自评报告"


TITLE_LINE = 20   # characters of 2号 (22 pt) type that fit one line of the 156 mm text block


def title_lines(title: str) -> list[str]:
    """Break a long title before 项目支出/部门整体支出…, never inside a word (公文标题回行要词意完整)."""
    if len(title) <= TITLE_LINE:
        return [title]
    for tail in ("项目支出绩效自评报告复核意见", "部门整体支出绩效自评报告复核意见", "项目支出绩效自评报告",
                 "部门整体支出绩效自评报告", "绩效自评报告复核意见", "绩效自评报告"):
        if title.endswith(tail) and len(title) > len(tail):
            return [title[: -len(tail)], tail]
    return [title]


def cover_fields(project: Project) -> list[tuple[str, str]]:
    """The cover block, in the order the seed prints it."""
    fields = [("项目名称", project.name), ("主管部门（公章）", project.department)]
    if project.implementing_unit and project.implementing_unit != project.department:
        fields.append(("实施单位", project.implementing_unit))
    fields += [("项目负责人", "、".join(project.leads)), ("填报人", project.preparer), ("联系电话", project.phone)]
    return fields


def _comparator_prefix(t: Target) -> str:
    return {Comparator.GE: "≥", Comparator.LE: "≤"}.get(t.comparator, "")


def target_value_text(t: Target) -> str:
    """年度指标值 as printed: ≥98%, 5000份, 10–20个, or the qualitative words."""
    if t.value is None:
        return t.value_text or "—"
    if t.comparator is Comparator.RANGE and t.upper is not None:
        return f"{fmt(t.value)}–{fmt(t.upper)}{t.unit}"
    return f"{_comparator_prefix(t)}{fmt(t.value)}{t.unit}"


def target_actual_text(t: Target) -> str:
    """实际完成值 as printed; a dash when the project gives none (the report does not comment on it)."""
    if t.actual is not None:
        return f"{fmt(t.actual)}{t.actual_unit or t.unit}"
    return t.actual_text or "—"


def target_status(t: Target) -> str:
    """完成情况 column: 已完成 / 未完成 / 定性 (judged in the scoring table) / — (nothing reported)."""
    met = target_met(t)
    if met is None:
        return "定性指标" if t.has_actual else "—"
    return "已完成" if met else "未完成"


def score_text(value: Decimal | None) -> str:
    return "—" if value is None else fmt(value)


@dataclass(frozen=True, slots=True)
class Loss:
    """A leaf that scored below its weight, the points lost, and why (as stated or as computed)."""

    node: ScoredNode
    lost: Decimal
    reason: str = ""


def loss_reason(node: ScoredNode, project: Project | None = None) -> str:
    """The stated reason, else the bound target's 偏差原因, else the rule's own arithmetic."""
    ind = node.indicator
    if ind.reason.strip():
        return ind.reason.strip()
    target = project.target(ind.target) if project is not None and ind.target else None
    if target is not None and target.deviation_reason.strip():
        return target.deviation_reason.strip()
    if node.rule not in (None, RuleKind.JUDGED) and node.status is Status.SCORED and node.explanation:
        return node.explanation
    return ""


def losses(node_or_card: ScoredNode | ScoreCard, project: Project | None = None) -> list[Loss]:
    if isinstance(node_or_card, ScoreCard):
        nodes, project = list(node_or_card.leaves()), project or node_or_card.project
    else:
        nodes = _leaves(node_or_card)
    return [Loss(n, n.weight - n.score, loss_reason(n, project)) for n in nodes
            if n.score is not None and n.score < n.weight and n.status is not Status.NOT_APPLICABLE]


def _leaves(node: ScoredNode) -> list[ScoredNode]:
    if node.is_leaf:
        return [node]
    return [leaf for c in node.children for leaf in _leaves(c)]


def dimension_key(name: str) -> str:
    """项目决策情况 / 从项目绩效角度分析 → 决策 / 绩效: the word that ties a section to a dimension."""
    for word in ("从", "项目", "情况", "角度", "分析", "指标", "。", "."):
        name = name.replace(word, "")
    return name.strip()


SYNONYMS = {"过程": "管理", "管理": "过程"}


def matches_dimension(heading: str, dimension: str) -> bool:
    h, d = dimension_key(heading), dimension_key(dimension)
    return bool(h) and bool(d) and (h in d or d in h or SYNONYMS.get(h) == d)
