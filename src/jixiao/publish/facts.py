"""Facts → sentences: every number a report prints about money, targets and scores.

Pure functions over ``jixiao.core`` values (no I/O, no document libraries), so the DOCX,
HTML, Markdown and PDF outputs all say the same thing in the same words, and no figure is
ever typed by hand into a narrative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..core.model import Amounts, Comparator, Funding, Project, RuleKind, Target, target_met
from ..core.money import fmt, fmt_money, fmt_rate, rate
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
    for tail in ("项目支出绩效自评报告", "部门整体支出绩效自评报告", "绩效自评报告"):
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


def _amount_clauses(a: Amounts, initial: str, adjusted: str, actual: str, rate_label: str) -> list[str]:
    parts = []
    if a.initial is not None:
        parts.append(f"{initial}{fmt_money(a.initial)}万元")
    if a.adjusted is not None:
        parts.append(f"{adjusted}{fmt_money(a.adjusted)}万元")
    if a.actual is not None:
        parts.append(f"{actual}{fmt_money(a.actual)}万元")
    if a.execution_rate is not None:
        parts.append(f"{rate_label}{fmt_rate(a.execution_rate)}")
    return parts


def _change(a: Amounts, what: str) -> str:
    delta = a.adjustment
    if delta is None or delta == 0:
        return ""
    verb = "调增" if delta > 0 else "调减"
    share = rate(abs(delta), a.initial)
    pct = f"（{fmt_rate(share)}）" if share is not None else ""
    return f"{what}较年初预算{verb}{fmt_money(abs(delta))}万元{pct}"


def _adjustment(funding: Funding, applies_to: str, label: str) -> list[str]:
    """The sentence on a budget change and its stated reasons, or nothing when unchanged."""
    amounts = funding.total if applies_to == "total" else funding.procurement
    change = _change(amounts, label)
    if not change:
        return []
    reasons = funding.adjustment_reasons(applies_to)
    return [change + (f"，调整原因：{'；'.join(reasons)}。" if reasons else "。")]


def funding_sentences(funding: Funding) -> list[str]:
    """年初预算…万元，调整后全年预算…万元，全年执行…万元，预算执行率…%, then procurement and sources."""
    out: list[str] = []
    clauses = _amount_clauses(funding.total, "年初预算", "调整后全年预算", "全年执行", "预算执行率")
    if clauses:
        out.append("该项目" + "，".join(clauses) + "。")
    out.extend(_adjustment(funding, "total", "全年预算"))
    proc = _amount_clauses(funding.procurement, "年初预算", "全年预算", "全年执行", "执行率")
    if proc:
        out.append("其中政府采购" + "，".join(proc) + "。")
        out.extend(_adjustment(funding, "procurement", "政府采购全年预算"))
    for source in funding.sources:
        parts = _amount_clauses(source.amounts, "年初预算", "全年预算", "全年执行", "执行率")
        if parts:
            out.append(f"资金来源{source.name}：" + "，".join(parts) + "。")
    if funding.purposes:
        out.append(f"资金主要用于{funding.purposes.rstrip('。')}。")
    if funding.low_execution_reason:
        out.append(f"执行率偏低的原因：{funding.low_execution_reason.rstrip('。')}。")
    return out


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
    if t.actual is not None:
        return f"{fmt(t.actual)}{t.actual_unit or t.unit}"
    return t.actual_text or "未填报"


def target_status(t: Target) -> str:
    met = target_met(t)
    if met is None:
        return "未填报实际完成值" if not t.has_actual else "定性评价"
    if met:
        return "已完成"
    pct = rate(t.actual, t.value) if t.comparator is not Comparator.LE else rate(t.value, t.actual)
    return f"未完成（完成率{fmt_rate(pct)}）" if pct is not None else "未完成"


def target_sentence(t: Target) -> str:
    """One line per target: 指标值 against 实际完成值, and whether it was met."""
    if not t.has_actual:
        return f"{t.name}：年度指标值{target_value_text(t)}，未填报实际完成值。"
    text = f"{t.name}：年度指标值{target_value_text(t)}，实际完成值{target_actual_text(t)}，{target_status(t)}"
    if t.deviation_reason:
        text += f"；偏差原因：{t.deviation_reason.rstrip('。')}"
    return text + "。"


def target_summary(project: Project) -> str:
    targets = project.targets
    if not targets:
        return ""
    met = sum(1 for t in targets if target_met(t))
    unmet = sum(1 for t in targets if target_met(t) is False)
    missing = sum(1 for t in targets if not t.has_actual)
    parts = [f"共设置绩效目标{len(targets)}项", f"已完成{met}项"]
    if unmet:
        parts.append(f"未完成{unmet}项")
    if missing:
        parts.append(f"{missing}项未填报实际完成值")
    return "，".join(parts) + "。"


def score_text(value: Decimal | None) -> str:
    return "—" if value is None else fmt(value)


def conclusion_sentence(card: ScoreCard) -> str:
    """综合评分与等级, with each 一级 dimension's score: the figures of 二、（一）."""
    dims = "、".join(f"{r.name}{score_text(r.score)}分（分值{fmt(r.weight)}分）" for r in card.roots)
    text = f"综合评分为{fmt(card.total)}分（满分{fmt(card.weight_total)}分），评价等级为“{card.grade}”。"
    if dims:
        text += f"其中{dims}。"
    return text


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
        return f"按规则计分（{node.explanation}）"
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


def loss_text(loss: Loss) -> str:
    why = f"，原因：{loss.reason.rstrip('。')}" if loss.reason else "，未说明扣分原因"
    return f"{loss.node.name}得{fmt(loss.node.score)}分（分值{fmt(loss.node.weight)}分），扣{fmt(loss.lost)}分{why}"


def dimension_sentence(node: ScoredNode, project: Project | None = None) -> str:
    """A 一级 dimension in one paragraph: weight, score, rate, and every deduction with its reason."""
    if node.score is None:
        state = "不适用" if node.status is Status.NOT_APPLICABLE else "数据不足，未能计分"
        return f"{node.name}分值{fmt(node.weight)}分，{state}。"
    pct = rate(node.score, node.weight)
    text = f"{node.name}分值{fmt(node.weight)}分，得分{fmt(node.score)}分"
    text += f"，得分率{fmt_rate(pct)}。" if pct is not None else "。"
    lost = losses(node, project)
    if not lost:
        return text + "各项指标均得满分。"
    return text + "扣分指标：" + "；".join(loss_text(x) for x in lost) + "。"


def losses_summary(card: ScoreCard) -> str:
    lost = losses(card)
    if not lost:
        return "评分表中各项指标均得满分。"
    items = "、".join(f"{x.node.name}（扣{fmt(x.lost)}分）" for x in lost)
    return f"评分表中共有{len(lost)}项指标扣分：{items}，合计扣{fmt(sum((x.lost for x in lost), Decimal(0)))}分。"


def dimension_key(name: str) -> str:
    """项目决策情况 / 从项目绩效角度分析 → 决策 / 绩效: the word that ties a section to a dimension."""
    for word in ("从", "项目", "情况", "角度", "分析", "指标", "。", "."):
        name = name.replace(word, "")
    return name.strip()


SYNONYMS = {"过程": "管理", "管理": "过程"}


def matches_dimension(heading: str, dimension: str) -> bool:
    h, d = dimension_key(heading), dimension_key(dimension)
    return bool(h) and bool(d) and (h in d or d in h or SYNONYMS.get(h) == d)
