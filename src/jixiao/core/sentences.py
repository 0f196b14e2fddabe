"""The prose as the claim readers see it: folded sentences, indexed once with their figures.

Every claim reader (sums, rates, dates, mentions, reasons, scores …) walks the same folded
sentences; what several of them need of a sentence — does it hold a digit, which figures
does it state — is computed here once per document (``SentenceIndex``) instead of by each
reader with its own regex. Pure string work, like the rest of ``core``.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from decimal import Decimal

from .slots import positional_constructor
from .statements import Figure

SENTENCE = re.compile(r"[^。!?！？|]+[。!?！？]?")     # '|' separates the cells of a text-dumped table

CJK = re.compile(r"[\u4e00-\u9fff]")

NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

UNIT = r"元/人次|元/人|元/户|元/名|元/辆|元/次|/人|/户|/名|/辆|亿元|万元|萬元|万(?![人户个次份平件亩吨多余])|元|%|人次|个|项|人|户|家|所|次|件|台|套|名|辆|场|平方米|公里|米|吨|亩"

# NUM not preceded by a digit or point, written digit-first: a pattern that opens with a
# look-behind is tried at every position, one that opens with \d lets the engine skip to digits
_LEAD_NUM = r"\d(?<![\d.]\d)(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?)"

_FIGURE = re.compile(rf"(?P<num>{_LEAD_NUM})(?![\d.])(?P<unit>{UNIT})?")

DIGIT = re.compile(r"\d")

_NOT_QUANTITY = re.compile(r"^(?:年|月|日|号|时|期|批|季度|届|周岁|岁|-|—|\.|〕|\])")

_BOUNDARY = re.compile(r"[,;:、()\[\]“”\"'《》〔〕]")

_UNIT_FOLD = {"萬元": "万元", "万": "万元", "/人": "元/人", "/户": "元/户", "/名": "元/名", "/辆": "元/辆"}

YEAR = re.compile(r"((?:19|20)\d{2})年")

_new_figure = positional_constructor(Figure)      # ~70 per report: made without the frozen __init__


def _wide_punctuation() -> tuple[tuple[str, str], ...]:
    """The full-width punctuation of Chinese prose (，（）：；…), each with its NFKC form.

    Each maps to starters only (combining class 0), so replacing them first leaves the NFKD of
    the whole text, hence its NFKC, unchanged: ``normalize`` is needed only for what remains.
    """
    out = []
    for c in "，（）：；！？　…～｜＂＇":
        folded = unicodedata.normalize("NFKC", c)
        if folded != c and not any(unicodedata.combining(x) for x in folded):
            out.append((c, folded))
    return tuple(out)


_WIDE = _wide_punctuation()


def fold(text: str) -> str:
    """Prose as the claims read it: NFKC (full-width digits and punctuation folded), no spaces.

    Most text is NFKC but for its full-width punctuation (digits and letters were normalised by
    the readers): the quick check skips the rewrite, a few ``str.replace`` fold the punctuation
    (``normalize`` costs ~10× more), and ``str.split`` removes exactly the characters ``\\s`` matches.
    """
    if not unicodedata.is_normalized("NFKC", text):
        for wide, narrow in _WIDE:
            if wide in text:
                text = text.replace(wide, narrow)
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
    return "".join(text.split())


Placed = tuple[int, Figure]     # a figure and where it starts in its sentence


def sentence_figures(sentence: str, k: int) -> list[Placed]:
    """Every figure of one folded sentence (``k``: its index), with the words before it as its label.

    A year, a date or a 文号 is not a figure; the label runs back to the previous punctuation or
    figure, and keeps a 'YYYY年' just before that cut with the words it dates.
    """
    if not DIGIT.search(sentence):
        return []
    out: list[Placed] = []
    previous = 0
    # (end, year) of every 'YYYY年', found once: the years before a figure are those ending by its start
    all_years = [(y.end(), int(y.group(1))) for y in YEAR.finditer(sentence)] if "年" in sentence else []
    ends = [end for end, _ in all_years]
    for m in _FIGURE.finditer(sentence):
        start, end = m.span()
        num, printed_unit = m.group(1, 2)
        unit = _UNIT_FOLD.get(printed_unit, printed_unit) if printed_unit else ""
        # (a figure opening the sentence is skipped too: the empty text before it is 'in' any string)
        if (not unit and _NOT_QUANTITY.match(sentence[end:end + 2])) or start == 0 or sentence[start - 1] in "〔[【":
            previous = end
            continue
        value = Decimal(num.replace(",", ""))     # NUM is always a well-formed number
        cut = previous
        for b in _BOUNDARY.finditer(sentence, previous, start):
            cut = b.end()
        label = sentence[cut:start]
        year = None
        if all_years and (i := bisect_left(ends, start + 1)) > 0:     # the last year ending by ``start``
            year = all_years[i - 1][1]
            if (y := YEAR.search(sentence, max(0, cut - 6), start)) is not None and y.end() == cut + 1:
                label = sentence[y.start():start]      # keep '2022年' with the words it dates
        out.append((start, _new_figure(value, unit, label, sentence[start:end], k, year)))
        previous = end
    return out


class SentenceIndex:
    """A document's folded sentences, with what several claim readers ask of each, computed once.

    ``starts`` are the indices that open a paragraph; ``numeric[k]`` says whether sentence ``k``
    holds a digit (figures, mentions, counts and dates all need one); ``figures[k]`` are its
    placed figures (sums, rates and enumerations all read them); ``text`` is all of them, one a
    line, so a reader whose cue ('=', '年初', '号', '等级' …) the document never prints is not run at
    all, and ``having`` finds the sentences a pattern matches in one scan instead of one call each.
    """

    __slots__ = ("figures", "numeric", "offsets", "sentences", "spaceless", "starts", "text")

    def __init__(self, sentences: Sequence[str], starts: Sequence[int]) -> None:
        self.sentences: tuple[str, ...] = tuple(sentences)
        self.starts: tuple[int, ...] = tuple(starts)
        self.text = "\n".join(self.sentences)   # folded sentences hold no newline: a cue never spans two
        offsets, at = [], 0
        for s in self.sentences:
            offsets.append(at)
            at += len(s) + 1
        self.offsets: tuple[int, ...] = tuple(offsets)
        # folded sentences hold no whitespace (readers that squash first see the same text): checked,
        # since build_claims also takes plain sentences
        self.spaceless = len(self.text.split()) == len(self.sentences)
        search = DIGIT.search
        self.numeric: tuple[bool, ...] = tuple(search(s) is not None for s in self.sentences)
        self.figures: tuple[list[Placed], ...] = tuple(
            sentence_figures(s, k) if digit else [] for k, (s, digit) in enumerate(zip(self.sentences, self.numeric,
                                                                                      strict=True)))

    def having(self, pattern: re.Pattern[str]) -> frozenset[int]:
        """The sentences ``pattern`` matches in, from one scan of ``text``.

        Only for patterns that cannot match a newline (literals, ``.``, classes without ``[^…]``):
        then no match spans two sentences, and every sentence holding a match yields one. Worth it
        for patterns the engine skips to by their first character (a literal, a digit); one opening
        with a group or a CJK range is tried at every position of the text, and a per-sentence
        literal check before it is cheaper.
        """
        offsets = self.offsets
        return frozenset(bisect_right(offsets, m.start()) - 1 for m in pattern.finditer(self.text))
