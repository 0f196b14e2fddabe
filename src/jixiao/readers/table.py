"""Scoring tables in every layout seen: real grids (tabs, DOCX/XLSX/HTML/PDF cells), tables
flattened one cell per line, and tables flattened to words in scrambled order.

The header decides what each column means (分值/权重, 得分/自评分, 年度指标值, 实际完成值, 偏差原因 …),
so a layout never needs its own parser; rows then become ``Row`` values with sources.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..core import vocabulary as vocab
from ..core.findings import Source
from .grid import bind, row_grade, stream_grade
from .lattice import DOUBT
from .layout import Document, Token
from .numbers import is_value, number, points
from .rows import L1, L2, Row, Table, is_placeholder, leaf_name, split_weight
from .table_header import ROLES, cell_roles, is_header, nested_flat

_TOTAL = re.compile(rf"^(?:{'|'.join(sorted({*vocab.TOTAL_ROW_LABELS, *vocab.FIELD_LABELS['stated.total']} - {'小计'}, key=len, reverse=True))})(?:[（(]\d*分?[)）])?[:：]?$")
_END = re.compile(r"^(?:评价结论|存在问题|改进措施|项目负责人|填报人|备注|说明)|^[一二三四五六七八九十]+、")
SOURCED_ROLES = frozenset({"weight", "score", "value", "actual", "reason"})   # located in Row.cells
_NAME_THEN_WEIGHT = re.compile(r"^([\u4e00-\u9fff（）()]{2,12})\s+(\d+(?:\.\d+)?)(?:\s|$)")
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–]*\s*\d{1,3}\s*[-—–]*|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?)\s*$")
_SLOT_NAME = re.compile(r"^指标\s*\d+\s*[:：、.．]\s*\S")
_HEADER_BIT = re.compile(r"指标|分值|得分|权重|完成值|指标值|原因|措施|性质|单位|年度|实际|目标值|自评分|复核|评价|依据|名称|绩效")
_COMPARATOR = re.compile(r"[≥≤=＝><＞＜]|>=|<=|不低于|不少于|不高于|不超过|大于等于|小于等于")
_STREAM_START = re.compile(r"^(?:一级指标|一级指|评价内容|项目权重)")



def read_grid(doc: Document, start: int, roles: list[str] | None = None, first: int | None = None) -> Table:
    """Rows after the header ending at line ``first`` (default ``start``), until 合计 or prose."""
    header = doc.lines[start]
    roles = roles if roles is not None else cell_roles([c.text for c in header.cells])
    table = Table(header_source=doc.source(header))
    l1 = l2 = ""
    l1w = l2w = None
    i = (first if first is not None else start) + 1
    while i < len(doc.lines):
        line = doc.lines[i]
        i += 1
        if not line.text.strip() or _PAGE_NUMBER.match(line.text) or (line.exact and not any(c.text for c in line.cells)):
            continue                    # page breaks inside a table: blank lines, '— 3 —', '第3页'
        if not line.cells or (not line.is_row and "\t" not in line.text):
            break
        if is_header(line):
            roles = cell_roles([c.text for c in line.cells])    # a repeated header may have its own grid
            continue
        cells = bind(roles, line)
        filled = [(k, c) for k, c in enumerate(line.cells) if c.text]
        if not filled:
            continue
        if _TOTAL.match(filled[0][1].text.replace(" ", "")):
            nums = [points(c.text) for _, c in filled[1:]]
            nums = [n for n in nums if n is not None]
            sc = cells.get("score")
            if "score" in roles:          # an empty 得分 cell is no total, whatever the 分值 cells say
                table.total = points(sc.text) if sc is not None and sc.text else None
            else:
                table.total = nums[-1] if len(nums) > 1 else None
            wc = next((cells[r] for r in ("l1w", "weight", "l2w") if r in cells and cells[r].text), None)
            table.weight_total = points(wc.text) if wc is not None else (nums[0] if len(nums) > 1 else None)
            table.total_source = doc.source(line, (sc or filled[-1][1]).column, sc or filled[-1][1])
            row_grade(doc, line, filled, table)
            break
        if len(filled) == 1 and number(filled[0][1].text) is None and table.rows:
            k = filled[0][0]
            role = roles[k] if k < len(roles) else ""
            if role not in {"l1", "l2", "l3"}:
                prev = table.rows[-1]
                if "expl" in roles:
                    prev.explanation += filled[0][1].text
                else:
                    prev.reason += filled[0][1].text
                continue
        if (c := cells.get("l1")) and c.text:
            name, w = split_weight(c.text)
            if (m := _NAME_THEN_WEIGHT.match(name)) and w is None:   # a merged PDF cell: '项目决策 15 …'
                name, w = m.group(1), number(m.group(2))
            if name != l1:
                l2, l2w = "", None
            l1, l1w = name, w
        if (c := cells.get("l1w")) and c.text:
            l1w = number(c.text)
        if (c := cells.get("l2")) and c.text:
            l2, l2w = split_weight(c.text)
        if (c := cells.get("l2w")) and c.text:
            l2w = number(c.text)
        name_cell = cells.get("l3")
        if name_cell is None or not name_cell.text or is_placeholder(name_cell.text):
            continue
        fragment = line.text.strip()[:200]
        row = Row(l1, l2, leaf_name(name_cell.text),
                  Source(doc.file, name_cell.line or line.no, name_cell.column, line.page, line.sheet, name_cell.ref,
                         fragment),
                  l1w, l2w)
        for role, cell in cells.items():
            assign(row, role, cell.text)
            if cell.text and role in SOURCED_ROLES:
                row.cells[role] = Source(doc.file, cell.line or line.no, cell.column, line.page, line.sheet, cell.ref,
                                         fragment)
        table.rows.append(row)
    table.end_line = i
    return table


def _header_span(toks: list[Token], i: int) -> tuple[list[str], int]:
    """Roles (in order) of a flattened header starting at token ``i``; returns the data start."""
    end = i
    for j in range(i, min(len(toks), i + 24)):
        text = toks[j].text.replace(" ", "")
        if not text:
            continue
        if L1.match(text) or L2.match(text) or re.search(r"\d", re.sub(r"[（(][A-Za-z/]+[)）]", "", text)):
            break
        if _HEADER_BIT.search(text) or len(text) <= 3:
            end = j
    header = "".join(t.text for t in toks[i:end + 1]).replace(" ", "")
    roles = [role for role, _ in ROLES.finditer(re.sub(r"[（(][^（()）]{0,20}[)）]", "", header))]
    return nested_flat(roles), end + 1


def stream_starts(toks: list[Token]) -> list[int]:
    out: list[int] = []
    for i, tok in enumerate(toks):
        pair = (tok.text + (toks[i + 1].text if i + 1 < len(toks) else "")).replace(" ", "")
        if _STREAM_START.match(pair) and not (out and i - out[-1] < 6):
            out.append(i)
    return out


def read_stream(doc: Document, toks: list[Token], start: int, stop: int) -> Table:
    roles, i = _header_span(toks, start)
    after = roles[roles.index("l3") + 1:] if "l3" in roles else [r for r in roles if r not in {"l1", "l2"}]
    exact = sum(t.exact for t in toks[i:stop]) >= 0.6 * max(1, stop - i)
    table = Table(header_source=doc.source(toks[start].line, toks[start].cell.column, toks[start].cell))
    if exact and after:
        _cells(doc, toks[i:stop], after, table)
    else:
        table.scrambled = True
        _words(doc, toks[i:stop], roles, table)
    return table


def _level(text: str, state: dict[str, object]) -> bool:
    t = text.replace(" ", "")
    if L1.match(t) and not L2.match(t):
        state["l1"], state["l1w"] = split_weight(t)
        state["l2"], state["l2w"] = "", None
        return True
    if L2.match(t):
        state["l2"], state["l2w"] = split_weight(t)
        return True
    return t == "指标"


def _row(doc: Document, state: dict[str, object], tok: Token, name: str) -> Row:
    return Row(str(state.get("l1") or ""), str(state.get("l2") or ""), leaf_name(name),
               doc.source(tok.line, tok.cell.column, tok.cell),
               state.get("l1w"), state.get("l2w"))  # type: ignore[arg-type]


def _cells(doc: Document, toks: list[Token], after: list[str], table: Table) -> None:
    state: dict[str, object] = {}
    k = len(after)
    i = 0
    while i < len(toks):
        tok = toks[i]
        text = tok.text.strip()
        i += 1
        if not text or _level(text, state) or is_value(text):
            continue
        if _TOTAL.match(text.replace(" ", "")):
            _total(doc, toks[i:i + k], table, "weight" in after)
            return
        if _END.match(text):
            return
        fields = toks[i:i + k]
        cut = next((j for j, f in enumerate(fields) if L1.match(f.text) or L2.match(f.text)
                    or not _fits(after[j], f, toks[i + j + 1] if i + j + 1 < len(toks) else None)), len(fields))
        fields = fields[:cut]
        i += len(fields)
        if is_placeholder(text) and not any(f.text for f in fields):
            continue
        row = _row(doc, state, tok, text)
        for role, f in zip(after, fields, strict=False):
            _set(doc, row, role, f)
        table.rows.append(row)


def _fits(role: str, tok: Token, nxt: Token | None) -> bool:
    """Whether a cell of a one-cell-per-line table can fill ``role`` (empty cells were dropped there):
    points need a number; a text role is the next row's name when a figure follows it."""
    if role in {"weight", "score"}:
        return points(tok.text) is not None
    if role in {"reason", "expl"} and nxt is not None and tok.text and not is_value(tok.text):
        return not is_value(nxt.text) and not _COMPARATOR.fullmatch(nxt.text.strip())
    return True


