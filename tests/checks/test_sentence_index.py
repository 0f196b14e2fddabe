"""The one-pass sentence index and the shortcuts of the claim readers: same answers as the plain way.

Each shortcut (punctuation folded by replace, digit-first patterns, cue gates) is checked here
against the plain computation written out in the test, on generated text mixing the cues.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.claims import build_claims
from jixiao.core.mentions import MENTION, mentions
from jixiao.core.reasons import INSTRUCTION, reason_kinds, sentence_reasons
from jixiao.core.sentences import SentenceIndex, fold, sentence_figures

_PIECES = ["，", "（", "）", "：", "；", "！", "？", "\u3000", "…", "～", "｜", "Ａ", "１", "①", "\u0301", "か", "\u3099",
           "年", "万元", "个", "%", "2021", "12.5", "3", ".", ",", "尚未", "扣分", "说明", "尾款", "=", "+", " ", "是"]
texts = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_fold_is_nfkc_without_spaces(text: str) -> None:
    assert fold(text) == "".join(unicodedata.normalize("NFKC", text).split())


@settings(max_examples=400, deadline=None)
@given(texts)
def test_the_digit_first_mention_pattern_finds_what_the_plain_one_does(text: str) -> None:
    plain = re.compile(MENTION.pattern.replace(r"\d(?<!\d\d)\d*(?:\.\d+)?", r"\d+(?:\.\d+)?", 1))
    assert plain.pattern != MENTION.pattern
    assert [(m.span(), m.groups()) for m in MENTION.finditer(text)] == \
        [(m.span(), m.groups()) for m in plain.finditer(text)]


def test_mentions_read_the_number_and_its_clause() -> None:
    (m,) = mentions("2021年引进项目12个以上")
    assert (m.number, m.unit, m.after, m.descriptor) == (Decimal(12), "个", "以上", "2021年引进项目")


@settings(max_examples=300, deadline=None)
@given(st.lists(texts, max_size=6))
def test_the_index_holds_each_sentences_digits_and_figures(sentences: list[str]) -> None:
    folded = [fold(s) for s in sentences]
    index = SentenceIndex(folded, [0] if folded else [])
    assert index.numeric == tuple(re.search(r"\d", s) is not None for s in folded)
    assert index.figures == tuple(sentence_figures(s, k) for k, s in enumerate(folded))
    assert index.text == "\n".join(folded)


def test_a_figure_keeps_the_year_that_dates_its_words() -> None:
    ((at, figure),) = sentence_figures("本年2022年下达资金120.5万元", 0)
    assert (figure.value, figure.unit, figure.label, figure.year, at) == \
        (Decimal("120.5"), "万元", "2022年下达资金", 2022, len("本年2022年下达资金"))


_LIST = re.compile(r"扣分(?:情况|原因|理由|依据)?(?:说明|如下|明细)|扣分原因")
_HEAD = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|第[一二三四五六七八九十]+[部章节])")


def _plain_reasons(sentences: list[str]) -> list[tuple[int, str, str]]:
    """Every ；-clause of every sentence asked for its reasons, as the reader did before its prefilter."""
    out = []
    listing = -1
    for k, s in enumerate(sentences):
        if _LIST.search(s) and not INSTRUCTION.search(s):
            listing = k
        elif listing >= 0 and (k - listing > 12 or _HEAD.match(s)):
            listing = -1
        for clause in re.findall(r"[^;]+", s):
            if len(clause) > 160:
                continue
            kinds = set(reason_kinds(clause))
            if listing >= 0 and k > listing and not INSTRUCTION.search(clause):
                kinds.add("shortcoming")
            out += [(k, kind, clause) for kind in sorted(kinds)]
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(texts, st.sampled_from(["四、扣分情况说明", "1.档案不全", "(二)结论", "资金结余"])), max_size=8))
def test_reasons_skip_only_sentences_that_give_none(sentences: list[str]) -> None:
    folded = [fold(s) for s in sentences]
    assert list(sentence_reasons(folded)) == _plain_reasons(folded)


def test_cue_gates_keep_what_the_document_says() -> None:
    claims = build_claims(["合计:1+2=3", "年初3个项目,新增2个,共5个", "评价等级为优", "文号深财〔2021〕12号"], [0, 1, 2, 3])
    assert [s.kind for s in claims.sums] == ["equation", "count"]
    assert [g[1] for g in claims.grades] == ["优"]
    assert claims.numbers == ((3, "文号深财〔2021〕12号"),)
    empty = build_claims(["项目按计划实施"], [0])
    assert not (empty.sums or empty.grades or empty.numbers or empty.reasons or empty.placeholders)


@settings(max_examples=300, deadline=None)
@given(st.lists(texts, max_size=8))
def test_having_finds_the_sentences_a_pattern_matches_in(sentences: list[str]) -> None:
    folded = [fold(s) for s in sentences]
    index = SentenceIndex(folded, [0] if folded else [])
    for pattern in (MENTION, re.compile(r"尚未|扣\d*分|尾款"), re.compile(r"2021|年")):
        assert index.having(pattern) == {k for k, s in enumerate(folded) if pattern.search(s)}


def test_plain_sentences_with_spaces_still_give_their_counts() -> None:
    claims = build_claims(["引进项目 12 个", "举办活动3场"], [0, 1])
    assert [(k, m.number, m.unit) for k, _, m in claims.mentions] == [(0, Decimal(12), "个"), (1, Decimal(3), "场")]
