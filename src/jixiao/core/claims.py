"""Prose facts from sentences: the figures a report states and the claims it builds on them.

Pure string work (no document, no I/O), so the readers (``readers/claims.py``, which split a
document into located sentences) and the checker (for a project file's narrative, which has no
document behind it) build ``Claims`` the same way. What is read:

* figures: a number with its unit and the words before it ('省级补助资金120.5万元');
* sums: 'a＋b＝c'; a whole followed by 其中/具体是/包括/含 and its parts (over ；-separated
  clauses and into the next sentence when the list opens it); 一是…二是… items, each opening with
  an amount, under a whole named like their lead-in; 年初N个＋新增M个 against 共K个;
* rates: a percentage and, when its sentence gives exactly two amounts before it, those two;
* dates: the report's own date (落款, 填报日期), the end of the evaluated period, other dates;
* item numbers at the start of paragraphs or sentences, 文号 and titles as printed, template prompts.

Text is NFKC-folded (full-width digits and punctuation) and its spaces removed first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from decimal import Decimal

from .events import dated_documents
from .mentions import MENTION, sentence_mentions
from .model import Claims, DateClaim, Figure, RateClaim, SumClaim
from .money import to_decimal
from .passages import PLACEHOLDER_CUE, goal_cells, note_weights, placeholders, repeats
from .reasons import ANY_KIND, sentence_reasons
from .sentences import CJK as CJK
from .sentences import NUM as _NUM
from .sentences import SENTENCE as SENTENCE
from .sentences import UNIT as _UNIT
from .sentences import Placed, SentenceIndex, sentence_figures
from .sentences import fold as fold
from .verdicts import completion_claims, grade_claims, score_claims

_MONEY = frozenset({"亿元", "万元", "元"})

_OPENER = re.compile(r"其中|具体是|具体为|具体如下|分别是|分别为|包括|主要是|含")

_CHANGE = re.compile(r"比|较|增加|减少|增长|下降|同比|超出|节约|结余|剩余|未支付|尚未|占|约|达到|累计")

_EQUATION = re.compile(rf"(?<![\d.])(?P<terms>(?:{_NUM})(?:{_UNIT})?(?:[+＋](?:{_NUM})(?:{_UNIT})?)+)[=＝](?P<sum>{_NUM})")

_ITEM = re.compile(r"(?:^|(?<=[。;:,]))([一二三四五六七八九十]+)是")

_COUNT = r"(?P<n>\d+)(?P<u>[个项家所])"

_COUNT_TOTAL = re.compile(rf"(?:共|合计|总计|共计){_COUNT}")

_COUNT_FIRST = re.compile(rf"年初[^,。;]{{0,8}}?{_COUNT}")

_COUNT_ADDED = re.compile(rf"(?:新增|增加|追加){_COUNT}")

_COUNT_CUT = re.compile(rf"(?:减少|取消|核减|调减|撤销){_COUNT}")

_PARENS = re.compile(r"\([^()]{0,80}\)")

_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})(?:年|\.|-|/)(?P<m>\d{1,2})(?:月|\.|-|/)?(?:(?P<d>\d{1,2})日?)?")

_REPORT_DATE = re.compile(r"(?:填报|报告|评价|自评|编制|报送)(?:日期|时间)[:]?$")

_PLAIN_DATE = r"(?:19|20)\d{2}(?:年|\.|-|/)\d{1,2}(?:月|\.|-|/)?(?:\d{1,2}日?)?"

_PERIOD = re.compile(rf"(?:起止时间|实施期限?|实施周期|项目周期|执行期限?|起止日期)[:]?(?P<a>{_PLAIN_DATE})[-—~至到]"
                     rf"(?P<b>{_PLAIN_DATE})")

_MARKER = re.compile(r"(?:^|(?<=[。;]))(\d{1,2})[.、](?!\d)")

_TITLE = re.compile(r"(?P<y>(?:19|20)\d{2})年度?[\u4e00-\u9fff]{0,16}?(?:绩效)?(?:自评|评价)(?:表|报告)")

_PROMPT = re.compile(r"\(\d+字以内\)|^(?:请|结合|针对|对照|简要|简述)[^。]{0,40}(?:说明|分析|提出|填写|描述)[^。]{0,40}(?:。|$)")

_PROMPT_STARTS = ("请", "结合", "针对", "对照", "简要", "简述")     # with '字以内': what _PROMPT needs

_ONLY_LIMIT = re.compile(r"^\(\d+字以内\)[。]?$")

_DOC_NO = re.compile(r"[\u4e00-\u9fff]{1,8}[〔\[(【]?(?:19|20)\d{2}[〕\])】]?\d{1,4}号")

_WHOLLY = re.compile(r"(?:全部|全额|足额)(?:支付|支出|使用|执行|拨付|到位|下达)(?:完毕)?|使用完毕|支付完毕|执行完毕")
_NEGATION = re.compile(r"未|没有|尚未|不|非")


def _instructions(sentences: Sequence[str]) -> Iterator[tuple[int, str]]:
    """Template prompts left in ('请概述…(300字以内)'), with the label printed just before them.

    A numbered note under the table ('1.执行率=…(100字以内)') is the form's own
    填表说明, printed by design: not a prompt left in a cell.
    """
    seen: set[int] = set()
    for k, s in enumerate(sentences):
        if not ("字以内" in s or s.startswith(_PROMPT_STARTS)) or not _PROMPT.search(s):
            continue
        first = k - 1 if _ONLY_LIMIT.match(s) and k > 0 else k
        if _MARKER.match(sentences[first]) or first in seen:
            continue
        seen.add(first)
        label = next((sentences[j] for j in range(first - 1, max(-1, first - 3), -1)
                      if len(sentences[j]) <= 8 and not any(c.isdigit() for c in sentences[j])), "")
        yield first, label.strip(":")

def _money(figures: list[Placed], start: int = 0, end: int = 1 << 30) -> list[Placed]:
    """Money figures starting in [start, end) of their sentence."""
    return [(at, f) for at, f in figures if f.unit in _MONEY and start <= at < end]

def _equations(sentences: Sequence[str]) -> Iterator[SumClaim]:
    for k, s in enumerate(sentences):
        if "=" not in s and "＝" not in s:
            continue
        for m in _EQUATION.finditer(s):
            terms = [Figure(v, "", "", t, k) for t in re.findall(_NUM, m.group("terms"))
                     if (v := to_decimal(t)) is not None]
            whole = to_decimal(m.group("sum"))
            if whole is not None and len(terms) >= 2:
                yield SumClaim("equation", Figure(whole, "", "", m.group("sum"), k), tuple(terms))

def _ends_with_amount(sentence: str, end: int, figures: list[Placed]) -> Figure | None:
    """The money figure that ends ``sentence[:end]`` (only punctuation after it): what an opener breaks down."""
    money = _money(figures, 0, end)
    if not money:
        return None
    at, last = money[-1]
    return last if not sentence[at + len(last.text):end].strip(",:、。;") else None

def _breakdowns(sentences: Sequence[str], by_sentence: Sequence[list[Placed]]) -> Iterator[SumClaim]:
    """A whole and the parts listed after 其中/具体是/含 …, in the sentence or opening the next one."""
    for k, s in enumerate(sentences):
        figures = by_sentence[k]
        if sum(1 for _, f in figures if f.unit in _MONEY) < 2:
            continue                            # every breakdown lists ≥ 2 money parts of this sentence
        hidden: list[tuple[int, int]] = []
        for m in _PARENS.finditer(s):           # '执行数X万元(含中央A万元,地方B万元)'
            hidden.append(m.span())
            if not re.match(r"\((?:其中|含)", m.group()):
                continue
            whole = _ends_with_amount(s, m.start(), figures)
            parts = [f for _, f in _money(figures, m.start(), m.end()) if not _CHANGE.search(f.label)]
            bare = [(at, f) for at, f in figures if at < m.start() and at + len(f.text) == m.start() and not f.unit]
            if whole is None and bare and parts and len({f.unit for f in parts}) == 1:
                f = bare[-1][1]        # '支出总数860(含省级500万元,县级360万元)': the whole in its parts' unit
                whole = Figure(f.value, parts[0].unit, f.label, f.text, k)
            if whole is not None and len(parts) >= 2:
                yield SumClaim("breakdown", whole, tuple(parts))
        outside = [(at, f) for at, f in figures if not any(a <= at < b for a, b in hidden)]
        openers = [m for m in _OPENER.finditer(s) if not any(a <= m.start() < b for a, b in hidden)]
        for j, m in enumerate(openers):
            whole = _ends_with_amount(s, m.start(), outside)
            if whole is None and j == 0 and not s[:m.start()].strip(":") and k > 0:
                prev = sentences[k - 1]
                whole = _ends_with_amount(prev, len(prev), by_sentence[k - 1])
            if whole is None:
                continue
            stop = openers[j + 1].start() if j + 1 < len(openers) else len(s)
            following = _ends_with_amount(s, stop, outside) if j + 1 < len(openers) else None
            parts = [f for at, f in _money(outside, m.end(), stop)
                     if f is not following and not _CHANGE.search(_phrase(s, at))]
            if len(parts) >= 2:
                yield SumClaim("breakdown", whole, tuple(parts))

def _phrase(sentence: str, at: int) -> str:
    """The comma-delimited phrase around position ``at``."""
    left = max(sentence.rfind(c, 0, at) for c in ",、;:") + 1
    rights = [i for i in (sentence.find(c, at) for c in ",、;") if i >= 0]
    return sentence[left:min(rights) if rights else len(sentence)]

def _enumerations(sentences: Sequence[str], starts: Sequence[int],
                  by_sentence: Sequence[list[Placed]]) -> Iterator[SumClaim]:
    """'市直单位300万元。…项目有:一是A,下达180万元。…二是B,下达150万元': the items' amounts under the whole."""
    bounds = [*starts, len(sentences)]
    for p in range(len(starts)):
        first, end = bounds[p], bounds[p + 1]
        text = "".join(sentences[first:end])
        if "一是" not in text:
            continue                            # the first item is always 一是
        offsets = []
        pos = 0
        for k in range(first, end):
            offsets.append(pos)
            pos += len(sentences[k])
        items = list(_ITEM.finditer(text))
        if len(items) < 2 or items[0].group(1) != "一":
            continue
        parts = []
        for i, item in enumerate(items):
            stop = items[i + 1].start() if i + 1 < len(items) else len(text)
            k = first + max(j for j, o in enumerate(offsets) if o <= item.start())
            found = [f for _, f in sentence_figures(text[item.start():stop], k) if f.unit in _MONEY]
            if not found:
                break
            parts.append(found[0])
        if len(parts) != len(items):
            continue
        lead = re.sub(r"(项目|单位)?(有|包括|如下)?:?$", "", text[max(0, text.rfind("。", 0, items[0].start()) + 1):
                                                              items[0].start()])
        k0 = first + max(j for j, o in enumerate(offsets) if o <= items[0].start())
        for k in range(k0, max(first - 1, k0 - 3), -1):
            named = [f for _, f in by_sentence[k] if f.unit in _MONEY and len(lead) >= 2
                     and (lead in f.label or (len(f.label) >= 2 and f.label.lstrip("是") in lead))]
            if named and named[-1].sentence != parts[0].sentence:
                yield SumClaim("enumeration", named[-1], tuple(parts))
                break

