"""Rules over the prose claims (``Project.claims``): each compares numbers the readers already read.

None of these rules reads Chinese: the readers (readers/claims.py) turned the prose into
figures, sums, rates, dates, item numbers and 文号 with a located sentence each; a rule holds
a claim to its own arithmetic or to the funding table. Findings point at the sentence
(``claims.sentences[i]``), so the location is the words at fault.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from ..findings import Finding
from ..model import Claims, Figure, SumClaim
from ..money import fmt, q2
from .base import CheckContext, digits, finding, strs
from .narrative import check_duplicates


def claim_path(k: int) -> str:
    return f"claims.sentences[{k}]"


def claim_text(claims: Claims, k: int) -> str:
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
    if (q2(got) == q2(total) or (got < total and len(known) < 3) or any(p >= total for p in known)
            or got > total * Decimal("1.5")):
        return None     # a selection, a list across dimensions, or phrases after the list taken for parts
    factor = whole.value / total if total else Decimal(1)
    return whole.value, got * factor


def misprinted_unit(claim: SumClaim) -> str | None:
    """The unit the whole should carry when its parts add up to its number in their own unit ('860元' for 860万元)."""
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
        text = claim_text(claims, whole.sentence)
        if (unit := misprinted_unit(claim)) is not None:
            yield finding(
                ctx, "JX411", f"金额写作“{whole.text}”，而其分项合计为{fmt(whole.value)}{unit}，单位应为{unit}",
                f"the amount is printed as {whole.text} but its parts add up to {fmt(whole.value)} {unit}",
                claim_path(whole.sentence), "核对金额单位（元/万元）",
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
                      claim_path(whole.sentence), "核对分项金额与总数，或补列遗漏的分项",
                      strs(kind=claim.kind, whole=stated, computed=got, parts=[p.text for p in claim.parts]),
                      excerpt=text)


def check_numbering(ctx: CheckContext) -> Iterator[Finding]:
    """Item numbers printed twice in a row ('1、2、2、3'): an item lost or a number mistyped."""
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
                          f"item number {n}. is printed twice in a row ({shown})", claim_path(first),
                          "核对各项编号，补上漏掉的项目或改正编号", strs(markers=list(markers), repeated=n),
                          excerpt=claim_text(claims, first))
            break


def check_document_numbers(ctx: CheckContext) -> Iterator[Finding]:
    """A 文号 with one bracket of its year missing ('某财预2022〕15号')."""
    claims = ctx.project.claims
    seen: set[str] = set()
    for k, number in claims.numbers:
        opened, closed = number.count("〔") + number.count("["), number.count("〕") + number.count("]")
        if opened == closed or number in seen:
            continue
        seen.add(number)
        yield finding(ctx, "JX413", f"文号“{number}”书写不全：年份括号不成对（应为〔年份〕）",
                      f"the document number '{number}' has an unpaired bracket", claim_path(k),
                      "按“机关代字〔年份〕序号”写全文号", strs(number=number), excerpt=claim_text(claims, k))


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
                          f"the report is dated {d.text}, before the end of the evaluated period", claim_path(d.sentence),
                          "核对报告日期或评价期间", strs(date=d.text, period_end=list(key)),
                          excerpt=claim_text(claims, d.sentence))
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
                          claim_path(k), "统一报告（自评表）的年度", strs(years=[first[1], y]), excerpt=claim_text(claims, k))
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
                          claim_path(b.sentence), "核对资金所属年度", strs(amount=b.text, years=[a.year, b.year]),
                          excerpt=claim_text(claims, b.sentence))
            return


def check_repeated_passages(ctx: CheckContext) -> Iterator[Finding]:
    """A long sentence printed twice, apart (``Claims.repeats``): a paragraph repeated across a page
    break or a footer carried into the text. Reported once, at the second copy."""
    claims = ctx.project.claims
    if not claims.repeats or any(True for _ in check_duplicates(ctx)):
        return      # paragraphs repeated across fields are check_duplicates' (one message per defect)
    goal = {k for k, _ in claims.goal_cells}
    for first, again in claims.repeats:
        text = claim_text(claims, again)
        if first in goal or again in goal:
            continue        # the goal block's copies are check_goal_block's
        yield finding(ctx, "JX404", f"同一段文字出现两次（{len(text)}字，可能是跨页或页脚重复）：“{text[:30]}…”",
                      f"a {len(text)}-character passage is printed twice (page break or footer)", claim_path(again),
                      "删除重复的段落", strs(first=claim_path(first), length=len(text)), excerpt=text)
        return


CHECKS = (check_sum_claims, check_numbering, check_document_numbers, check_report_date, check_years,
          check_repeated_passages)
