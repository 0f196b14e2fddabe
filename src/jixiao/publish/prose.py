"""Section templates: the facts of a project written as the paragraphs a preparer would sign.

Each function turns one section's facts into whole paragraphs of 公文 Chinese (several
clauses joined by ，and ；, not one sentence per paragraph, not a numbered list that
repeats a table). Nothing here judges the report: what is missing is simply not said —
drafts with gaps are stopped earlier (``gaps.missing_facts``) and reviewer remarks go to
the separate 复核意见 document. Pure functions over ``jixiao.core`` values.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ..core.model import Comparator, Funding, Project, RuleKind, Target
from ..core.money import fmt, fmt_money, fmt_rate, rate
from ..core.rules import Status
from ..core.scoring import ScoreCard, ScoredNode
from . import facts

CATEGORY_ORDER = ("产出", "成本", "效益", "满意度")


def strip_end(text: str) -> str:
    return facts.tidy(text).rstrip("。；;，, ")


def join_cn(items: Sequence[str]) -> str:
    """A、B和C: how a Chinese list of names ends."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return "、".join(items[:-1]) + "和" + items[-1]


def basis_sentence(project: Project) -> str:
    docs = [f"《{d.title.strip('《》')}》" + (f"（{d.number}）" if d.number else "") for d in project.basis]
    return f"项目立项依据主要有{join_cn(docs)}。" if docs else ""


def units_intro(project: Project) -> str:
    owner = project.department or project.implementing_unit
    names = [u.name for u in project.units]
    if not names:
        return ""
    lead = f"{owner}是该项目的主管部门，" if owner else ""
    return f"{lead}{join_cn(names)}共{len(names)}个单位（部门）参与项目实施，职责分工如下："


def _sources_clause(funding: Funding) -> str:
    parts = [f"{s.name}{fmt_money(s.amounts.initial)}万元" for s in funding.sources if s.amounts.initial is not None]
    return f"，其中{'、'.join(parts)}" if parts else ""


def funding_paragraphs(funding: Funding) -> list[str]:
    """预算安排 → 调整 → 执行 in one paragraph; 政府采购 and 资金用途 in a second."""
    t = funding.total
    segments: list[str] = []
    if t.initial is not None:
        segments.append(f"该项目年初预算{fmt_money(t.initial)}万元{_sources_clause(funding)}")
    delta = t.adjustment
    if delta:
        reasons = "；".join(strip_end(r) for r in funding.adjustment_reasons("total"))
        change = f"年中{'调增' if delta > 0 else '调减'}{fmt_money(abs(delta))}万元"
        change += f"，主要原因是{reasons}" if reasons else ""
        segments.append(f"{change}，调整后全年预算{fmt_money(t.adjusted)}万元")
    elif t.adjusted is not None and t.adjusted != t.initial:
        segments.append(f"全年预算{fmt_money(t.adjusted)}万元")
    if t.actual is not None:
        executed = f"实际支出{fmt_money(t.actual)}万元"
        if t.execution_rate is not None:
            executed += f"，预算执行率{fmt_rate(t.execution_rate)}"
        segments.append(executed)
    text = "；".join(segments)
    if text and not text.startswith("该项目"):
        text = "该项目" + text
    out = [text + "。"] if text else []
    low = strip_end(funding.low_execution_reason)
    if low and out:
        out[0] += f"预算未全部执行，主要原因是{low}。"
    second = []
    p = funding.procurement
    if not p.is_empty:
        pieces = [f"{label}{fmt_money(v)}万元" for label, v in
                  (("年初预算", p.initial), ("全年预算", p.adjusted), ("实际执行", p.actual)) if v is not None]
        if pieces:
            rate_text = f"，执行率{fmt_rate(p.execution_rate)}" if p.execution_rate is not None else ""
            second.append(f"其中政府采购{'，'.join(pieces)}{rate_text}")
            reasons = "；".join(strip_end(r) for r in funding.adjustment_reasons("procurement"))
            if reasons and p.adjustment:
                second[-1] += f"，采购预算调整的原因是{reasons}"
    if funding.purposes:
        second.append(f"项目资金用于{strip_end(funding.purposes)}")
    if second:
        tail = "；".join(second) + "。"
        if out:
            out[0] += tail
        else:
            out.append(tail)
    return out


