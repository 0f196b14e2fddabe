"""年度总体目标 cells that hold no goal: only amounts, only the project's name, or the goal copied
into the achievement cell. Kept beside the narrative checks, which list them in their CHECKS."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from difflib import SequenceMatcher

from ..findings import Finding
from ..money import fmt, q2
from ..passages import repeated_clauses
from .base import CheckContext, finding, strs

_PUNCT = re.compile(r"[\s，,。；;：:、（）()“”\"'！!？?\-—·.]")


def plain(text: str) -> str:
    """The text without spaces and punctuation, so that copies differing only in commas compare equal."""
    return _PUNCT.sub("", text)


_ONLY_FIGURES = re.compile(r"^[\d.,，、/（）()万元\s%-]+$")


def check_goal_content(ctx: CheckContext) -> Iterator[Finding]:
    """年度总体目标 cells that hold only amounts, or only the project's name: no goal is written."""
    p = ctx.project
    for key, zh in (("goal", "预期目标"), ("achievement", "实际完成情况")):
        text = getattr(p.narrative, key).strip()
        if not text:
            continue
        if _ONLY_FIGURES.match(text) or plain(text) == plain(p.name):
            yield finding(ctx, "JX405", f"年度总体目标的{zh}栏只填了“{text[:30]}”，不是目标内容",
                          f"the overall goal's {key} cell holds only '{text[:30]}'", f"narrative.{key}",
                          "写明年度总体目标（预期产出与效果）及其完成情况", strs(text=text[:60]))


def check_achievement_copies_goal(ctx: CheckContext) -> Iterator[Finding]:
    n = ctx.project.narrative
    goal, done = plain(n.goal), plain(n.achievement)
    if len(goal) < 15 or len(done) < 15:
        return
    ratio = SequenceMatcher(None, goal, done, autojunk=False).ratio()
    if ratio >= 0.9:
        pct = q2(Decimal(str(round(ratio, 4))) * 100)
        yield finding(ctx, "JX405", f"实际完成情况与预期目标的文字相似度为{fmt(pct)}%，像是照抄目标",
                      f"the achievement text is {fmt(pct)}% similar to the goal", "narrative.achievement",
                      "逐项写明实际完成的数量、质量、时效和效益", strs(similarity=pct))


def check_goal_block(ctx: CheckContext) -> Iterator[Finding]:
    """The 年度总体目标 block as printed (``Claims.goal_cells``) when its two cells were not read apart:
    cells holding only amounts, or the 实际完成情况 repeating the 预期目标 clause for clause."""
    n, claims = ctx.project.narrative, ctx.project.claims
    cells = claims.goal_cells
    if n.goal.strip() or n.achievement.strip() or not cells:
        return      # the cells were read: check_goal_content and check_achievement_copies_goal judge them
    k = cells[0][0]
    path = f"claims.sentences[{k}]"
    if len(cells) <= 4 and all(_ONLY_FIGURES.match(text) for _, text in cells):
        shown = "”、“".join(text for _, text in cells)
        yield finding(ctx, "JX405", f"年度总体目标的预期目标/实际完成情况栏只填了“{shown}”，不是目标内容",
                      f"the overall goal's cells hold only '{shown}'", path,
                      "写明年度总体目标（预期产出与效果）及其完成情况", strs(cells=[t for _, t in cells]))
        return
    copied = repeated_clauses(cells)
    if len(copied) >= 2:
        yield finding(ctx, "JX405", f"年度总体目标的实际完成情况照抄预期目标：{len(copied)}处文字逐字相同，"
                      f"如“{copied[0][1][:30]}”", f"the achievement repeats the goal in {len(copied)} clauses",
                      f"claims.sentences[{copied[0][0]}]", "逐项写明实际完成的数量、质量、时效和效益",
                      strs(clauses=[c for _, c in copied[:5]]), excerpt=copied[0][1])
