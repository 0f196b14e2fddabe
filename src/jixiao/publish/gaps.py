"""What a draft still lacks before its report can be written, in the preparer's words.

A department's report never says "未填报实际完成值" or "未说明扣分原因": those are a
reviewer's findings. So a *draft* with such gaps is refused with the list of facts to
supply (the CLI prints it, ``jixiao score`` and the editor can show it), while a
*published* record (a faithful copy of a report already issued) is written as it stands,
silently leaving out what it does not say. Pure: imports only ``jixiao.core``.

Each fact is named as the editor, the diff and the review name its field (``core.field_labels``):
绩效目标「…」的实际完成值, 评分表「产出指标 › …」的扣分原因.
"""

from __future__ import annotations

from ..core import field_labels as fl
from ..core.model import Project, Record, RuleKind
from ..core.rules import Status
from ..core.scoring import ScoreCard, ScoredNode
from . import facts


def _trails(card: ScoreCard) -> dict[str, tuple[str, ...]]:
    """Each scored node's names from its root, as the diff and the evidence list show its place."""
    out: dict[str, tuple[str, ...]] = {}
    stack: list[tuple[ScoredNode, tuple[str, ...]]] = [(node, (node.name,)) for node in card.roots]
    while stack:
        node, names = stack.pop()
        out[node.path] = names
        stack.extend((c, (*names, c.name)) for c in node.children)
    return out


def missing_facts(project: Project, card: ScoreCard) -> list[str]:
    """Each fact the report needs and the project does not give, as a short Chinese line."""
    out: list[str] = []
    target, indicators = fl.of("targets").zh, fl.of("indicators").zh
    trail = _trails(card)
    for t in project.targets:
        if not t.has_actual:
            out.append(f"{target}「{t.name}」的{fl.of('targets.actual').zh}")
        elif facts.target_met(t) is False and not t.deviation_reason.strip():
            out.append(f"{target}「{t.name}」的{fl.of('targets.deviation_reason').zh}"
                       f"（未达到{fl.of('targets.value').zh}的原因）")
    for node in card.leaves():
        if node.score is None or node.score >= node.weight or node.status is Status.NOT_APPLICABLE:
            continue
        if node.indicator.reason.strip() or (node.rule not in (None, RuleKind.JUDGED)
                                             and node.status is Status.SCORED):
            continue   # stated, or the rule's own arithmetic (completion, execution rate) explains it
        linked = project.target(node.indicator.target) if node.indicator.target else None
        if linked is not None and linked.deviation_reason.strip():
            continue
        place = " › ".join(trail.get(node.path, (node.name,)))
        out.append(f"{indicators}「{place}」的{fl.of('indicators.reason').zh}（{fl.of('indicators.score').zh}"
                   f"{facts.score_text(node.score)}分，{fl.of('indicators.weight').zh}{facts.score_text(node.weight)}分）")
    n = project.narrative
    if n.problems and not n.measures:
        out.append(f"针对{fl.of('narrative.problems').zh}的{fl.of('narrative.measures').zh}")
    return out


def refuse_draft(project: Project, card: ScoreCard) -> list[str]:
    """The gaps that stop a draft's report; a published record is never refused."""
    return [] if project.record is Record.PUBLISHED else missing_facts(project, card)


def gaps_message(gaps: list[str]) -> tuple[str, str]:
    """(zh, en) for a refused draft: every missing fact, one per line."""
    zh = "自评报告草稿缺少以下内容，请补充后再生成报告：\n" + "\n".join(f"  {i}. {g}" for i, g in
                                                          enumerate(gaps, 1))
    en = (f"the draft lacks {len(gaps)} fact(s) the report needs (listed above in Chinese); fill them in "
          "and publish again")
    return zh, en
