"""Which sentences give a reason, and for what: read once with the claims (``Claims.reasons``).

A rule asks "is this deduction, adjustment or shortfall explained?"; the answer is a tagged
sentence, so no rule scans prose with its own patterns. Kinds:

* ``shortcoming``: a weakness or the arithmetic of a score ('有待细化', '扣0.5分', '按公式得8.5分');
  also every item of a 扣分情况说明 / 扣分原因 list, which explains the deductions it names;
* ``adjustment`` / ``adjustment-procurement``: a budget change with its cause or its document;
* ``shortfall``: unspent money explained (尾款, 结余, 限价…); ``late``: money not (yet) arrived.

Template prompts ('低于目标值时请说明原因') name causes without giving one and are never tagged.
Pure string work over folded text (``core.claims.fold``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

INSTRUCTION = re.compile(r"需说明|应说明|请说明|须说明|填写|填报说明|字以内")

_SHORTCOMING = re.compile(r"有待|不够|不足|欠缺|未能|尚需|尚未|需进一步|仍需|不完善|不规范|不明确|不到位|偏差|扣\d*(?:\.\d+)?分"
                          r"|存在.{0,6}问题|按(?:公式|计分规则|评分标准)(?:计算)?得|得\d+(?:\.\d+)?分")
_ADJUSTED = re.compile(r"调减|调增|追加|追减|压减|收回|调剂|预算调整|调整预算|调整为|调整后")
_BECAUSE = re.compile(r"因为|因|由于|原因是|原因为|主要是|根据.{0,24}(文件|通知|批复|〔)|按照.{0,24}(文件|通知|要求|〔)"
                      r"|经.{0,12}(批准|同意)")
_SHORTFALL = re.compile(r"尾款|结余|未付|未支付|未拨付|节约|未执行|未使用|限价|未到位|缓付|暂未支付|延期支付"
                        r"|剩余.{0,6}(款|资金)|结转(至|到)下")
_LATE = re.compile(r"未到位|未拨付|未下达|暂未|缓拨|延迟|滞后|尚未")
_DEDUCTION_LIST = re.compile(r"扣分(?:情况|原因|理由|依据)?(?:说明|如下|明细)|扣分原因")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|第[一二三四五六七八九十]+[部章节])")
_LIST_SPAN = 12          # sentences a 扣分情况说明 list runs at most before its next heading


def reason_kinds(text: str) -> frozenset[str]:
    """The kinds of reason one sentence (or table cell) gives; empty for a template prompt."""
    if INSTRUCTION.search(text):
        return frozenset()
    kinds = set()
    if _SHORTCOMING.search(text):
        kinds.add("shortcoming")
    if _ADJUSTED.search(text) and _BECAUSE.search(text):
        kinds.add("adjustment-procurement" if "采购" in text else "adjustment")
    if _SHORTFALL.search(text):
        kinds.add("shortfall")
    if _LATE.search(text):
        kinds.add("late")
    return frozenset(kinds)


_CLAUSE = re.compile(r"[^;]+")
# a match of any kind's pattern (none is anchored): a sentence without one has no clause that gives a reason.
# Joined bare (each is a top-level alternation): wrapped in groups the engine loses its first-character
# scan and one search costs more than the four
ANY_KIND = re.compile("|".join(p.pattern for p in (_SHORTCOMING, _ADJUSTED, _SHORTFALL, _LATE)))
MAX_CLAUSE = 160         # characters: longer runs without a stop are a table dumped onto one line, not prose


def sentence_reasons(sentences: tuple[str, ...] | list[str],
                     kinded: Collection[int] | None = None) -> Iterator[tuple[int, str, str]]:
    """(sentence, kind, clause) for every reason the sentences give, 扣分情况说明 list items included.

    The clause is the ；-separated part that gives it, so a rule can ask what the reason is about.
    ``kinded``: the sentences ``ANY_KIND`` matches in, when known (``SentenceIndex.having``).
    """
    listing = -1                  # the sentence a 扣分情况说明 heading opened at, while its list runs
    for k, s in enumerate(sentences):
        if "扣分" in s and _DEDUCTION_LIST.search(s) and not INSTRUCTION.search(s):
            listing = k
        elif listing >= 0 and (k - listing > _LIST_SPAN or _HEADING.match(s)):
            listing = -1
        if (listing < 0 or k <= listing) and not (k in kinded if kinded is not None else ANY_KIND.search(s)):
            continue              # no clause of it can give a reason: one scan instead of five per clause
        for m in _CLAUSE.finditer(s):
            clause = m.group()
            if len(clause) > MAX_CLAUSE:
                continue
            kinds = set(reason_kinds(clause))
            if listing >= 0 and k > listing and not INSTRUCTION.search(clause):
                kinds.add("shortcoming")
            for kind in sorted(kinds):
                yield k, kind, clause


_CELL_SENTENCE = re.compile(r"[^。；;\n]+")


def text_reasons(text: str) -> frozenset[str]:
    """The reasons a table cell gives (偏差原因, 扣分原因), sentence by sentence."""
    out: set[str] = set()
    for m in _CELL_SENTENCE.finditer(text):
        out |= reason_kinds(m.group())
    return frozenset(out)
