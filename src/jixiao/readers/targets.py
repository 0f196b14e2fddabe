"""Targets stated in prose ('宣传折页制作5000份，验收通过率达98%以上') and the actuals reported later.

A phrase is '<name><comparator?><number><unit><以上/以下?>'; the name is what precedes the last
number, so '引进注册资金2000万元以上项目6个' keeps its inner '2000万元以上' as part of the name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.findings import Source
from ..core.model import Comparator, Target, normalise_name
from .layout import Document, Paragraph
from .numbers import NUM, number

_UNITS = r"%|％|个|次|份|本|人次|人|家|项|场|万元|亿元|元|户|辆|台|套|公里|千米|米|平方米|㎡|天|日|个月|月|年|所|批|篇|期|条|座|处|吨|亩|小时|分钟|元/人|元/辆"
_PHRASE = re.compile(rf"^(?P<name>.*?[\u4e00-\u9fff）)])\s*(?P<cmp>达到|达|为|不低于|不少于|超过|不高于|不超过|低于|≥|≤|>=|<=|＞|＜)?\s*"
                     rf"(?P<num>{NUM})\s*(?P<unit>{_UNITS})(?P<suffix>以上|以下|以内)?$")
_ENDINGS = (*_UNITS.split("|"), "以上", "以下", "以内")      # what _PHRASE can end with
_DIGIT = re.compile(r"\d")
_PIECES = re.compile(r"([，,；;。、])")
_LEADING_YEAR = re.compile(r"^\d{4}\s*年[，,]?")
_TRAILING_YEAR = re.compile(r"\d{4}\s*年$")
_LEAD = re.compile(r"^(?:目标[:：]|目标设定包括|主要目标(?:包括|为)|目标(?:包括|为)|包括|其中|通过项目实施|我区|我署|我局|我单位|"
                   r"共完成|共|完成|推动|实现|全年|累计|并|且|和|及)+")


@dataclass
class Stated:
    name: str
    comparator: Comparator
    value: str
    number: str
    unit: str
    source: Source


def phrases(doc: Document, paras: list[Paragraph]) -> list[Stated]:
    """Every '<name><number><unit>' phrase of the given paragraphs, located."""
    out: list[Stated] = []
    for para in paras:
        pos = 0
        for piece in _PIECES.split(para.text):
            start = pos
            pos += len(piece)
            if len(piece) > 120 or not _DIGIT.search(piece) or not piece.strip().endswith(_ENDINGS):
                continue                   # a phrase ends with its unit (or 以上/以下/以内): most pieces do not
            text = _LEADING_YEAR.sub("", piece.strip())
            text = _LEAD.sub("", text).strip()
            m = _PHRASE.match(text)
            if not m or not 2 <= len(m.group("name")) <= 40 or _TRAILING_YEAR.search(m.group("name")):
                continue
            name = m.group("name").strip()
            cmp_word, suffix = m.group("cmp") or "", m.group("suffix") or ""
            comparator = Comparator.EQ
            if suffix == "以上" or cmp_word in {"不低于", "不少于", "≥", ">=", "超过", "＞"}:
                comparator = Comparator.GE
            elif suffix in {"以下", "以内"} or cmp_word in {"不高于", "不超过", "≤", "<=", "低于", "＜"}:
                comparator = Comparator.LE
            unit = "%" if m.group("unit") == "％" else m.group("unit")
            line, col = para.locate(start + para.text[start:].find(piece.strip()[:4]) if piece.strip() else start)
            out.append(Stated(name, comparator, m.group(0), m.group("num").replace(" ", ""), unit,
                              doc.source(line, col)))
    return out


def targets_from(goal: list[Stated]) -> list[Target]:
    seen: set[str] = set()
    out: list[Target] = []
    for s in goal:
        key = normalise_name(s.name)
        if key in seen:
            continue
        seen.add(key)
        out.append(Target(id=f"t{len(out) + 1}", name=s.name, comparator=s.comparator,
                          value=number(s.number), unit=s.unit, value_text=s.value))
    return out


def match_actual(target: Target, reported: list[Stated]) -> Stated | None:
    """The achievement phrase naming this target (names compared without spaces or brackets)."""
    key = normalise_name(target.name)
    for s in reported:
        other = normalise_name(s.name)
        if len(key) >= 3 and (other.endswith(key) or (key.endswith(other) and len(other) >= 4)):
            return s
    return None


_PAIR = re.compile(r"(?P<name>[^，,。；;:：、]{2,40}?)[：:]?\s*(?:的)?(?:年初|年度)?(?:指标值|目标值)(?:为|是|:|：)?\s*(?P<value>[^，,。；;]{1,20}?)"
                   r"\s*[，,；;]\s*(?:全年|年末|年度)?(?:实际)?完成(?:值|情况)?(?:为|是|:|：)?\s*(?P<actual>[^，,。；;]{1,20})")


def target_pairs(doc: Document, paras: list[Paragraph]) -> list[tuple[Target, Source]]:
    """Sentences pairing a target with its result (narrative 自评报告): '<name>…指标值…N%，…完成…M%'."""
    from .numbers import target_value

    out: list[tuple[Target, Source]] = []
    for para in paras:
        if "指标值" not in para.text and "目标值" not in para.text:
            continue
        for m in _PAIR.finditer(para.text):
            name = re.sub(r"^(?:第[一二三四五六七八九十]+|其[一二三四五六七八九十]|\d+[、.．]|[①-⑳]|[^：:]{0,12}指标[：:])", "",
                          m.group("name")).strip()
            if len(name) < 2:
                continue
            comparator, value, unit = target_value(_words_to_cmp(m.group("value")))
            _, actual, actual_unit = target_value(m.group("actual"))
            line, col = para.locate(m.start("name"))
            out.append((Target(id=f"t{len(out) + 1}", name=name, comparator=comparator, value=value, unit=unit,
                               actual=actual, actual_unit=actual_unit, value_text=m.group("value").strip(),
                               actual_text=m.group("actual").strip()), doc.source(line, col)))
    return out


def _words_to_cmp(text: str) -> str:
    for words, sign in (("不低于", "≥"), ("不少于", "≥"), ("大于等于", "≥"), ("不高于", "≤"), ("不超过", "≤"),
                        ("小于等于", "≤"), ("等于", "=")):
        if text.startswith(words):
            return sign + text[len(words):]
    return text
