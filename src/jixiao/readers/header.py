"""The report's header: project, departments, people, year — by label, wherever the value sits.

A label may carry its value in the same cell ("项目名称：招商引资"), in the next cell of a table
row, or on the next non-empty line of a flattened table; all three are the same lookup here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.findings import Source
from .layout import Document, Token, tokens

LABELS: dict[str, str] = {
    "name": r"项目名称",
    "department": r"主管部门(?:\s*[（(]\s*公章\s*[)）])?|项目主管单\s*位|项目主管部门|主管单位",
    "implementing_unit": r"(?:项目)?实施单位(?:\s*[（(]\s*盖章\s*[)）])?|项目单位",
    "leads": r"项目负责人",
    "preparer": r"填报人|填表人",
    "phone": r"联系电话|联络电话",
}
_ANY_LABEL = re.compile("|".join(f"(?:{p})" for p in LABELS.values())
                        + r"|填报日期|项目属性|项目类别|项目资金|财务负责人|单位负责人|审核人|单位领导")
_PATTERNS = {k: re.compile(rf"^(?:{p})\s*[:：]?(.*)$") for k, p in LABELS.items()}
_ANY_START = re.compile("|".join(f"(?:{p})" for p in LABELS.values()))
_TITLE = re.compile(r"绩效.{0,6}(?:自评|评价)|自评(?:报告|表)")
_EXT = re.compile(r"\.(pdf|docx?|xlsx?|wps|html?)$", re.I)
_YEAR_ANY = re.compile(r"20\d{2}\s*(?:年度?)?")
_PAREN_TAIL = re.compile(r"[（(]([^（）()]{2,40})[)）]\s*$")
_GENERIC_TAIL = re.compile(r"(?:部门整体支出|整体支出|项目支出)$")
_NOT_A_VALUE = re.compile(r"[:：]$|^(?:项目|主管|实施|填报|联系)[\u4e00-\u9fff]{0,4}$|预算数|执行数|执行率|分值|得分|指标|万元")
_YEAR = re.compile(r"(20\d{2})\s*年度?")
_SPLIT = re.compile(r"[、，,/；;\s]+")


@dataclass
class Header:
    values: dict[str, str] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    year: int | None = None
    leads: tuple[str, ...] = ()
    department_wide: bool = False      # 部门整体支出 rather than a project


def _value_after(toks: list[Token], i: int, rest: str) -> tuple[str, Token] | None:
    rest = rest.strip(" :：")
    if rest:
        cut = _ANY_LABEL.search(rest)
        rest = rest[:cut.start()].strip() if cut and cut.start() > 0 else rest
        return (rest, toks[i]) if rest and not _NOT_A_VALUE.search(rest) else None
    for tok in toks[i + 1:i + 4]:
        text = tok.text.strip(" :：")
        if not text:
            continue
        if _ANY_LABEL.match(text) or _NOT_A_VALUE.search(text):
            return None
        return text, tok
    return None


def read_header(doc: Document, toks: list[Token] | None = None, limit: int = 400) -> Header:
    """Header fields from the first ``limit`` cells (headers come first in every layout)."""
    header = Header()
    toks = (toks if toks is not None else list(tokens(doc)))[:limit]
    for i, tok in enumerate(toks):
        if not _ANY_START.match(tok.text.strip()):
            continue
        for key, pattern in _PATTERNS.items():
            if key in header.values:
                continue
            m = pattern.match(tok.text.strip())
            if not m:
                continue
            found = _value_after(toks, i, m.group(1))
            if found is None:
                continue
            value, where = found
            if key == "phone" and not re.search(r"\d{5,}|\d+-\d+", value):
                continue
            header.values[key] = value[:120]
            header.sources[key] = doc.source(where.line, where.cell.column, where.cell)
    if "leads" in header.values:
        header.leads = tuple(p for p in _SPLIT.split(header.values["leads"]) if p and len(p) <= 12)
    for line in doc.lines[:40]:
        if line.text.strip() and (m := _YEAR.search(line.text)) and (_TITLE.search(line.text) or "年度" in line.text):
            header.year = int(m.group(1))
            header.sources["year"] = doc.source(line, m.start() + 1)
            break
    header.department_wide = any("整体支出" in line.text and _TITLE.search(line.text) for line in doc.lines[:12])
    if "name" not in header.values:
        _title_name(doc, header)
    return header


def _title_name(doc: Document, header: Header) -> None:
    """No 项目名称 label: name the project from the title — its bracketed subject
    ('…自评报告(春节慰问经费项目)'), else what follows the year, else what precedes it."""
    for line in doc.lines[:40]:
        text = _EXT.sub("", line.text.strip())
        m = _TITLE.search(text)
        if not m or len(text) > 80:
            continue
        head = text[:m.start()]
        year = _YEAR_ANY.search(head)
        paren = _PAREN_TAIL.search(text[m.end():])
        candidates = [paren.group(1) if paren and not re.search(r"表|报告|修改", paren.group(1)) else "",
                      head[year.end():] if year else head, head[:year.start()] if year else ""]
        for name in candidates:
            name = _GENERIC_TAIL.sub("", name.strip(" 　-—:：()（）《》")).strip()
            if len(name) >= 2 and name not in {"项目", "部门", "单位", "本单位"}:
                header.values["name"] = name
                header.sources["name"] = doc.source(line, 1)
                return