def _group(target: Target) -> str:
    for word in CATEGORY_ORDER:
        if word in target.category:
            return word
    return target.category or "其他"


def goal_words(t: Target) -> str:
    """年度指标值 in words for prose: 不低于95%, 不高于300元/人次, 10—20个, or the qualitative words."""
    if t.value is None:
        return f"“{t.value_text}”" if t.value_text else ""
    if t.comparator is Comparator.RANGE and t.upper is not None:
        return f"{fmt(t.value)}—{fmt(t.upper)}{t.unit}"
    prefix = {Comparator.GE: "不低于", Comparator.LE: "不高于"}.get(t.comparator, "")
    return f"{prefix}{fmt(t.value)}{t.unit}"


def _reason(t: Target) -> str:
    """The 偏差原因 with its inner ；kept as a comma, so it reads inside one sentence."""
    return strip_end(t.deviation_reason).replace("；", "，").replace(";", "，")


def target_sentence(t: Target) -> str:
    """A target that needs more than a figure: missed, exceeded with a reason, or qualitative."""
    goal, actual = goal_words(t), facts.target_actual_text(t)
    met = facts.target_met(t)
    if met is None:
        return f"{t.name}实际为“{actual}”，年度目标为{goal}。"
    goal = f"{fmt(t.value)}{t.unit}" if t.value is not None and t.comparator is not Comparator.RANGE else goal
    if met:
        return f"{t.name}{actual}，超过{goal}的年度目标，主要是{_reason(t)}。"
    verb, what = ("超出", "控制目标") if t.comparator is Comparator.LE else ("未达到", "年度目标")
    reason = _reason(t)
    return f"{t.name}{actual}，{verb}{goal}的{what}" + (f"，主要原因是{reason}。" if reason else "。")


def _plain(t: Target) -> bool:
    """Met without a remark: listed together in one clause."""
    return facts.target_met(t) is True and not (t.deviation_reason.strip() and t.actual != t.value)


def category_paragraph(group: str, targets: Sequence[Target]) -> str:
    plain = [f"{t.name}{facts.target_actual_text(t)}（目标{goal_words(t)}）" for t in targets if _plain(t)]
    unreported = [f"{t.name}{goal_words(t)}" for t in targets if not t.has_actual]
    parts = []
    if plain:
        parts.append(f"{'、'.join(plain)}，{'均' if len(plain) > 1 else ''}达到年度目标。")
    if unreported:
        parts.append(f"年度目标{'还包括' if plain else '为'}{'、'.join(unreported)}。")
    parts += [target_sentence(t) for t in targets if t.has_actual and not _plain(t)]
    return f"从{group}指标看，" + "".join(parts) if parts else ""


def targets_paragraphs(project: Project) -> list[str]:
    """The count of targets, then one paragraph per category (产出, 效益, 满意度…)."""
    targets = project.targets
    if not targets:
        return []
    numeric = [t for t in targets if facts.target_met(t) is not None]
    met = sum(1 for t in numeric if facts.target_met(t))
    qualitative = [t for t in targets if t.has_actual and facts.target_met(t) is None]
    head = f"项目共设置绩效指标{len(targets)}项"
    if numeric and len(numeric) + len(qualitative) == len(targets):
        done = f"已完成{met}项" + (f"、未完全完成{len(numeric) - met}项" if met < len(numeric) else "")
        head += f"，其中定量指标{len(numeric)}项（{done}）" if qualitative else f"，{done}"
        head += f"，定性指标{len(qualitative)}项" if qualitative else ""
    groups: dict[str, list[Target]] = {}
    for t in targets:
        groups.setdefault(_group(t), []).append(t)
    order = sorted(groups, key=lambda g: CATEGORY_ORDER.index(g) if g in CATEGORY_ORDER else len(CATEGORY_ORDER))
    paragraphs = [x for x in (category_paragraph(g, groups[g]) for g in order) if x]
    if not paragraphs:
        return [head + "。"]
    return [f"{head}。{paragraphs[0]}", *paragraphs[1:]]


