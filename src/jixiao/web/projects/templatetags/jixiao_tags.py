"""Template filters that print numbers the way the reports do (via ``jixiao.core.money``)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import template

from ....core.money import fmt, fmt_money, fmt_rate, to_decimal

register = template.Library()

SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS = {"scored": "已计分", "insufficient-data": "数据不足", "not-applicable": "不适用", "stated": "按所填"}


def _dec(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, Decimal) else to_decimal(str(value))


@register.filter
def money(value: Any) -> str:
    """万元, 2 places: 1375.72."""
    return fmt_money(_dec(value))


@register.filter
def pct(value: Any) -> str:
    """A rate with 2 places and %: 99.80%."""
    return fmt_rate(_dec(value))


@register.filter
def score(value: Any) -> str:
    """A score without trailing zeros: 98, 97.5."""
    return fmt(_dec(value))


@register.filter
def severity(value: Any) -> str:
    return SEVERITY.get(str(value), str(value))


@register.filter
def node_status(value: Any) -> str:
    return STATUS.get(str(value), str(value))


@register.filter
def indent(level: Any) -> int:
    return max(0, int(level) - 1) * 18


@register.filter
def get(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def score2(value: Any) -> str:
    """A score with 2 places, for table columns that must line up: 98.00."""
    return fmt(_dec(value), 2)


@register.filter
def person(value: Any) -> str:
    """A person by name: a user, or an audit event (its user, else the login it recorded)."""
    from ...projects.inbox import person as name_of
    if value is None or value == "":
        return "—"
    if hasattr(value, "get_username"):
        return name_of(value)
    return name_of(getattr(value, "user", None), getattr(value, "username", ""))


@register.filter
def total(card: Any) -> str:
    """A card's total, or — while nothing has been scored (a blank project has no grade, not 差)."""
    return fmt(card.total) if card is not None and card.has_scores else "—"


@register.filter
def grade(card: Any) -> str:
    return str(card.grade) if card is not None and card.has_scores and card.grade else "—"


_CJK = re.compile(r"[\u3400-\u9fff]")


@register.filter
def zh(text: Any) -> str:
    """The Chinese half of a bilingual "中文 / English" message: pages speak Chinese only.

    Trailing " / …" parts without any Chinese character are the English half; a " / " inside
    Chinese text (人/次, 一级 / 二级) is kept.
    """
    parts = str(text).split(" / ")
    while len(parts) > 1 and not _CJK.search(parts[-1]) and _CJK.search(" / ".join(parts[:-1])):
        parts.pop()
    return " / ".join(parts)


@register.filter
def missing_facts(card: Any) -> list[str]:
    """What a draft's 自评报告 must state and the project does not give yet (``publish.gaps``):
    the same list ``jixiao score`` prints and ``jixiao report`` refuses with, so the preparer
    sees it while editing rather than as a refused download."""
    if card is None:
        return []
    from ....publish.gaps import refuse_draft

    return refuse_draft(card.project, card)
