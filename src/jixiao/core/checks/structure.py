"""Structure and weights: what the scoring engine found about the tree, plus the printed 合计.

The engine already detects weights that do not add up, scores outside [0, weight], missing
weights and framework mismatches while it scores; the checker reuses those findings (same
codes) instead of re-deriving them, and adds the comparison with the printed weight total.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

from ..findings import Finding, Severity, Source
from ..model import Record
from ..money import fmt
from .base import CheckContext, finding, partial_table, shown_name, strs
from .confidence import misaligned_table

# Scoring findings handled elsewhere: JX301 is enriched by the targets family.
_ENRICHED = frozenset({"JX301"})
_UNCONFIRMED = ("评分表未读到合计行或总分，可能未读全", "no total row or total score was read, so the table may be incomplete")
# Weight findings that only hold for a table read in full.
_WEIGHT_SUMS = frozenset({"JX101", "JX103"})


def _hedged(ctx: CheckContext, f: Finding) -> Finding:
    """A weight finding on a table the reader could not read in full: information, with the reason.

    A scrambled or truncated table yields partial weight sums; an error there would accuse
    the report of what the reading lost.
    """
    reasons = partial_table(ctx.project) if f.code in _WEIGHT_SUMS else []
    p = ctx.project
    if (f.code in _WEIGHT_SUMS and p.record is Record.PUBLISHED and p.stated.weight_total is None
            and p.stated.total is None):
        reasons = [*reasons, _UNCONFIRMED]      # no 合计 row or 总分 read: the table may not have been read to its end
    if not reasons:
        return f
    zh = "；".join(r[0] for r in reasons)
    en = "; ".join(r[1] for r in reasons)
    return replace(f, severity=Severity.INFO, message=f"{f.message}（仅供参考：{zh}）",
                   message_en=f"{f.message_en} (for information: {en})",
                   data={**f.data, "partial_table": [r[1] for r in reasons]})


def check_scoring_findings(ctx: CheckContext) -> Iterator[Finding]:
    """Every finding the score card carries, located in the project's source."""
    if ctx.card is None:
        return
    p = ctx.project
    fallback = (p.source_of(f"indicators/{p.indicators[0].name}") if p.indicators else None) \
        or p.source_of("name") or Source(file="<computed>")
    missing = [f for f in ctx.card.findings if f.code == "JX103"]
    if (over := misaligned_table(ctx)):
        yield finding(ctx, "JX005", f"评分表有{len(over)}行得分高于分值，分值列与得分列未能可靠对齐；未按行复核分值与得分",
                      f"{len(over)} rows score above their weight: the weight and score columns were not aligned "
                      "with confidence, so rows were not checked", over[0].path or "indicators",
                      "核对评分表的分值列与得分列", strs(rows=[f.path for f in over]), severity=Severity.INFO)
        return
    for f in ctx.card.findings:
        if f.code in _ENRICHED or (f.code == "JX103" and len(missing) > 3):
            continue
        yield _hedged(ctx, f.located(p.source_of(f.path) or fallback))
    if len(missing) > 3:      # a table read without its 分值 column: one finding, not one per row
        names = [f.path.rsplit("/", 1)[-1] for f in missing]
        yield _hedged(ctx, finding(ctx, "JX103", f"{len(missing)}项指标没有分值：" + "、".join(f"「{n}」" for n in names[:5])
                      + ("等" if len(names) > 5 else ""),
                      f"{len(missing)} indicators have no weight", missing[0].path, "为各指标填写分值",
                      strs(paths=[f.path for f in missing])))


def check_weight_total(ctx: CheckContext) -> Iterator[Finding]:
    """The printed 分值合计 must equal the weights of the tree actually scored."""
    stated = ctx.project.stated.weight_total
    if ctx.card is None or stated is None or not ctx.card.roots:
        return
    computed = ctx.card.weight_total
    top = [f for f in ctx.card.findings if f.code == "JX101" and f.path == "indicators"]
    if stated == ctx.policy.weight_total and top:
        return      # the engine reports this sum against the same 100 already: one defect, one message
    if stated != computed:
        yield _hedged(ctx, finding(
            ctx, "JX101", f"表中分值合计填{fmt(stated)}，各一级指标分值之和为{fmt(computed)}（相差{fmt(stated - computed)}）",
            f"the printed weight total is {fmt(stated)} but the first-level weights add up to {fmt(computed)}",
            "stated.weight_total", "核对各一级指标分值或表中合计",
            strs(stated=stated, computed=computed, difference=stated - computed)))


