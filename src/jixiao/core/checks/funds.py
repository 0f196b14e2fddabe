"""Money the prose names, against itself and the funding table: grants by level, spending, plans, rates.

Like ``claimed``, these rules read ``Project.claims`` only: figures with the words before them,
and the breakdowns the readers found ('收到资金共X万元，其中中央A万元…'). A level of government
is told by its word in the figure's label or, for a grant, in its sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from itertools import pairwise

from ..findings import Finding, Severity
from ..model import Claims, Figure, SumClaim
from ..money import fmt, fmt_money, fmt_rate, q2
from ..vocabulary import LEVEL_CUES
from .base import CheckContext, finding, strs
from .budget import arrived_funds
from .claimed import claim_path, claim_text
from .confidence import funding_doubt

_LEVELS = tuple(LEVEL_CUES.items())      # longer words first where one contains another (自治区 before 区级)
_GRANT = re.compile(r"下达|安排|配套|匹配|拨付|投入|补助")
_SPENT = re.compile(r"支出|执行|使用|拨付到|发放")
_RECEIVED = re.compile(r"收到|下达|到位|安排")
_OTHER_MONEY = re.compile(r"结转|结余|其他资金|自筹|社会资金|上年")


def level_of(claims: Claims, f: Figure) -> str | None:
    """The level of government a grant figure belongs to (中央/省级/地方), from its words or its sentence."""
    for word, level in _LEVELS:
        if word in f.label:
            return level
    if not _GRANT.search(f.label):
        return None
    head = claim_text(claims, f.sentence).split(f.text)[0]
    found = [(head.rfind(word), level) for word, level in _LEVELS if word in head]
    return max(found)[1] if found else None


def _part_ids(claims: Claims) -> set[int]:
    return {id(p) for s in claims.sums for p in s.parts}


def grants(claims: Claims) -> dict[str, Figure]:
    """The first grant stated for each level ('中央下达…600万元', '市县财政配套资金300万元')."""
    parts = _part_ids(claims)
    out: dict[str, Figure] = {}
    for f in claims.figures:
        if f.wan is None or id(f) in parts or not _GRANT.search(f.label) or _SPENT.search(f.label):
            continue
        level = level_of(claims, f)
        if level is not None:
            out.setdefault(level, f)
    return out


def check_sources_total(ctx: CheckContext) -> Iterator[Finding]:
    """Grants of each level named in the prose against the budget they make up (B3)."""
    claims, budget = ctx.project.claims, ctx.project.funding.total.adjusted
    if budget is None or budget <= 0:
        return
    levels = grants(claims)
    if len(levels) < 2:
        return
    got = sum((f.wan for f in levels.values() if f.wan is not None), Decimal(0))
    others = {q2(f.wan) for f in claims.figures if f.wan is not None and _OTHER_MONEY.search(f.label)}
    if q2(budget - got) in others or q2(abs(budget - got)) in _changes(claims):
        return          # the gap is the 上年结转 / 其他资金, or the 调减/追加, the text names
    if any(f.wan is not None and q2(f.wan) == q2(got) and _TOTAL_WORD.search(f.label) for f in claims.figures):
        return          # the text states this sum itself (年初预算合计…): the grants make up another total
    known = {q2(v) for v in (ctx.project.funding.total.initial, budget, ctx.project.funding.total.actual)
             if v is not None}
    if q2(got) in known or got > budget * 2 or got < budget / 2:
        return
    diff = budget - got
    parts = "＋".join(f"{level}{fmt_money(f.wan)}" for level, f in levels.items())
    last = max(f.sentence for f in levels.values())
    yield finding(
        ctx, "JX414", f"各级资金{parts}＝{fmt_money(got)}万元，与全年预算数{fmt_money(budget)}万元相差"
        f"{fmt_money(diff)}万元，差额来源未说明",
        f"the grants by level add up to {fmt_money(got)} but the budget is {fmt_money(budget)}",
        claim_path(last), "说明差额的来源（上年结转、其他资金等），或核对各级资金金额",
        strs(levels={k: str(v.wan) for k, v in levels.items()}, computed=got, budget=budget, difference=diff),
        excerpt=claim_text(claims, last))


_CHANGE_WORD = re.compile(r"调减|调增|追加|追减|压减|收回|调整")
_TOTAL_WORD = re.compile(r"合计|共计|总计|共|总额")


def _changes(claims: Claims) -> set[Decimal]:
    return {q2(f.wan) for f in claims.figures if f.wan is not None and _CHANGE_WORD.search(f.label)}


def _by_level(claims: Claims, claim: SumClaim) -> dict[str, Figure]:
    out: dict[str, Figure] = {}
    for p in claim.parts:
        level = next((lv for word, lv in _LEVELS if word in p.label), None)
        if level is not None and p.wan is not None:
            out.setdefault(level, p)
    return out


def check_source_spending(ctx: CheckContext) -> Iterator[Finding]:
    """A level's spending against what it received: more spent than received, or money left unspent."""
    claims = ctx.project.claims
    received = dict(grants(claims))
    spent: dict[str, Figure] = {}
    for claim in claims.sums:
        if claim.kind != "breakdown":
            continue
        label = claim.whole.label
        target = spent if _SPENT.search(label) else received if _RECEIVED.search(label) else None
        if target is not None:
            for level, f in _by_level(claims, claim).items():
                target.setdefault(level, f)
    for level, out in spent.items():
        got = received.get(level)
        if got is None or got.wan is None or out.wan is None or q2(out.wan) == q2(got.wan):
            continue
        diff = out.wan - got.wan
        over = diff > 0
        zh = (f"{level}资金支出{fmt_money(out.wan)}万元，超过收到（下达）的{fmt_money(got.wan)}万元"
              f"（多{fmt_money(diff)}万元），超出部分的来源未说明" if over else
              f"{level}资金收到{fmt_money(got.wan)}万元、支出{fmt_money(out.wan)}万元，{fmt_money(-diff)}万元未支出，"
              "请核对是否说明了原因")
        yield finding(ctx, "JX415", zh, f"{level} funds: received {fmt_money(got.wan)}, spent {fmt_money(out.wan)}",
                      claim_path(out.sentence), "说明该级资金超支的来源（如上年结转）或未支出的原因",
                      strs(level=level, received=got.wan, spent=out.wan, difference=diff),
                      excerpt=claim_text(claims, out.sentence), severity=None if over else Severity.INFO)