def _counts(sentences: Sequence[str]) -> Iterator[SumClaim]:
    for k, s in enumerate(sentences):
        if "年初" not in s:
            continue                            # _COUNT_FIRST needs it
        flat = _PARENS.sub("", s)
        total, first = _COUNT_TOTAL.search(flat), _COUNT_FIRST.search(flat)
        if total is None or first is None or first.start("n") == total.start("n"):
            continue
        unit = total.group("u")
        added = [m for m in _COUNT_ADDED.finditer(flat) if m.group("u") == unit]
        cut = [m for m in _COUNT_CUT.finditer(flat) if m.group("u") == unit]
        if first.group("u") != unit or not added:
            continue
        yield SumClaim("count", _count(total, "共", k), (_count(first, "年初", k), *(_count(m, "新增", k) for m in added)),
                       tuple(_count(m, "减少", k) for m in cut))

def _count(m: re.Match[str], label: str, k: int) -> Figure:
    return Figure(Decimal(m.group("n")), m.group("u"), label, m.group("n") + m.group("u"), k)

def _rates(by_sentence: Sequence[list[Placed]]) -> Iterator[RateClaim]:
    for figures in by_sentence:
        for at, f in figures:
            if f.unit != "%":
                continue
            money = _money(figures, 0, at)
            if len(money) == 2:
                yield RateClaim(f, money[1][1], money[0][1])
            else:
                yield RateClaim(f)