def mentions_total(text: str, card: ScoreCard) -> bool:
    """Does the user's own conclusion already state the total? Then we do not state it again."""
    return f"{fmt(card.total)}分" in text.replace(" ", "")


def conclusion_sentence(card: ScoreCard) -> str:
    return f"经综合评价，该项目自评得分{fmt(card.total)}分，评价等级为“{card.grade}”。"


def _loss_clause(node: ScoredNode, project: Project) -> str:
    lost = node.weight - (node.score or Decimal(0))
    stated = node.indicator.reason.strip()
    target = project.target(node.indicator.target) if node.indicator.target else None
    reason = strip_end(stated or (target.deviation_reason if target is not None else "")).replace("；", "，")
    text = f"“{node.name}”得{fmt(node.score)}分，扣{fmt(lost)}分"
    if reason:
        return f"{text}，主要是{reason}"
    if node.rule is RuleKind.EXECUTION_RATE and project.funding.total.execution_rate is not None:
        return f"{text}，按预算执行率{fmt_rate(project.funding.total.execution_rate)}计分"
    if node.rule not in (None, RuleKind.JUDGED) and node.status is Status.SCORED and target is not None \
            and target.has_actual:
        return f"{text}，按实际完成{facts.target_actual_text(target)}、目标{facts.target_value_text(target)}计分"
    return text


def dimension_paragraph(node: ScoredNode, project: Project) -> str:
    """A 一级 dimension: its weight and score, then each deduction with its reason, in one paragraph."""
    label = node.name if node.name.endswith(("指标", "情况")) else f"{node.name}"
    if node.score is None or not any(x.score is not None for x in _leaves(node)):
        return ""   # nothing scored under it: no 0分 to report
    pct = rate(node.score, node.weight)
    text = f"{label}方面，该部分分值{fmt(node.weight)}分，自评得分{fmt(node.score)}分"
    text += f"，得分率{fmt_rate(pct)}" if pct is not None else ""
    lost = facts.losses(node, project)
    leaves = _leaves(node)
    full = [x for x in leaves if x.score is not None and x.score >= x.weight]
    all_full = len(full) + len(lost) == len(leaves)   # an unscored leaf: no claim about "the rest"
    if not lost:
        return text + ("，各项指标均得满分。" if all_full else "。")
    clauses = "".join(_loss_clause(x.node, project) + "。" for x in lost)
    tail = "其余指标均得满分。" if all_full and full else ""
    return f"{text}。其中，{clauses}{tail}"


def problems_paragraphs(project: Project) -> list[str]:
    """The preparer's problems, each with its cause, numbered 1. 2. as the seed prints them."""
    out = []
    for i, p in enumerate(project.narrative.problems, 1):
        text = strip_end(p.text)
        cause = strip_end(p.cause)
        out.append(f"{i}.{text}。" + (f"主要原因是{cause}。" if cause else ""))
    return out


def numbered(items: Sequence[str]) -> list[str]:
    return [f"{i}.{strip_end(text)}。" for i, text in enumerate(items, 1) if strip_end(text)]


def signature(project: Project, signed: str) -> tuple[str, str]:
    """落款: the unit that signs (主管部门, else 实施单位) and the date in Chinese."""
    return project.department or project.implementing_unit, signed


def _leaves(node: ScoredNode) -> list[ScoredNode]:
    return [node] if node.is_leaf else [leaf for c in node.children for leaf in _leaves(c)]