_PER = {"元/人": ("人", "人次", "名"), "元/人次": ("人次",), "元/户": ("户",), "元/名": ("名", "人"), "元/辆": ("辆",),
        "元/次": ("次",)}
_UNSPENT = re.compile(r"剩余|尾款|未付|未支付|结余|未执行|未使用")


def check_product_units(ctx: CheckContext) -> Iterator[Finding]:
    """'2元' where 50人 × 400元/人 = 20000元 = 2万元: the amount lost its 万."""
    claims = ctx.project.claims
    standards = [f for f in claims.figures if f.unit in _PER]
    counts = [f for f in claims.figures if any(f.unit in units for units in _PER.values())]
    for f in claims.figures:
        if f.unit != "元" or f.value <= 0 or f.value >= 10000:
            continue
        for s in standards:
            c = next((c for c in counts if c.unit in _PER[s.unit] and c.value * s.value == f.value * 10000), None)
            if c is None:
                continue
            yield finding(ctx, "JX411", f"金额写作“{f.text}”，而{c.text}×{fmt(s.value)}{s.unit}＝{fmt(c.value * s.value)}元，"
                          f"即{fmt(f.value)}万元：单位应为万元",
                          f"the amount is printed as {f.text}, but {c.text} × {s.text} makes {fmt(f.value)} 万元",
                          claim_path(f.sentence), "核对金额单位（元/万元）",
                          strs(printed=f.text, count=c.text, standard=s.text), excerpt=claim_text(claims, f.sentence))
            return


