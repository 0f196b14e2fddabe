"""The targets table (绩效目标完成情况表: 绩效指标 | 类别 | 年度指标值 | 实际完成值 | 完成情况).

A 自评表 and many reports print every target once more in a table of its own, with its 年度指标值
and 实际完成值, apart from the scoring table. When the scoring table has no target columns this
table, not the goal sentence, is where the targets and their results are: each row becomes a
Target (comparator, value and unit from the 年度指标值 cell, the result from 实际完成值, the
category from a 类别 cell such as 产出/数量), located at its cells.
"""

from __future__ import annotations

import re

from ..core.findings import Source
from ..core.model import Target
from .layout import Document, Line
from .rows import Row
from .table_header import cell_roles
from .tree import target_of

_SCORING = {"score", "weight"}
_RULE = re.compile(r"[\s|:\-]*-[\s|:\-]*")


def _header(line: Line) -> tuple[int, int, int, int | None] | None:
    """(name, value, actual, category) columns of a targets-table header, else None."""
    if not line.is_row:
        return None
    texts = [c.text.replace(" ", "") for c in line.cells]
    roles = cell_roles(texts)
    if "value" not in roles or "actual" not in roles or _SCORING & set(roles):
        return None
    name = next((i for i, (t, r) in enumerate(zip(texts, roles, strict=True)) if r == "l3" or (not r and "指标" in t)),
                None)
    if name is None or name > roles.index("value"):
        return None
    category = next((i for i, t in enumerate(texts) if "类别" in t or t == "指标类型"), None)
    return name, roles.index("value"), roles.index("actual"), category


def table_targets(doc: Document, sources: dict[str, Source]) -> list[Target]:
    """Every row of every targets table, in order (``sources`` gains where each was read)."""
    out: list[Target] = []
    k = 0
    while k < len(doc.lines):
        found = _header(doc.lines[k])
        k += 1
        if found is None:
            continue
        name_at, value_at, actual_at, category_at = found
        need = max(name_at, value_at, actual_at, category_at or 0) + 1
        while k < len(doc.lines):
            line = doc.lines[k]
            if _RULE.fullmatch(line.text):                 # a Markdown table's |---|---| under its header
                k += 1
                continue
            if not line.is_row or len(line.cells) <= max(name_at, value_at):
                break
            texts = [c.text for c in line.cells] + [""] * (need - len(line.cells))   # empty cells left off the end
            if _SCORING & set(cell_roles([t.replace(" ", "") for t in texts])):
                break                                      # the next table's header
            name, value, actual = texts[name_at].strip(), texts[value_at].strip(), texts[actual_at].strip()
            if name and (value or actual):
                kind, _, sub = texts[category_at].partition("/") if category_at is not None else ("", "", "")
                at = len(out)
                source = doc.source(line, line.cells[name_at].column, line.cells[name_at])
                row = Row(kind.strip(), sub.strip(), name, source, value=value, actual=actual)
                out.append(target_of(row, at + 1))
                sources[f"targets[{at}]"] = source
                sources[f"targets[{at}].value"] = doc.source(line, line.cells[value_at].column, line.cells[value_at])
                if actual_at < len(line.cells):
                    sources[f"targets[{at}].actual"] = doc.source(line, line.cells[actual_at].column,
                                                                  line.cells[actual_at])
            k += 1
    return out
