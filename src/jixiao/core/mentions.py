"""Reading figures out of Chinese prose: quantity mentions, thresholds such as 10亿元以上, numbers.

Pure string work: ``core.claims`` reads every sentence's mentions into ``Claims.mentions`` once,
and the figure-conflict rule compares them with the targets. Whitespace is removed first: the PDF and
DOCX extractors put spaces around numbers ("百亿级项目 2 个") and break lines mid-sentence,
and Chinese text carries no meaning in spaces.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from .money import to_decimal
from .slots import positional_constructor
from .vocabulary import words_regex

_DIGIT = re.compile(r"\d")
_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_MAGNITUDE = {"万": Decimal(10000), "亿": Decimal(100000000)}

COUNT_UNITS = ("个", "家", "项", "所", "户", "件", "套", "台", "批", "条", "篇")
UNIT_GROUPS = {**{u: "count" for u in COUNT_UNITS}, "次": "times", "场次": "times", "场": "times",
               "期": "times", "人次": "person-times", "人": "persons", "名": "persons",
               "份": "copies", "本": "copies", "册": "copies", "%": "%"}
_UNITS = "场次|人次|" + "|".join(sorted({u for u in UNIT_GROUPS if len(u) == 1}))
# the number is written digit-first with a look-behind (not preceded by a digit): the same matches as
# r"\d+(?:\.\d+)?", but a run of digits with no unit after it (a year, an amount) is tried once, not
# once from each of its digits
MENTION = re.compile(rf"(?P<num>\d(?<!\d\d)\d*(?:\.\d+)?)(?P<approx>余|多)?(?P<unit>{_UNITS})(?P<after>以上|以下|左右)?")
THRESHOLD = re.compile(r"(?P<n>\d+(?:\.\d+)?|[零一二两三四五六七八九十百千]+)?(?P<mag>万|亿)元?(?P<kind>以上|以下|级)")
BOUNDARY = re.compile(r"[，,。；;：:、（）()！!？?\[\]【】“”\"]")
VERBS = ("引进", "引入", "招引", "挖掘", "签约", "落户", "储备", "接洽", "对接", "洽谈", "新增", "举办",
         "召开", "开展", "发放", "培训", "制作", "印制", "建设", "建成", "完成", "帮扶", "救助", "慰问",
         "资助", "服务", "组织", "接待", "走访", "宣传", "采购", "新建", "改造", "维修")
_VERB = re.compile(words_regex(VERBS))      # two characters each: no verb is a prefix of another
_FILLER = re.compile(r"^(累计|共计|共|全年|年内|本年|当年|了|新|其中|同时|合计|总计|实际)+")
_SYNONYMS = (("注册资金", "注册资本"), ("企业项目", "项目"), ("公司", "企业"))
_NOUN_GROUPS = {"项目": "entity", "企业": "entity", "单位": "entity", "公司": "entity"}


def squash(text: str) -> str:
    """The text without whitespace: ``str.split`` drops exactly what ``\\s`` matches, without a regex walk."""
    return "".join(text.split())


def cn_number(text: str) -> Decimal | None:
    """'10' → 10, '十' → 10, '五十' → 50, '百' → 100; None when not a number."""
    value = to_decimal(text)
    if value is not None:
        return value
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
        else:
            return None
    return Decimal(total + current)


@dataclass(frozen=True, slots=True)
class Quantity:
    """What a count is about: its verb, the attribute measured, the range of that attribute, the noun."""

    verb: str
    attribute: str
    low: Decimal | None
    high: Decimal | None      # None: unbounded above
    noun: str

    @property
    def ranged(self) -> bool:
        return self.low is not None

    def same_kind(self, other: Quantity) -> bool:
        if self.verb and other.verb and self.verb != other.verb:
            return False
        return self.attribute == other.attribute and self.noun == other.noun

    def within(self, other: Quantity) -> bool:
        """This range lies inside ``other``'s."""
        if self.low is None or other.low is None:
            return False
        top_ok = other.high is None or (self.high is not None and self.high <= other.high)
        return self.low >= other.low and top_ok

    def disjoint(self, other: Quantity) -> bool:
        if self.low is None or other.low is None:
            return False
        return ((self.high is not None and self.high <= other.low)
                or (other.high is not None and other.high <= self.low))


