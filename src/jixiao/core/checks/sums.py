"""Arithmetic and dates stated in the prose itself (rules.md §6 B7, E2).

A report often adds up its own figures in words: 'a＋b＝c', '共X元，其中A元、B元…', '年初8个，
年中增加8个 … 共15个'. Each check holds one sentence to its own arithmetic, so it needs no
table and no reading of meaning; amounts are compared exactly (money converted to 万元).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from ..findings import Finding
from ..money import fmt, sum_or_none, to_decimal
from .base import INSTRUCTION, CheckContext, digits, finding, narrative_texts, strs

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_SENTENCE = re.compile(r"[^。；;！!？?\n]+")
_PARENS = re.compile(r"[（(][^（()）]{0,60}[)）]")

# 'a+b+c=d' with an optional common unit after each figure.
_EQUATION = re.compile(rf"(?<![\d.])(?P<terms>{_NUM}\s*(?P<u>[%％]|万元|亿元|元|[个人项次家户件台套])?"
                       rf"(?:\s*[+＋]\s*{_NUM}\s*(?P=u)?)+)\s*[=＝]\s*(?P<sum>{_NUM})(?![\d.])")
_TERM = re.compile(_NUM)

_MONEY = re.compile(rf"(?P<num>{_NUM})\s*(?P<unit>亿元|万元|元)")
_CHANGE = re.compile(r"比|较|增加|减少|增长|下降|同比|超出|节约|结余|剩余|未支付|尚未")
_TO_WAN = {"亿元": Decimal(10000), "万元": Decimal(1), "元": Decimal("0.0001")}

_COUNT = r"(?P<n>\d+)\s*(?P<u>[个项家所])"
_COUNT_TOTAL = re.compile(rf"(?:共|合计|总计|共计)\s*{_COUNT}")
_COUNT_FIRST = re.compile(rf"年初[^，,。；;]{{0,8}}?{_COUNT}")
_COUNT_ADDED = re.compile(rf"(?:新增|增加|追加)\s*{_COUNT}")
_COUNT_CUT = re.compile(rf"(?:减少|取消|核减|调减|撤销)\s*{_COUNT}")

_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})年\d{1,2}月(?:\d{1,2}日)?")
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年")
_RECEIVED = re.compile(r"收到|印发|下发|下达|转发|出台|制定|发布")
_DOC_YEAR = re.compile(r"[〔\[【（(](?P<y>(?:19|20)\d{2})[〕\]】)）]")


def _sentences(ctx: CheckContext) -> Iterator[tuple[str, str]]:
    """(model path, sentence) of the prose, template instructions left out."""
    for path, text in narrative_texts(ctx.project):
        if path.startswith("units"):
            continue
        for m in _SENTENCE.finditer(text):
            sentence = m.group().strip()
            if sentence and not INSTRUCTION.search(sentence):
                yield path, sentence


def _dec(text: str) -> Decimal | None:
    return to_decimal(text.replace(",", ""))


def check_equations(ctx: CheckContext) -> Iterator[Finding]:
    """'8＋8＝16': an addition written out in the text must be right."""
    for path, sentence in _sentences(ctx):
        for m in _EQUATION.finditer(sentence):
            terms = [_dec(t) for t in _TERM.findall(m.group("terms"))]
            stated = _dec(m.group("sum"))
            got = sum_or_none(terms)
            if stated is None or got is None:
                continue
            if got.quantize(Decimal(1).scaleb(-digits(stated)), rounding=ROUND_HALF_UP) != stated:
                yield finding(
                    ctx, "JX408", f"算式“{m.group().strip()}”不成立：各项之和为{fmt(got)}（相差{fmt(stated - got)}）",
                    f"the sum '{m.group().strip()}' is wrong: the terms add up to {fmt(got)}", path,
                    "核对算式中的各项与合计", strs(terms=[str(t) for t in terms], stated=stated, computed=got),
                    excerpt=sentence)


def check_listed_parts(ctx: CheckContext) -> Iterator[Finding]:
    """'共申请资金X元，其中A元、B元、C元': the parts listed after 其中 must add up to the amount just before it.

    Parts below the whole count only when at least three are listed (two may be a selection,
    not a breakdown); a part as large as the whole means overlapping dimensions, not an error. A list ends at the next 其中, whose own whole
    (the amount just before it) is not one of the parts.
    """
    seen: set[str] = set()
    for path, sentence in _sentences(ctx):
        pieces = _PARENS.sub("", sentence).split("其中")
        for k in range(1, len(pieces)):
            whole = _whole_before(pieces[k - 1])
            if whole is None:
                continue
            parts = [(v, m.group("unit")) for phrase in re.split(r"[，,、；;]", pieces[k]) if not _CHANGE.search(phrase)
                     for m in _MONEY.finditer(phrase) if (v := _dec(m.group("num"))) is not None]
            if k + 1 < len(pieces) and _whole_before(pieces[k]) is not None:
                parts = parts[:-1]          # the whole of the next breakdown
            value, unit = whole
            total = value * _TO_WAN[unit]
            got = sum((v * _TO_WAN[u] for v, u in parts), Decimal(0))
            if (len(parts) < 2 or got == total or (got < total and len(parts) < 3)
                    or any(v * _TO_WAN[u] >= total for v, u in parts)):
                continue        # a part as large as the whole: the list crosses dimensions (其中政府采购…)
            shown = got / _TO_WAN[unit]
            message = f"所列分项合计{fmt(shown)}{unit}，与所述总数{fmt(value)}{unit}不符（相差{fmt(value - shown)}{unit}）"
            if message in seen:
                continue
            seen.add(message)
            yield finding(
                ctx, "JX408", message,
                f"the listed parts add up to {fmt(shown)} {unit} but the stated whole is {fmt(value)} {unit}", path,
                "核对分项金额与总数，或补列遗漏的分项",
                strs(whole=value, parts=[str(v) for v, _ in parts], computed=shown, unit=unit), excerpt=sentence)


def _whole_before(text: str) -> tuple[Decimal, str] | None:
    """The amount that ends ``text`` (only punctuation after it): what a following 其中 breaks down."""
    found = list(_MONEY.finditer(text))
    last = found[-1] if found else None
    if last is None or text[last.end():].strip(" ，,：:、") or (value := _dec(last.group("num"))) is None:
        return None
    return value, last.group("unit")


def check_count_sums(ctx: CheckContext) -> Iterator[Finding]:
    """'共15个…年初8个…年中增加8个': a stated count against its start plus what was added."""
    for path, sentence in _sentences(ctx):
        flat = _PARENS.sub("", sentence)
        total, first = _COUNT_TOTAL.search(flat), _COUNT_FIRST.search(flat)
        if total is None or first is None or first.start("n") == total.start("n"):
            continue
        unit = total.group("u")
        added = [m for m in _COUNT_ADDED.finditer(flat) if m.group("u") == unit]
        cut = [m for m in _COUNT_CUT.finditer(flat) if m.group("u") == unit]
        if first.group("u") != unit or not added:
            continue
        got = int(first.group("n")) + sum(int(m.group("n")) for m in added) - sum(int(m.group("n")) for m in cut)
        stated = int(total.group("n"))
        if got != stated:
            parts = first.group("n") + "".join(f"＋{m.group('n')}" for m in added) \
                + "".join(f"－{m.group('n')}" for m in cut)
            yield finding(
                ctx, "JX408", f"年初{first.group('n')}{unit}，新增{'、'.join(m.group('n') for m in added)}{unit}，"
                f"应共{parts}＝{got}{unit}，文中称共{stated}{unit}",
                f"{first.group('n')} at the start plus the additions make {got}, but the text says {stated} in all",
                path, "核对年初数、新增数与总数", strs(first=first.group("n"), added=[m.group("n") for m in added],
                                           computed=got, stated=stated), excerpt=sentence)


def check_document_dates(ctx: CheckContext) -> Iterator[Finding]:
    """A dated event ('2012年6月14日收到…') cannot precede the year of the document it concerns (〔2022〕)."""
    for path, sentence in _sentences(ctx):
        for date in _DATE.finditer(sentence):
            rest = sentence[date.end():date.end() + 120]
            verb = _RECEIVED.search(rest)
            if verb is None or verb.start() > 20:
                continue
            doc = _DOC_YEAR.search(rest, verb.end())
            if doc is None or _YEAR.search(rest, 0, verb.start()) or _DATE.search(rest, 0, doc.start()):
                continue        # another year before the verb: the document belongs to a later event
            year, doc_year = int(date.group("y")), int(doc.group("y"))
            if year < doc_year:
                yield finding(
                    ctx, "JX409", f"日期“{date.group()}”早于所涉文件的年度{doc_year}年（文件号{doc.group()}）",
                    f"the date {date.group()} precedes the year {doc_year} of the document it refers to", path,
                    "核对日期年份或文件号", strs(date=date.group(), year=year, document_year=doc_year),
                    excerpt=sentence)



_LEVEL = re.compile(r"(中央|自治区|省级|省|市级|市本级|县级|区级|县本级|区本级|本级|地方|上级|其他|自筹|社会)"
                    r"(?:财政)?(?:下达|补助|转移支付|匹配|配套|专项)?[^，,；;、。\d]{0,12}?$")


def _labelled(sentence: str) -> Iterator[tuple[str, Decimal]]:
    """(source level, amount in 万元) for each phrase that names one level and one amount."""
    for phrase in re.split(r"[，,、；;：:]|其中", _PARENS.sub("", sentence)):
        amounts = list(_MONEY.finditer(phrase))
        if len(amounts) != 1 or (m := _LEVEL.search(phrase[:amounts[0].start()])) is None:
            continue
        if (v := _dec(amounts[0].group("num"))) is not None and v > 0:
            yield m.group(1), v * _TO_WAN[amounts[0].group("unit")]


def check_fund_names(ctx: CheckContext) -> Iterator[Finding]:
    """The same funds named by different levels in different places ('自治区下达98.6万元' … '地方资金98.6万元').

    Only a swap is reported: one level name bound to two amounts in two sentences, each of
    which is elsewhere called by another name. A level with two amounts (budget and spending)
    or two levels sharing a round figure in one list is ordinary and passes.
    """
    seen: dict[tuple[str, Decimal], tuple[int, str, str]] = {}
    for k, (path, sentence) in enumerate(_sentences(ctx)):
        for level, value in _labelled(sentence):
            seen.setdefault((level, value), (k, path, sentence))
    by_level: dict[str, dict[Decimal, int]] = {}
    by_value: dict[Decimal, set[str]] = {}
    for (level, value), (k, _, _) in seen.items():
        by_level.setdefault(level, {})[value] = k
        by_value.setdefault(value, set()).add(level)
    for level, values in by_level.items():
        if len(values) != 2:
            continue
        (a, ka), (b, kb) = sorted(values.items(), key=lambda kv: kv[1])
        if ka == kb or len(by_value[a]) < 2 or len(by_value[b]) < 2:
            continue
        other_a = "、".join(sorted(by_value[a] - {level}))
        other_b = "、".join(sorted(by_value[b] - {level}))
        _, path, sentence = seen[(level, b)]
        yield finding(
            ctx, "JX410", f"“{level}”资金一处为{fmt(a)}万元、另一处为{fmt(b)}万元；{fmt(a)}万元另称“{other_a}”资金，"
            f"{fmt(b)}万元另称“{other_b}”资金，资金来源名称前后不一",
            f"'{level}' funds are {fmt(a)} in one place and {fmt(b)} in another, and both amounts carry other "
            "source names elsewhere", path, "统一各资金来源的名称与金额",
            strs(level=level, amounts=[str(a), str(b)], other_names=[other_a, other_b]), excerpt=sentence)


CHECKS = (check_document_dates, check_fund_names)
