"""The report's header: project, departments, people, year — by label, wherever the value sits.

A label may carry its value in the same cell ("项目名称：招商引资"), in the next cell of a table
row, or on the next non-empty line of a flattened table; all three are the same lookup here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core import vocabulary as vocab
from ..core.claims import CJK
from ..core.findings import Source
from .layout import Document, Paragraph, Token, tokens

_SEAL = r"(?:\s*[（(]\s*(?:公章|盖章)\s*[)）])?"


def _label(word: str) -> str:
    """A vocabulary label as printed: spaces may fall between its characters, brackets of either width."""
    out = []
    for ch in word:
        out.append(r"[（(]" if ch in "(（" else r"[)）]" if ch in ")）" else re.escape(ch))
    return r"\s*".join(out)


def _labels(words: tuple[str, ...]) -> str:
    return "|".join(_label(w) for w in sorted(words, key=len, reverse=True))


LABELS: dict[str, str] = {key: f"(?:{_labels(words)}){_SEAL}" for key, words in vocab.HEADER_FIELDS.items()}
_ANY_LABEL = re.compile("|".join(f"(?:{p})" for p in LABELS.values()) + "|" + _labels(vocab.HEADER_STOPS))
_PATTERNS = {k: re.compile(rf"^(?:{p})\s*[:：]?(.*)$") for k, p in LABELS.items()}
_ANY_START = re.compile("|".join(f"(?:{p})" for p in LABELS.values()))
_TITLE = re.compile(r"绩效.{0,6}(?:自评|评价)|自评(?:报告|表)")
_EXT = re.compile(r"\.(pdf|docx?|xlsx?|wps|html?)$", re.I)
_YEAR_ANY = re.compile(r"20\d{2}\s*(?:年度?)?")
_PAREN_TAIL = re.compile(r"[（(]([^（）()]{2,40})[)）]\s*$")
_GENERIC_TAIL = re.compile(r"(?:部门整体支出|整体支出|项目支出)$")
_NOT_A_VALUE = re.compile(r"[:：]$|^(?:项目|主管|实施|填报|联系)[\u4e00-\u9fff]{0,4}$|预算数|执行数|执行率|分值|得分|指标|万元")
# a cell that opens with another block's label (a funds row, a scoring column) is that block's,
# not this field's value: text extracted from a PDF can put a label's value before it
_OTHER_BLOCK = re.compile(r"^(?:其中\s*[:：]?\s*)?(?:" + _labels(
    vocab.SOURCE_LABELS + vocab.TOTAL_ROW_LABELS
    + tuple(w for words in (*vocab.FUNDS_COLUMNS.values(), *vocab.SCORING_COLUMNS.values()) for w in words)
) + r")|^其中\s*[:：]")
_YEAR = re.compile(r"(20\d{2})\s*年度?")
_NAMED = frozenset({"name", "department", "implementing_unit"})
_SPLIT = re.compile(r"[、，,/；;\s]+")
_COPULA = re.compile(r"\s*(?:为|是)(?=\S)")


@dataclass
class Header:
    values: dict[str, str] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    year: int | None = None
    leads: tuple[str, ...] = ()
    department_wide: bool = False      # 部门整体支出 rather than a project


def _not_a_value(text: str) -> bool:
    return bool(_NOT_A_VALUE.search(text) or _OTHER_BLOCK.match(text))


def _value_after(toks: list[Token], i: int, rest: str) -> tuple[str, Token] | None:
    rest = rest.strip(" :：")
    if rest:
        cut = _ANY_LABEL.search(rest)
        rest = rest[:cut.start()].strip() if cut and cut.start() > 0 else rest
        return (rest, toks[i]) if rest and not _not_a_value(rest) else None
    for tok in toks[i + 1:i + 4]:
        text = tok.text.strip(" :：")
        if not text:
            continue
        if _ANY_LABEL.match(text) or _not_a_value(text):
            return None
        return text, tok
    return None


def read_header(doc: Document, toks: list[Token] | None = None, limit: int = 400) -> Header:
    """Header fields from the first ``limit`` cells (headers come first in every layout)."""
    header = Header()
    toks = (toks if toks is not None else list(tokens(doc)))[:limit]
    for i, tok in enumerate(toks):
        if not tok.text or not _ANY_START.match(tok.text.strip()):
            continue
        for key, pattern in _PATTERNS.items():
            if key in header.values:
                continue
            m = pattern.match(tok.text.strip())
            if not m:
                continue
            rest = m.group(1)
            if (said := _COPULA.match(rest)) and not re.search("[:：]", tok.text.strip()[:m.start(1)]):
                rest = rest[said.end():].rstrip("。；;")       # a sentence: '实施单位为X。'
            found = _value_after(toks, i, rest)
            if found is None:
                continue
            value, where = found
            if key == "phone" and not re.search(r"\d{5,}|\d+-\d+", value):
                continue
            if key in _NAMED and not CJK.search(value):      # a figure or code is no unit's name
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
    ('…自评报告(某某补助经费项目)'), else what follows the year, else what precedes it."""
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


_UNIT_NAME = r"[\u4e00-\u9fffA-Za-z0-9（）()]{2,40}?"
_PROSE_UNIT = (
    # 'X是…的实施单位' / 'X为本项目的实施单位'
    re.compile(rf"(?:^|[。；;，,：:！？\s])(?P<u>{_UNIT_NAME})(?:是|为|作为)[^。；;，,！？]{{0,30}}?(?:项目)?实施单位"
               r"(?=$|[和及与、，,。；;！？\s])"),
    # '实施单位为X' / '项目实施单位是X'
    re.compile(rf"实施单位(?:为|是)[:：]?\s*(?P<u>{_UNIT_NAME})(?=$|[。；;，,、！？\s]|负责|承担)"),
    # '由X负责实施' / '由X具体组织实施'
    re.compile(rf"由(?P<u>{_UNIT_NAME})(?:具体)?(?:负责|组织|牵头)+实施"),
)
_NOT_A_UNIT = re.compile(r"^(?:本|我|该|其|此|各|由|项目|主要|具体|负责)|^(?:单位|部门)$")
_ORGANISATION = re.compile(r"(?:局|署|委|办|中心|站|所|院|校|馆|队|会|公司|部|厅|处|科|室|街道|政府|集团|单位|镇|乡|社区|场|社)$")


def prose_implementing_unit(doc: Document, paras: list[Paragraph]) -> tuple[str, Source] | None:
    """The implementing unit stated in a sentence ('X是…的实施单位', '实施单位为X', '由X负责实施'),
    for reports whose header names only the 主管部门. X must read as an organisation (…局, …中心,
    …公司 …), never a pronoun (本单位, 该局), so '资金为项目实施单位提供保障' gives nothing."""
    for para in paras:
        if para.line.is_row or "实施" not in para.text:
            continue
        for pattern in _PROSE_UNIT:
            for m in pattern.finditer(para.text):
                unit = m.group("u").strip()
                if len(unit) >= 4 and _ORGANISATION.search(unit) and not _NOT_A_UNIT.search(unit):
                    return unit[:120], doc.source(*para.locate(m.start("u")))
    return None
