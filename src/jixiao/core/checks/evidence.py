"""Evidence (佐证材料): in the strict profile, full marks must cite what supports them (F1)."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..model import normalise_name
from ..money import fmt
from .base import CheckContext, finding, is_full, strs


def check_full_marks_evidence(ctx: CheckContext) -> Iterator[Finding]:
    p = ctx.project
    supported = {normalise_name(e.supports) for e in p.evidence if e.supports}
    for node in ctx.leaves():
        leaf = node.indicator
        if not is_full(node) or leaf.evidence:
            continue
        target = p.target(leaf.target) if leaf.target else None
        if target is not None and target.evidence:
            continue
        keys = {normalise_name(node.name), normalise_name(node.path.removeprefix("indicators/"))}
        if target is not None:
            keys.add(target.id)
        if keys & supported:
            continue
        yield finding(ctx, "JX501", f"「{node.name}」得满分{fmt(node.weight)}，未列佐证材料",
                      f"'{node.name}' has full marks ({fmt(node.weight)}) but cites no evidence",
                      node.path, "列出支撑该得分的佐证材料（合同、验收报告、签到表、财务凭证等）",
                      strs(indicator=node.name, weight=node.weight))


CHECKS = (check_full_marks_evidence,)