def assign(row: Row, role: str, text: str) -> None:
    """Put a cell's text into the row field its column role names (weights and scores as points)."""
    if role in {"weight", "score"}:
        setattr(row, role, value := points(text))
        if value is None and DOUBT in text:
            row.unread[role] = text
    elif role in {"value", "actual", "unit", "reason"}:
        setattr(row, role, text)
    elif role == "cmp":
        row.comparator = text
    elif role == "expl":
        row.explanation = text


def _set(doc: Document, row: Row, role: str, tok: Token) -> None:
    if not tok.text:
        return
    assign(row, role, tok.text)
    row.cells[role] = doc.source(tok.line, tok.cell.column, tok.cell)


def _total(doc: Document, toks: list[Token], table: Table, has_weight: bool) -> None:
    nums = [(t, points(t.text)) for t in toks if points(t.text) is not None]
    if not nums:
        return
    if len(nums) >= 2 or not has_weight:
        table.total = nums[-1][1]
        table.total_source = doc.source(nums[-1][0].line, nums[-1][0].cell.column, nums[-1][0].cell)
    if has_weight and (len(nums) >= 2 or nums[0][1] == 100):
        table.weight_total = nums[0][1]
    stream_grade(doc, toks[toks.index(nums[-1][0]) + 1:][:2], table)