def _normal(text: str) -> str:
    for a, b in _SYNONYMS:
        text = text.replace(a, b)
    return text


@lru_cache(maxsize=4096)
def quantity(descriptor: str) -> Quantity:
    """Parse '引进注册资本2000万元以上企业' / '十亿级项目' / '引进10亿元以上项目数' into a ``Quantity``."""
    text = _normal(squash(descriptor))
    verbs = _VERB.findall(text)
    verb = verbs[0] if verbs else ""
    m = THRESHOLD.search(text)
    if m is None:
        head = _VERB.sub("", text)
        return Quantity(verb, "", None, None, _FILLER.sub("", head))
    n = cn_number(m.group("n")) if m.group("n") else Decimal(1)
    base = (n or Decimal(1)) * _MAGNITUDE[m.group("mag")]
    kind = m.group("kind")
    low, high = (base, base * 10) if kind == "级" else (base, None) if kind == "以上" else (Decimal(0), base)
    before = text[:m.start()]
    last_verb = list(_VERB.finditer(before))
    if last_verb:
        before = before[last_verb[-1].end():]
    attribute = _FILLER.sub("", before)
    noun = re.sub(r"(数量|数)$", "", text[m.end():])
    return Quantity(verb, attribute, low, high, _NOUN_GROUPS.get(noun, noun))


@dataclass(frozen=True, slots=True)
class Mention:
    number: Decimal
    unit: str
    descriptor: str          # the clause text before the number
    sentence_verb: str       # the last verb of the sentence before the number
    after: str               # 以上 / 以下 / 左右 / ""
    start: int
    sentence: str = ""       # the clause (to the next 。 or ；), for showing the reader where it is


def mentions(text: str) -> Iterator[Mention]:
    """Every 'number + unit' in the text with the clause that describes it."""
    flat = squash(text)
    sentence_start = 0
    previous_end = 0
    rfind, find, size = flat.rfind, flat.find, len(flat)
    for m in MENTION.finditer(flat):
        start, end = m.span()
        stop = rfind("。", 0, start)
        if stop >= sentence_start:
            sentence_start = stop + 1
        cut = max(previous_end, sentence_start)
        for b in BOUNDARY.finditer(flat, cut, start):
            cut = b.end()
        previous_end = end
        num, _, unit, after = m.groups()
        number = Decimal(num)            # digits and one point: always a number (what to_decimal checks)
        verbs = _VERB.findall(flat, sentence_start, start)
        left = max(stop, rfind("；", 0, start), rfind(";", 0, start)) + 1
        right = min((i for i in (find("。", end), find("；", end), find(";", end)) if i >= 0), default=-1)
        sentence = flat[left:right + 1 if right >= 0 else size]
        yield _new_mention(number, unit, flat[cut:start], verbs[-1] if verbs else "", after or "", start, sentence)


_new_mention = positional_constructor(Mention)      # one per count of the prose: without the frozen __init__


def sentence_mentions(sentences: Sequence[str], starts: Sequence[int],
                      counted: Collection[int] | None = None) -> Iterator[tuple[int, int, Mention]]:
    """(sentence, paragraph, mention) for every count in the sentences; ``starts`` open the paragraphs.

    ``counted``: the sentences MENTION matches in, when known (``SentenceIndex.having``); else
    every sentence with a digit is read (MENTION opens with one).
    """
    paragraph, opened = -1, set(starts)
    for k, s in enumerate(sentences):
        if k in opened or paragraph < 0:
            paragraph += 1
        if k in counted if counted is not None else _DIGIT.search(s):
            for m in mentions(s):
                yield k, paragraph, m
