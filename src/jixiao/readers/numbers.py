"""Numbers as printed: '1,375.72', '99.80%', '35. 3' (OCR), '≥98%', '=8个', amounts in 元 or 万元."""

from __future__ import annotations

import functools
import re
from decimal import Decimal

from ..core.model import Comparator
from ..core.money import q2, yuan_to_wan

NUM = r"\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\s?\d+)?"
# NUM not preceded by a digit or point, written digit-first: a pattern that opens with a
# look-behind is tried at every position, one that opens with \d lets the engine skip to digits
LEAD_NUM = r"\d(?<![\d.]\d)(?:\d{0,2}(?:[,，]\d{3})+(?:\.\d+)?|\d*(?:\.\s?\d+)?)"
_PLAIN = re.compile(rf"^\s*[+-]?(?:{NUM})\s*$")
_NOISE = re.compile(r"[\s,，]")
_PERCENT = re.compile(rf"^\s*({NUM})\s*[%％]\s*$")
_VALUE = re.compile(rf"^\s*(?P<cmp>[≥≤=＝><]|>=|<=|不低于|不少于|不高于|不超过|大于等于|小于等于)?\s*"
                    rf"(?P<num>{NUM})\s*(?P<unit>[^\d\s]{{0,8}}?)\s*(?P<suffix>以上|以下|以内)?\s*$")
_CMP = {"≥": Comparator.GE, ">=": Comparator.GE, ">": Comparator.GE, "不低于": Comparator.GE,
        "不少于": Comparator.GE, "大于等于": Comparator.GE, "≤": Comparator.LE, "<=": Comparator.LE,
        "<": Comparator.LE, "不高于": Comparator.LE, "不超过": Comparator.LE, "小于等于": Comparator.LE,
        "=": Comparator.EQ, "＝": Comparator.EQ}


@functools.lru_cache(maxsize=8192)
def _digits(text: str) -> str | None:
    if not text or not _PLAIN.match(text):
        return None
    return _NOISE.sub("", text)


def number(text: str) -> Decimal | None:
    """A plain number such as '1,423.71' or the OCR-spaced '35. 3'; None for anything else.

    Each call returns a new Decimal: shared objects would turn into YAML aliases when dumped.
    """
    digits = _digits(text)
    if digits is None:
        return None
    try:
        return Decimal(digits)
    except ArithmeticError:
        return None


def points(text: str) -> Decimal | None:
    """A 分值/得分 cell: '9.5' or '9.5分'."""
    return number(text[:-1] if text.endswith("分") else text)


_FRACTION = Decimal("1.5")


def sheet_rate(value: Decimal) -> Decimal | None:
    """The rate a bare number in a sheet's rate cell stands for: a spreadsheet stores 97.92% as
    0.9792, so a value up to 1.5 is a fraction; None for a larger one (a rate typed as 97.92)."""
    return q2(value * 100) if value <= _FRACTION else None


def percent(text: str) -> Decimal | None:
    m = _PERCENT.match(text)
    return number(m.group(1)) if m else None


def is_value(text: str) -> bool:
    """True for cells a table fills with figures: numbers, rates, '=8个', '≤202.6万元'."""
    return bool(text) and bool(_VALUE.match(text))


def target_value(text: str) -> tuple[Comparator, Decimal | None, str]:
    """'≥98%' -> (≥, 98, '%'); words -> (定性, None, '')."""
    m = _VALUE.match(text)
    if not m:
        return Comparator.QUALITATIVE, None, ""
    comparator = _CMP.get(m.group("cmp") or "", Comparator.EQ)
    if m.group("suffix") in {"以下", "以内"}:
        comparator = Comparator.LE
    elif m.group("suffix") == "以上":
        comparator = Comparator.GE
    return comparator, number(m.group("num")), (m.group("unit") or "").strip()


def money(value: Decimal, unit: str) -> Decimal:
    """万元 as the model keeps it: 元 converted exactly, 亿元 scaled."""
    if unit.startswith("元"):
        return yuan_to_wan(value)
    if unit.startswith("亿"):
        return value * 10000
    return value
