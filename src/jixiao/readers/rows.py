"""One scoring-table row, whatever the layout, and how rows become the indicator tree."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..core.findings import Source
from .numbers import number

_WEIGHT_IN_NAME = re.compile(r"^(?P<name>.*?)\s*[（(]\s*(?P<w>\d+(?:\.\d+)?)\s*分?\s*[)）]\s*$")
_STRAY_NUMBER = re.compile(r"^\d+(?:\.\d+)?\s+(?=[\u4e00-\u9fff])")
_NEWLINE = re.compile(r"\s*\n\s*")
_SLOT = re.compile(r"^指标\s*\d+\s*[:：、.．]?\s*")
_PLACEHOLDER = re.compile(r"^(?:指标\s*\d*|[…\.。·]+|\s*)$")
L1 = re.compile(r"^(?:项目)?(?:产出|效益|满意度|成本|决策|过程|管理|绩效|效果|投入)(?:指标)?\s*(?:[（(]\s*\d+(?:\.\d+)?\s*分?\s*[)）])?$")
L2 = re.compile(r"^(?:数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响|服务对象满意度|经济成本|社会成本|"
                r"生态环境成本)(?:指标)?\s*(?:[（(]\s*\d+(?:\.\d+)?\s*分?\s*[)）])?$")


def split_weight(text: str) -> tuple[str, Decimal | None]:
    """'产出指标(50分)' -> ('产出指标', 50)."""
    text = text.strip()
    m = _WEIGHT_IN_NAME.match(text)
    if m and m.group("name"):
        return m.group("name").strip(), number(m.group("w"))
    return text, None


def leaf_name(text: str) -> str:
    """Drop what printing adds to a name: a stray '5 ' from the weight column, '指标1：' slot labels."""
    text = _NEWLINE.sub("", text.strip())
    text = _STRAY_NUMBER.sub("", text)
    return _SLOT.sub("", text).strip() or text.strip()


def is_placeholder(text: str) -> bool:
    return bool(_PLACEHOLDER.match(text.strip()))


@dataclass
class Row:
    l1: str
    l2: str
    name: str
    source: Source
    l1_weight: Decimal | None = None
    l2_weight: Decimal | None = None
    weight: Decimal | None = None
    score: Decimal | None = None
    value: str = ""
    actual: str = ""
    unit: str = ""
    comparator: str = ""
    explanation: str = ""
    reason: str = ""
    cells: dict[str, Source] = field(default_factory=dict)
    unread: dict[str, str] = field(default_factory=dict)   # a weight/score cell OCR marked uncertain, as read

    @property
    def has_target(self) -> bool:
        return bool(self.value.strip())


@dataclass
class Table:
    """A scoring table as printed: rows in order, and the 合计/总分 row if there was one."""

    rows: list[Row] = field(default_factory=list)
    total: Decimal | None = None
    weight_total: Decimal | None = None
    total_source: Source | None = None
    header_source: Source | None = None
    scrambled: bool = False
    end_line: int = 0
    grade: str | None = None             # a grade word printed in the total row (often unlabelled)
    grade_source: Source | None = None