def _words(doc: Document, toks: list[Token], roles: list[str], table: Table) -> None:
    """Scrambled text: a leaf is recognised by its trailing '分值 得分' pair of numbers."""
    state: dict[str, object] = {}
    targets = "value" in roles and "actual" in roles
    parts: list[Token] = []
    values: list[Token] = []
    nums: list[Token] = []

    def flush() -> None:
        nonlocal parts, values, nums
        total = None
        if len(nums) >= 4 and number(nums[-2].text) == 100 and (number(nums[-1].text) or 0) <= 100:
            total, nums = nums[-2:], nums[:-2]      # '… 10 9 100 94': the last row, then 总分
        if total is not None:
            _word_total(doc, total, table)
        if len(nums) >= 2:
            w, s = number(nums[-2].text), number(nums[-1].text)
            if w is not None and s is not None and Decimal(0) <= s <= w:
                if not parts and not values and w == 100:
                    table.weight_total, table.total = w, s
                    table.total_source = doc.source(nums[-1].line, nums[-1].cell.column, nums[-1].cell)
                else:
                    _word_row(doc, state, parts, values, nums, targets, table)
                parts, values, nums = [], [], []
                return
        values.extend(nums)
        nums = []

    for tok in toks:
        text = tok.text.strip()
        if not text:
            continue
        if number(text) is not None:
            nums.append(tok)
            continue
        if nums and text.startswith("分") and not _header_word(text):
            nums.pop()          # '13 分': a weight in words, not a cell
            flush()
            continue
        flush()
        if _level(text, state):
            parts, values = [t for t in parts if _SLOT_NAME.match(t.text)], []   # a level label scrambled in
        elif is_value(text):
            values.append(tok)
        elif (table.total is not None and table.grade is None and vocab.grade_of(text) is not None
              and table.total_source is not None and table.total_source.line == tok.line.no):
            stream_grade(doc, [tok], table)     # '总分 100 95.5 优': the grade after the total's figures
        elif _TOTAL.match(text):
            parts, values = [], []      # words before 合计 (a last row's 偏差原因) name no row of the total's pair
        elif _header_word(text) or len(text) == 1:
            continue            # a header cell or one character of a wrapped cell ('…改进措 施'): no name
        else:
            if values:
                parts, values = [], []
            parts.append(tok)
    flush()


_HEADER_REST = re.compile(_HEADER_BIT.pattern + r"|[及和与、（()）:：\s]|分析|改进|偏差|措施?|完成|度量|值|[一二三]级")


def _header_word(text: str) -> bool:
    """A scrambled header cell ('分值', '实际', '偏差原因分析及改进措'): header words only, no name."""
    return bool(_HEADER_BIT.search(text)) and not _HEADER_REST.sub("", text) and not re.search(r"\d", text)


def _word_total(doc: Document, pair: list[Token], table: Table) -> None:
    table.weight_total, table.total = number(pair[0].text), number(pair[1].text)
    table.total_source = doc.source(pair[1].line, pair[1].cell.column, pair[1].cell)


def _word_row(doc: Document, state: dict[str, object], parts: list[Token], values: list[Token],
              nums: list[Token], targets: bool, table: Table) -> None:
    slots = [t for t in parts if _SLOT_NAME.match(t.text)]
    name_tok: Token | None = slots[-1] if slots else parts[-1] if parts else None
    value = actual = ""
    extra = [t.text for t in values] + [t.text for t in nums[:-2]]
    if targets and not extra and len(parts) >= 3 and not slots:
        name_tok, value, actual = parts[-3], parts[-2].text, parts[-1].text
    elif extra:
        value = extra[0]
        actual = extra[-1] if len(extra) > 1 else ""
    anchor = name_tok or nums[-2]
    name = name_tok.text if name_tok else f"指标{len(table.rows) + 1}"
    row = _row(doc, state, anchor, name)
    row.weight, row.score = number(nums[-2].text), number(nums[-1].text)
    row.value, row.actual = value, actual
    table.rows.append(row)
