"""What the prose says of the result: a total score, a grade, all targets met. Read with the claims.

``Claims.scores``, ``Claims.grades`` and ``Claims.completions`` hold these statements with their
sentence, so the rules comparing them with the scoring table never scan prose. Pure string work
over folded sentences (``core.claims.fold``: NFKC, no spaces).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from . import vocabulary as vocab

# the labels and grade words are the readers' own (core.vocabulary), so prose the reader takes a
# total or grade from is prose the checker compares; grades are the four levels of 财预〔2020〕10号
_SCORE = re.compile(f"(?P<kw>{vocab.words_regex(vocab.FIELD_LABELS['stated.total'])})(?:为|是|:|得)?"
                    r"(?P<num>\d+(?:\.\d+)?)分")
_GRADE = re.compile(f"(?:{vocab.words_regex(vocab.FIELD_LABELS['stated.grade'])})(?:为|是|:|评定为|评为)?[“\"「]?"
                    f"(?P<grade>{vocab.words_regex(vocab.LEVEL_WORDS)})")
_ALL_DONE = re.compile(r"(全面|全部|圆满|均已|均|已按照?计划)完成|完成了?(全部|各项|既定|预期)(绩效)?目标|达到(了)?预期(效果|目标)")
_HEDGED = re.compile(r"(未|没有|尚未|基本|大部分|部分|未能)$")

ScoreClaim = tuple[int, str, Decimal, str]     # (sentence, keyword, points, as printed)
GradeClaim = tuple[int, str, str]              # (sentence, grade word, as printed)


def score_claims(sentences: tuple[str, ...] | list[str]) -> Iterator[ScoreClaim]:
    """'综合评分96分', '自评总分:95分' …: a total the prose gives."""
    for k, s in enumerate(sentences):
        if "分" not in s:
            continue
        for m in _SCORE.finditer(s):
            yield k, m.group("kw"), Decimal(m.group("num")), m.group()


def grade_claims(sentences: tuple[str, ...] | list[str]) -> Iterator[GradeClaim]:
    """'评价等级为优', '自评等级:良' …: a grade the prose gives."""
    for k, s in enumerate(sentences):
        if "等" not in s and "评" not in s and "结果" not in s:
            continue
        for m in _GRADE.finditer(s):
            yield k, m.group("grade"), m.group()


def completion_claims(sentences: tuple[str, ...] | list[str]) -> Iterator[tuple[int, str]]:
    """'全面完成', '完成了既定目标', '达到预期效果' (not after 未/基本/部分…): every target said to be met."""
    for k, s in enumerate(sentences):
        if "完成" not in s and "预期" not in s:
            continue
        for m in _ALL_DONE.finditer(s):
            if not _HEDGED.search(s[max(0, m.start() - 3):m.start()]):
                yield k, m.group()
