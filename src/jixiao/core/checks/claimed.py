"""Rules over the prose claims (``Project.claims``): each compares numbers the readers already read.

None of these rules reads Chinese: the readers (readers/claims.py) turned the prose into
figures, sums, rates, dates, item numbers and 文号 with a located sentence each; a rule holds
a claim to its own arithmetic or to the funding table. Findings point at the sentence
(``claims.sentences[i]``), so the location is the words at fault.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from ..findings import Finding, Severity
from ..model import Claims, Figure, SumClaim
from ..money import fmt, fmt_money, fmt_rate, q2
from .base import CheckContext, digits, finding, strs
from .confidence import funding_doubt

_LEVELS = (("中央", "中央"), ("自治区", "省级"), ("省级", "省级"), ("省", "省级"), ("市县", "地方"),
           ("市级", "地方"), ("县级", "地方"), ("地方", "地方"), ("配套", "地方"), ("匹配", "地方"),
           ("本级", "地方"))
_GRANT = re.compile(r"下达|安排|配套|匹配|拨付|投入|补助")
_SPENT = re.compile(r"支出|执行|使用|拨付到|发放")
_RECEIVED = re.compile(r"收到|下达|到位|安排")
_OTHER_MONEY = re.compile(r"结转|结余|其他资金|自筹|社会资金|上年")


def _where(k: int) -> str:
    return f"claims.sentences[{k}]"


def _sentence(claims: Claims, k: int) -> str:
    return claims.sentences[k] if 0 <= k < len(claims.sentences) else ""


def _value(f: Figure) -> Decimal:
    return f.wan if f.wan is not None else f.value


def _at_precision(value: Decimal, stated: Decimal) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-digits(stated)), rounding=ROUND_HALF_UP)


def sum_problem(claim: SumClaim) -> tuple[Decimal, Decimal] | None:
    """(stated whole, computed sum) in the whole's unit when a written-out sum does not add up, else None.

    A breakdown of two parts below the whole may be a selection, not a breakdown; a part as
    large as the whole means the list crosses dimensions (其中政府采购…); both pass.
    """
    whole = claim.whole
    if claim.kind in ("equation", "count"):
        got = sum((p.value for p in claim.parts), Decimal(0)) - sum((m.value for m in claim.minus), Decimal(0))
        return None if _at_precision(got, whole.value) == whole.value else (whole.value, got)
    parts = [p.wan for p in claim.parts]
    total = whole.wan
    if total is None or any(p is None for p in parts):
        return None
    known = [p for p in parts if p is not None]
    got = sum(known, Decimal(0))
    if q2(got) == q2(total) or (got < total and len(known) < 3) or any(p >= total for p in known):
        return None
    factor = whole.value / total if total else Decimal(1)
    return whole.value, got * factor


def misprinted_unit(claim: SumClaim) -> str | None:
    """The unit the whole should carry when its parts add up to its number in their own unit ('2089元' for 2089万元)."""
    units = {p.unit for p in claim.parts}
    if claim.kind != "breakdown" or len(units) != 1 or claim.whole.unit in units:
        return None
    unit = units.pop()
    got = sum((p.value for p in claim.parts), Decimal(0))
    return unit if unit and got == claim.whole.value else None


def check_sum_claims(ctx: CheckContext) -> Iterator[Finding]:
    """Sums the prose writes out (B7): 'a＋b＝c', 其中 lists, 一是…二是… items, 年初＋新增＝共."""
    claims = ctx.project.claims
    seen: set[tuple[Decimal, str]] = set()
    for claim in claims.sums:
        whole = claim.whole
        text = _sentence(claims, whole.sentence)
        if (unit := misprinted_unit(claim)) is not None:
            yield finding(
                ctx, "JX411", f"金额写作“{whole.text}”，而其分项合计为{fmt(whole.value)}{unit}，单位应为{unit}",
                f"the amount is printed as {whole.text} but its parts add up to {fmt(whole.value)} {unit}",
                _where(whole.sentence), "核对金额单位（元/万元）",
                strs(printed=whole.text, unit=unit, parts=[p.text for p in claim.parts]), excerpt=text)
            continue
        problem = sum_problem(claim)
        if problem is None or (whole.value, whole.text) in seen:
            continue
        seen.add((whole.value, whole.text))
        stated, got = problem
        unit = whole.unit
        parts = "＋".join(p.text for p in claim.parts) + "".join(f"－{m.text}" for m in claim.minus)
        if claim.kind == "count":
            zh = f"{parts}＝{fmt(got)}{unit}，文中称共{whole.text}"
        elif claim.kind == "equation":
            zh = f"算式“{parts}＝{whole.text}”不成立：各项之和为{fmt(got)}（相差{fmt(stated - got)}）"
        else:
            what = "各项" if claim.kind == "enumeration" else "所列分项"
            zh = (f"{what}{parts}合计{fmt(got)}{unit}，与所述“{whole.label[-12:]}{whole.text}”不符"
                  f"（相差{fmt(stated - got)}{unit}）")
        yield finding(ctx, "JX408", zh, f"the parts add up to {fmt(got)} but the text states {whole.text}",
                      _where(whole.sentence), "核对分项金额与总数，或补列遗漏的分项",
                      strs(kind=claim.kind, whole=stated, computed=got, parts=[p.text for p in claim.parts]),
                      excerpt=text)


def check_numbering(ctx: CheckContext) -> Iterator[Finding]:
    """Item numbers printed twice in a row ('1、2、3、4、4、5'): an item lost or a number mistyped."""
    claims = ctx.project.claims
    for first, markers in claims.lists:
        numbers = [int(m) for m in markers]
        repeats = [i for i in range(1, len(numbers)) if numbers[i] == numbers[i - 1]]
        rest = [n for i, n in enumerate(numbers) if i not in repeats]
        if len(repeats) != 1 or rest != list(range(1, len(rest) + 1)):
            continue        # only a list numbered 1, 2, 3 … with one number printed twice
        for i in repeats:
            n = numbers[i]
            shown = "、".join(markers)
            yield finding(ctx, "JX412", f"编号重复：连续两项编号均为“{n}.”（{shown}）",
                          f"item number {n}. is printed twice in a row ({shown})", _where(first),
                          "核对各项编号，补上漏掉的项目或改正编号", strs(markers=list(markers), repeated=n),
                          excerpt=_sentence(claims, first))
            break


def check_document_numbers(ctx: CheckContext) -> Iterator[Finding]:
    """A 文号 with one bracket of its year missing ('川财行2020〕189号')."""
    claims = ctx.project.claims
    seen: set[str] = set()
    for k, number in claims.numbers:
        opened, closed = number.count("〔") + number.count("["), number.count("〕") + number.count("]")
        if opened == closed or number in seen:
            continue
        seen.add(number)
        yield finding(ctx, "JX413", f"文号“{number}”书写不全：年份括号不成对（应为〔年份〕）",
                      f"the document number '{number}' has an unpaired bracket", _where(k),
                      "按“机关代字〔年份〕序号”写全文号", strs(number=number), excerpt=_sentence(claims, k))


def level_of(claims: Claims, f: Figure) -> str | None:
    """The level of government a grant figure belongs to (中央/省级/地方), from its words or its sentence."""
    for word, level in _LEVELS:
        if word in f.label:
            return level
    if not _GRANT.search(f.label):
        return None
    head = _sentence(claims, f.sentence).split(f.text)[0]
    found = [(head.rfind(word), level) for word, level in _LEVELS if word in head]
    return max(found)[1] if found else None


def _part_ids(claims: Claims) -> set[int]:
    return {id(p) for s in claims.sums for p in s.parts}


def grants(claims: Claims) -> dict[str, Figure]:
    """The first grant stated for each level ('中央下达…900304万元', '各级财政安排配套资金458834.57万元')."""
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
    if q2(budget - got) in others:
        return          # the gap is the 上年结转 / 其他资金 the text names
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
        _where(last), "说明差额的来源（上年结转、其他资金等），或核对各级资金金额",
        strs(levels={k: str(v.wan) for k, v in levels.items()}, computed=got, budget=budget, difference=diff),
        excerpt=_sentence(claims, last))


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
                target.setdefault(level, f) if target is spent else target.update({level: f})
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
                      _where(out.sentence), "说明该级资金超支的来源（如上年结转）或未支出的原因",
                      strs(level=level, received=got.wan, spent=out.wan, difference=diff),
                      excerpt=_sentence(claims, out.sentence), severity=None if over else Severity.INFO)


def check_report_date(ctx: CheckContext) -> Iterator[Finding]:
    """The report's own date cannot precede the end of the period it evaluates."""
    claims, year = ctx.project.claims, ctx.project.year
    ends = [d for d in claims.dates if d.role == "period_end"]
    for d in claims.dates:
        if d.role != "report" or d.month is None:
            continue
        if ends:
            end = ends[0]
            key = (end.year, end.month or 12, end.day or 31)
            what = f"项目期（至{end.text}）"
        elif year is not None:
            key, what = (year, 12, 31), f"{year}年度"
        else:
            return
        if (d.year, d.month, d.day or 1) < key:
            yield finding(ctx, "JX416", f"报告日期{d.text}早于所评价的{what}结束",
                          f"the report is dated {d.text}, before the end of the evaluated period", _where(d.sentence),
                          "核对报告日期或评价期间", strs(date=d.text, period_end=list(key)),
                          excerpt=_sentence(claims, d.sentence))
        return




