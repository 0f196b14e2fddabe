"""Dates against the documents they concern, and fund names across sections (rules.md §6 B7).

Both read ``Project.claims``: the dated documents (``core.events``) and the money figures with
the words before them. The written-out sums (a＋b＝c, 其中 lists, 年初＋新增＝共) are ``claimed``'s.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from ..findings import Finding
from ..money import fmt
from .base import CheckContext, finding, strs


def check_document_dates(ctx: CheckContext) -> Iterator[Finding]:
    """A dated event ('2012年6月14日收到…') cannot precede the year of the document it concerns (〔2022〕)."""
    claims = ctx.project.claims
    for k, date, year, doc, doc_year in claims.dated_documents:
        if year < doc_year:
            yield finding(
                ctx, "JX409", f"日期“{date}”早于所涉文件的年度{doc_year}年（文件号{doc}）",
                f"the date {date} precedes the year {doc_year} of the document it refers to", f"claims.sentences[{k}]",
                "核对日期年份或文件号", strs(date=date, year=year, document_year=doc_year),
                excerpt=claims.sentences[k])


_LEVEL = re.compile(r"(中央|自治区|省级|省|市级|市本级|县级|区级|县本级|区本级|本级|地方|上级|其他|自筹|社会)"
                    r"(?:财政)?(?:下达|补助|转移支付|匹配|配套|专项)?[^，,；;、。\d]{0,12}?$")


def _labelled(ctx: CheckContext) -> Iterator[tuple[str, Decimal, int]]:
    """(source level, amount in 万元, sentence) for each money figure whose words name one level."""
    for f in ctx.project.claims.figures:
        if f.wan is None or f.wan <= 0 or (m := _LEVEL.search(f.label)) is None:
            continue
        yield m.group(1), f.wan, f.sentence


def check_fund_names(ctx: CheckContext) -> Iterator[Finding]:
    """The same funds named by different levels in different places ('自治区下达98.6万元' … '地方资金98.6万元').

    Only a swap is reported: one level name bound to two amounts in two sentences, each of
    which is elsewhere called by another name. A level with two amounts (budget and spending)
    or two levels sharing a round figure in one list is ordinary and passes.
    """
    claims = ctx.project.claims
    seen: dict[tuple[str, Decimal], int] = {}
    for level, value, k in _labelled(ctx):
        seen.setdefault((level, value), k)
    by_level: dict[str, dict[Decimal, int]] = {}
    by_value: dict[Decimal, set[str]] = {}
    for (level, value), k in seen.items():
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
        k = seen[(level, b)]
        yield finding(
            ctx, "JX410", f"“{level}”资金一处为{fmt(a)}万元、另一处为{fmt(b)}万元；{fmt(a)}万元另称“{other_a}”资金，"
            f"{fmt(b)}万元另称“{other_b}”资金，资金来源名称前后不一",
            f"'{level}' funds are {fmt(a)} in one place and {fmt(b)} in another, and both amounts carry other "
            "source names elsewhere", f"claims.sentences[{k}]", "统一各资金来源的名称与金额",
            strs(level=level, amounts=[str(a), str(b)], other_names=[other_a, other_b]), excerpt=claims.sentences[k])


CHECKS = (check_document_dates, check_fund_names)
