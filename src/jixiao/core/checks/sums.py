"""Dates against the documents they concern, and fund names across sections (rules.md §6 B7).

The written-out sums (a＋b＝c, 其中 lists, 年初＋新增＝共) moved to ``claimed``, which reads
them from ``Project.claims``; these two rules still scan the prose and are next to move.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from ..findings import Finding
from ..money import fmt, to_decimal
from .base import INSTRUCTION, CheckContext, finding, narrative_texts, strs

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_SENTENCE = re.compile(r"[^。；;！!？?\n]+")
_PARENS = re.compile(r"[（(][^（()）]{0,60}[)）]")


_MONEY = re.compile(rf"(?P<num>{_NUM})\s*(?P<unit>亿元|万元|元)")
_TO_WAN = {"亿元": Decimal(10000), "万元": Decimal(1), "元": Decimal("0.0001")}


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