def check_printed_scores(ctx: CheckContext) -> Iterator[Finding]:
    """A printed score above its weight or below zero, on rows the engine recomputes (C9).

    The engine flags judged scores itself; a formula row's printed score is otherwise never
    looked at, so a table printing 12 of 10 for 完成率 would pass unseen.
    """
    if ctx.card is None or misaligned_table(ctx):
        return
    flagged = {f.path for f in ctx.card.findings if f.code == "JX102"}
    for node in ctx.card.leaves():
        printed = node.indicator.score
        if printed is None or node.path in flagged or node.weight <= 0 or 0 <= printed <= node.weight:
            continue
        yield finding(ctx, "JX102", f"「{shown_name(node.path)}」得分{fmt(printed)}超出分值范围[0, {fmt(node.weight)}]",
                      f"'{node.name}' is printed with {fmt(printed)} points, outside [0, {fmt(node.weight)}]",
                      f"{node.path}.score", "得分不得高于分值或低于0",
                      strs(weight=node.weight, score=printed))


_POINTS = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")


def check_header_points(ctx: CheckContext) -> Iterator[Finding]:
    """Points printed in a section header ('年度绩效目标(80分)') against the weights printed under it (D1)."""
    if ctx.card is None or misaligned_table(ctx):
        return
    p = ctx.project
    unsure = bool(partial_table(p)) or (p.record is Record.PUBLISHED and p.stated.weight_total is None
                                        and p.stated.total is None)
    for node in ctx.card.nodes():
        m = _POINTS.search(node.name)
        if m is None or not node.children or any(c.indicator.weight is None for c in node.children):
            continue
        printed = Decimal(m.group(1))
        got = sum((c.indicator.weight or Decimal(0) for c in node.children), Decimal(0))
        if got == printed:
            continue
        tail = "（评分表可能未读全，仅供参考）" if unsure else ""
        yield finding(ctx, "JX105", f"「{node.name}」标明{fmt(printed)}分，其下各项分值合计{fmt(got)}分{tail}",
                      f"'{node.name}' is headed {fmt(printed)} points but its items weigh {fmt(got)}",
                      node.path, "使标题分值与下级分值一致", strs(printed=printed, computed=got),
                      severity=Severity.INFO if unsure else None)


def _bare(name: str) -> str:
    """An indicator's name as a note names it: without '(N分)' and without 指标."""
    return _POINTS.sub("", name).strip().removesuffix("指标")


def check_note_weights(ctx: CheckContext) -> Iterator[Finding]:
    """Weights a table note gives ('注:产出指标50分,效益指标30分', ``Claims.note_weights``) against the
    weights of the rows of those names (D1). A name matching no row, or several, is not compared."""
    if ctx.card is None or misaligned_table(ctx) or not ctx.project.claims.note_weights:
        return
    nodes = [n for n in ctx.card.nodes() if n.path.count("/") <= 2 and n.indicator.weight is not None]
    unsure = bool(partial_table(ctx.project))
    for k, name, points in ctx.project.claims.note_weights:
        same = [n for n in nodes if _bare(n.name) == name]
        if len(same) != 1:
            continue
        node, printed = same[0], Decimal(points)
        if node.weight == printed:
            continue
        tail = "（评分表可能未读全，仅供参考）" if unsure else ""
        yield finding(ctx, "JX105", f"表注称「{name}」{fmt(printed)}分，表中「{node.name}」分值为{fmt(node.weight)}分{tail}",
                      f"the table note gives '{name}' {fmt(printed)} points, the table {fmt(node.weight)}",
                      f"claims.sentences[{k}]", "使表注与表中分值一致", strs(note=printed, table=node.weight),
                      excerpt=ctx.project.claims.sentences[k], severity=Severity.INFO if unsure else None)


CHECKS = (check_scoring_findings, check_weight_total, check_printed_scores, check_header_points, check_note_weights)