_PER = {"元/人": ("人", "人次", "名"), "元/人次": ("人次",), "元/户": ("户",), "元/名": ("名", "人"), "元/辆": ("辆",),
        "元/次": ("次",)}
_UNSPENT = re.compile(r"剩余|尾款|未付|未支付|结余|未执行|未使用")


def check_product_units(ctx: CheckContext) -> Iterator[Finding]:
    """'3.6元' where 120人 × 300元/人 = 36000元 = 3.6万元: the amount lost its 万."""
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
                          _where(f.sentence), "核对金额单位（元/万元）",
                          strs(printed=f.text, count=c.text, standard=s.text), excerpt=_sentence(claims, f.sentence))
            return


def check_unspent_claims(ctx: CheckContext) -> Iterator[Finding]:
    """'剩余3%尾款未付' against the share actually unspent, 1 − 全年执行数/全年预算数 (B7)."""
    claims, total = ctx.project.claims, ctx.project.funding.total
    rate = total.execution_rate
    if rate is None or rate > 100:
        return
    if funding_doubt(ctx, "actual", "adjusted"):
        return
    unspent = 100 - rate
    for claim in claims.rates:
        f = claim.rate
        if not _UNSPENT.search(f.label + _sentence(claims, f.sentence).split(f.text, 1)[-1][:6]):
            continue
        if abs(f.value - unspent) <= 1:
            continue
        after = _sentence(claims, f.sentence).split(f.text, 1)[-1]
        said = f.label[-8:] + f.text + re.split(r"[,;。]", after)[0][:6]
        yield finding(ctx, "JX401", f"文中称“{said}”，但按全年执行数{fmt_money(total.actual)}/"
                      f"全年预算数{fmt_money(total.adjusted)}，未执行部分为{fmt_rate(unspent)}",
                      f"the text gives {f.text} as unspent, but {fmt_rate(unspent)} of the budget was not spent",
                      _where(f.sentence), "按实际未执行比例说明原因，并说明其余部分的去向",
                      strs(claimed=f.value, computed=q2(unspent)), excerpt=_sentence(claims, f.sentence))
        return


