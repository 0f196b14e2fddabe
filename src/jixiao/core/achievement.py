"""Whether a target was met: the one definition scoring, the checker and publishing share.

A deadline ('9月前', a 时效 target in months) is a date, met by an actual on or before it.
"""

from __future__ import annotations

from .model import Comparator, Target

_DEADLINE_UNIT = ("以前", "之前", "底前", "前")
_CALENDAR = frozenset({"年", "月", "日", "月底", "年底", "季度"})


def is_deadline(t: Target) -> bool:
    """A time-limit target ('9月前', '12月底前', a 时效 target in months): a date, met by an earlier actual."""
    unit = t.unit.strip()
    if unit.endswith(_DEADLINE_UNIT) and unit.rstrip("以之底前") in _CALENDAR | {""}:
        return True
    return t.subcategory == "时效" and unit in _CALENDAR and (t.actual_unit.strip() or unit) in _CALENDAR


def deadline_unit(unit: str) -> str:
    """'月前' → '月': a deadline's unit without its 'before'."""
    for suffix in _DEADLINE_UNIT:
        if unit.endswith(suffix) and unit[:-len(suffix)].rstrip("底") in _CALENDAR:
            return unit[:-len(suffix)].rstrip("底") or unit
    return unit


def target_met(t: Target) -> bool | None:
    """Whether a numeric target was met, per its comparator; None when it cannot be judged.

    The one definition scoring, the checker and publishing share. A deadline is met by an
    actual on or before it, whatever comparator was printed; '≤' targets by an actual at or
    below; a zero target (安全事故0起) only by zero; '≥' and '=' by an actual at or above.
    """
    if t.value is None or t.actual is None:
        return None
    if t.comparator is Comparator.QUALITATIVE:
        return None
    if t.comparator is Comparator.LE or is_deadline(t):
        return t.actual <= t.value
    if t.comparator is Comparator.RANGE:
        return t.value <= t.actual and (t.upper is None or t.actual <= t.upper)
    if t.comparator is Comparator.EQ and t.value == 0:
        return t.actual <= 0
    return t.actual >= t.value
