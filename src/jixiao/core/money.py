"""Decimal arithmetic for money (万元), rates (%) and scores, always ROUND_HALF_UP.

Government tables round half away from zero (四舍五入); Python's default banker's rounding
and binary floats both disagree with printed totals, so every figure goes through here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

TWO = Decimal("0.01")
HUNDRED = Decimal(100)
TEN_THOUSAND = Decimal(10000)

_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$")


def q2(value: Decimal) -> Decimal:
    """Round to 2 places, half up: the precision of every printed amount, rate and score."""
    return value.quantize(TWO, ROUND_HALF_UP)


def to_decimal(value: object) -> Decimal | None:
    """Turn an int, Decimal or numeric string (commas allowed) into a Decimal; None if it is not one.

    Floats are refused on purpose: a float has already lost the printed digits.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        text = value.strip().replace("，", ",")
        if not text or not _NUMBER.match(text) or text in {"+", "-", "."}:
            return None
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None
    return None


def sum_or_none(values: Iterable[Decimal | None]) -> Decimal | None:
    """The sum of the figures from 0; None when any is missing (a sum over a blank would be a guess)."""
    result = Decimal(0)
    for value in values:
        if value is None:
            return None
        result += value
    return result


def yuan_to_wan(value: Decimal) -> Decimal:
    """Convert 元 to 万元 exactly; rounding happens only when a figure is shown."""
    return value / TEN_THOUSAND


def rate(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """numerator / denominator × 100, 2 places; None when either is missing or the base is 0."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return q2(numerator * HUNDRED / denominator)


def fmt(value: Decimal | None, places: int | None = None) -> str:
    """Show a Decimal the way a report prints it: no exponent, trailing zeros dropped unless fixed."""
    if value is None:
        return "—"
    if places is not None:
        quantum = TWO if places == 2 else Decimal(1).scaleb(-places)
        value = value.quantize(quantum, ROUND_HALF_UP)
    if type(value) is Decimal:
        # str() is the fixed-point text unless it chose an exponent, and much cheaper than format()
        text = str(value)
        if "E" in text or "e" in text:
            text = f"{value:f}"
    else:
        text = f"{value:f}"
    if places is None and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def fmt_money(value: Decimal | None) -> str:
    """万元 with 2 places, e.g. 1375.72."""
    return fmt(value, 2)


def fmt_rate(value: Decimal | None) -> str:
    """A percentage with 2 places and the sign, e.g. 99.80%."""
    return "—" if value is None else f"{fmt(value, 2)}%"