def check_years(ctx: CheckContext) -> Iterator[Finding]:
    """The same title, or the same amount, given two different years (2022年度 … 2023年度)."""
    claims, year = ctx.project.claims, ctx.project.year
    titles: dict[str, tuple[int, int, str]] = {}
    for k, y, text in claims.titles:
        key = text[4:]
        first = titles.setdefault(key, (k, y, text))
        if first[1] != y:
            yield finding(ctx, "JX417", f"标题年度不一：“{first[2]}”与“{text}”", f"the title names {first[1]} and {y}",
                          _where(k), "统一报告（自评表）的年度", strs(years=[first[1], y]), excerpt=_sentence(claims, k))
            return
    if year is None:
        return
    seen: dict[Decimal, Figure] = {}
    for f in claims.figures:
        if f.wan is None or f.year is None or len(f.value.as_tuple().digits) < 5:
            continue
        other = seen.setdefault(f.value, f)
        if other.year != f.year and year in (other.year, f.year) and other.sentence != f.sentence:
            a, b = (other, f) if other.year == year else (f, other)
            yield finding(ctx, "JX417", f"同一金额{b.text}一处称“{a.label[-14:]}”（{a.year}年），另一处称“{b.label[:14]}”"
                          f"（{b.year}年），年份不一", f"the same amount {b.text} is dated {a.year} and {b.year}",
                          _where(b.sentence), "核对资金所属年度", strs(amount=b.text, years=[a.year, b.year]),
                          excerpt=_sentence(claims, b.sentence))
            return


CHECKS = (check_sum_claims, check_numbering, check_document_numbers, check_sources_total, check_source_spending,
          check_report_date, check_product_units, check_unspent_claims, check_years)