def check_unspent_claims(ctx: CheckContext) -> Iterator[Finding]:
    """'剩余5%尾款未付' against the share actually unspent, 1 − 全年执行数/全年预算数 (B7)."""
    claims, total = ctx.project.claims, ctx.project.funding.total
    rate = total.execution_rate
    if rate is None or rate > 100:
        return
    if funding_doubt(ctx, "actual", "adjusted"):
        return
    unspent = 100 - rate
    for claim in claims.rates:
        f = claim.rate
        if not _UNSPENT.search(f.label + claim_text(claims, f.sentence).split(f.text, 1)[-1][:6]):
            continue
        if abs(f.value - unspent) <= 1:
            continue
        after = claim_text(claims, f.sentence).split(f.text, 1)[-1]
        said = f.label[-8:] + f.text + re.split(r"[,;。]", after)[0][:6]
        yield finding(ctx, "JX401", f"文中称“{said}”，但按全年执行数{fmt_money(total.actual)}/"
                      f"全年预算数{fmt_money(total.adjusted)}，未执行部分为{fmt_rate(unspent)}",
                      f"the text gives {f.text} as unspent, but {fmt_rate(unspent)} of the budget was not spent",
                      claim_path(f.sentence), "按实际未执行比例说明原因，并说明其余部分的去向",
                      strs(claimed=f.value, computed=q2(unspent)), excerpt=claim_text(claims, f.sentence))
        return


_PLANNED = re.compile(r"任务|计划|目标|年初|申请|预算")
_DONE = re.compile(r"完成|实际|支出|执行")
_ITEM_WORDS = re.compile(r"^(其中|含|包括|具体是|主要是)")


def _item(label: str) -> str:
    return _ITEM_WORDS.sub("", label).strip(",、:")


def check_plan_against_done(ctx: CheckContext) -> Iterator[Finding]:
    """A planned figure and its result side by side: a task missed, or an item spent beyond its plan.

    '计划任务800户，实际完成720户' (a note: the reason may be given elsewhere);
    '其中人员培训200000元 … 其中人员培训230000元' under a planned and a spent whole.
    """
    claims = ctx.project.claims
    by_sentence: dict[int, list[Figure]] = {}
    for f in claims.figures:
        by_sentence.setdefault(f.sentence, []).append(f)
    for figures in by_sentence.values():
        for a, b in pairwise(figures):
            if (a.unit != b.unit or not a.unit or a.wan is not None or a.unit == "%" or a.value <= 0
                    or not _PLANNED.search(a.label) or not _DONE.search(b.label) or b.value >= a.value):
                continue
            pct = fmt_rate(b.value * 100 / a.value)
            yield finding(ctx, "JX418", f"文中{a.label}{a.text}，{b.label}{b.text}（{pct}），未完成；请核对是否说明了原因",
                          f"planned {a.text}, done {b.text} ({pct})",
                          claim_path(b.sentence), "说明未完成的原因", strs(planned=a.value, done=b.value),
                          excerpt=claim_text(claims, b.sentence), severity=Severity.INFO)
    plans = [s for s in claims.sums if s.kind == "breakdown" and _PLANNED.search(s.whole.label)
             and not _DONE.search(s.whole.label[-6:])]
    dones = [s for s in claims.sums if s.kind == "breakdown" and _DONE.search(s.whole.label[-8:])]
    for plan in plans:
        for done in dones:
            if done is plan:
                continue
            planned = {_item(p.label): p for p in plan.parts if p.wan is not None}
            for part in done.parts:
                before = planned.get(_item(part.label))
                if before is None or before.wan is None or part.wan is None or part.wan <= before.wan:
                    continue
                yield finding(ctx, "JX418", f"「{_item(part.label)}」实际{part.text}，超出计划{before.text}"
                              f"（多{fmt(part.value - before.value)}{part.unit}），超支未说明",
                              f"'{_item(part.label)}' spent {part.text} against a plan of {before.text}",
                              claim_path(part.sentence), "说明超出计划的原因及资金来源",
                              strs(item=_item(part.label), planned=before.value, spent=part.value),
                              excerpt=claim_text(claims, part.sentence))