def _dates(sentences: Sequence[str]) -> Iterator[DateClaim]:
    for k, s in enumerate(sentences):
        if "19" not in s and "20" not in s:
            continue                            # every date opens with its year
        period = _PERIOD.search(s)
        for m in _DATE.finditer(s):
            month = int(m.group("m")) if m.group("m") else None
            day = int(m.group("d")) if m.group("d") else None
            if (month is not None and not 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
                continue
            if period is not None and period.start("b") <= m.start() < period.end("b"):
                role = "period_end"
            elif _REPORT_DATE.search(s[:m.start()][-8:]) or (m.group() == s.strip("。") and day is not None):
                role = "report"
            else:
                role = "event"
            yield DateClaim(role, int(m.group("y")), month, day, m.group(), k)

def _lists(sentences: Sequence[str], starts: Sequence[int]) -> Iterator[tuple[int, tuple[str, ...]]]:
    """Runs of item numbers: at the start of consecutive paragraphs, or after 。 inside one paragraph."""
    run: list[str] = []
    first = -1
    head = set(starts)
    for k, s in enumerate(sentences):
        m = _MARKER.match(s)
        if m is None:
            if k in head and run:           # a paragraph without a number ends a run of numbered paragraphs
                if len(run) >= 3:
                    yield first, tuple(run)
                run = []
            continue
        if not run:
            first = k
        run.append(m.group(1))
    if len(run) >= 3:
        yield first, tuple(run)


def build_claims(sentences: Sequence[str], starts: Sequence[int], blanks: tuple[str, ...] = ()) -> Claims:
    """Every claim of folded sentences; ``starts`` are the indices that open a paragraph.

    The sentences are indexed once (``SentenceIndex``: digits, figures, the joined text) for all
    the readers below; a reader runs only when the document holds the cue each of its sentences
    needs (each reader still checks its sentences one by one).
    """
    index = SentenceIndex(sentences, starts)
    sentences, starts, by_sentence, text = index.sentences, index.starts, index.figures, index.text

    def has(*cues: str) -> bool:
        return any(c in text for c in cues)

    kinded = index.having(ANY_KIND)
    counted = index.having(MENTION) if index.spaceless else frozenset(k for k, d in enumerate(index.numeric) if d)

    figures = [f for found in by_sentence for _, f in found]
    sums = [*(_equations(sentences) if has("=", "＝") else ()), *_breakdowns(sentences, by_sentence),
            *(_enumerations(sentences, starts, by_sentence) if has("一是") else ()),
            *(_counts(sentences) if has("年初") else ())]
    return Claims(
        sentences=sentences, figures=tuple(figures), sums=tuple(sums),
        rates=tuple(_rates(by_sentence)), dates=tuple(_dates(sentences)) if has("19", "20") else (),
        lists=tuple(_lists(sentences, starts)),
        numbers=tuple((k, m.group()) for k, s in enumerate(sentences) if "号" in s
                      for m in _DOC_NO.finditer(s)) if has("号") else (),
        titles=tuple((k, int(m.group("y")), m.group()) for k, s in enumerate(sentences)
                     if "年" in s and ("自评" in s or "评价" in s) for m in _TITLE.finditer(s))
        if has("年") and has("自评", "评价") else (),
        instructions=tuple(_instructions(sentences)) if has("字以内", *_PROMPT_STARTS) else (), blanks=blanks,
        statuses=tuple((k, m.group()) for k, s in enumerate(sentences)
                       if "全" in s or "足额" in s or "完毕" in s for m in _WHOLLY.finditer(s)
                       if not _NEGATION.search(s[max(0, m.start() - 3):m.start()])) if has("全", "足额", "完毕") else (),
        goal_cells=goal_cells(sentences) if has("预期目标") else (), repeats=tuple(repeats(sentences)),
        reasons=tuple(sentence_reasons(sentences, kinded)) if kinded or has("扣分") else (),
        scores=tuple(score_claims(sentences)) if has("分") else (),
        grades=tuple(grade_claims(sentences)) if has("等级", "评价结果") else (),
        completions=tuple(completion_claims(sentences)) if has("完成", "预期") else (),
        note_weights=tuple(note_weights(sentences)) if has("注") else (),
        dated_documents=tuple(dated_documents(sentences)) if has("年") else (),
        placeholders=tuple(placeholders(sentences, index.having(PLACEHOLDER_CUE))),
        mentions=tuple(sentence_mentions(sentences, starts, counted)))


def claims_from_texts(texts: Iterable[str], limit: int = 5000) -> tuple[Claims, list[int]]:
    """Claims of plain texts (a project file's narrative): each text a paragraph per line.

    Returns the claims and, for each sentence, the index of the text it came from (to locate it).
    Repeats are left out: a project file's fields nest (a section and its sub-sections) and their
    copies are compared field by field (``check_duplicates``).
    """
    sentences: list[str] = []
    starts: list[int] = []
    origin: list[int] = []
    for i, text in enumerate(texts):
        for line in text.splitlines():
            if len(sentences) >= limit:
                break
            starts.append(len(sentences))
            for m in SENTENCE.finditer(line):
                if (folded := fold(m.group())):
                    sentences.append(folded)
                    origin.append(i)
    return replace(build_claims(sentences, starts), repeats=()), origin