_FUNDS_RATE = re.compile(r"(?:经费|资金)[^,;。]{0,4}(?:发放|支付|使用|支出|拨付)率")


def check_funds_rate_claims(ctx: CheckContext) -> Iterator[Finding]:
    """'奖补经费拨付率为95%' against what the text itself says was spent of what was received."""
    claims = ctx.project.claims
    received = next((s.whole for s in claims.sums if s.kind == "breakdown" and _RECEIVED.search(s.whole.label)
                     and not _SPENT.search(s.whole.label)), None)
    spent = next((s.whole for s in claims.sums if s.kind == "breakdown" and _SPENT.search(s.whole.label[-6:])), None)
    if received is None or spent is None or not received.wan or spent.wan is None or spent.wan > received.wan:
        return
    computed = spent.wan * 100 / received.wan
    for claim in claims.rates:
        f = claim.rate
        if not _FUNDS_RATE.search(f.label) or abs(f.value - computed) <= 1:
            continue
        yield finding(ctx, "JX401", f"文中称“{f.label[-8:]}{f.text}”，而文中支出{spent.text}/收到{received.text}为"
                      f"{fmt_rate(computed)}", f"the text claims {f.text}, but spent / received gives {fmt_rate(computed)}",
                      claim_path(f.sentence), "核对比率口径与金额", strs(claimed=f.value, computed=q2(computed)),
                      excerpt=claim_text(claims, f.sentence), severity=Severity.INFO)
        return


_SPENT_WORDS = re.compile(r"支付|支出|使用|执行")


def check_wholly_spent_claims(ctx: CheckContext) -> Iterator[Finding]:
    """'资金已全部支付' while the table's spending is below the budget, or '全额到位' while the money the
    prose says arrived is below it: the same money stated two ways."""
    claims, total = ctx.project.claims, ctx.project.funding.total
    arrived = arrived_funds(ctx)
    budget = total.adjusted
    if arrived is not None and arrived.wan is not None and budget and q2(arrived.wan) < q2(budget) \
            and total.actual is not None and not funding_doubt(ctx, "adjusted"):   # no actual: JX208 says it
        for k, word in claims.statuses:
            if "到位" in word:       # '资金已全额到位' beside '实际到位资金X万元' below the budget
                yield finding(ctx, "JX419", f"文中称“{word}”，但实际到位资金{fmt_money(arrived.wan)}万元少于全年预算数"
                              f"{fmt_money(budget)}万元（少{fmt_money(budget - arrived.wan)}万元）",
                              f"the text says '{word}' but only {fmt_money(arrived.wan)} of {fmt_money(budget)} arrived",
                              claim_path(k), "如实表述资金到位情况", strs(word=word, arrived=arrived.wan, adjusted=budget),
                              excerpt=claim_text(claims, k))
                return
    rate = total.execution_rate
    if rate is None or rate >= 100 or total.actual is None or funding_doubt(ctx, "actual", "adjusted"):
        return
    for k, word in claims.statuses:
        spent = bool(_SPENT_WORDS.search(word))
        if not spent and "到位" in word and arrived is not None:
            continue        # arrival is stated with its figure, which agrees: arrival is not spending
        yield finding(ctx, "JX419", f"文中称“{word}”，但全年执行数{fmt_money(total.actual)}万元只占全年预算数"
                      f"{fmt_money(total.adjusted)}万元的{fmt_rate(rate)}", f"the text says '{word}' but only "
                      f"{fmt_rate(rate)} of the budget was spent", claim_path(k), "如实表述资金支付（拨付）进度",
                      strs(word=word, rate=rate), excerpt=claim_text(claims, k),
                      severity=None if spent else Severity.INFO)   # 拨付/到位 may be to the units, not spending
        return


CHECKS = (check_sources_total, check_source_spending, check_product_units, check_unspent_claims,
          check_plan_against_done, check_funds_rate_claims, check_wholly_spent_claims)
