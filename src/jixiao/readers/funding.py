"""Budget figures: the 自评表 funds block (any column order, flattened or not) and the prose.

The table wins when both exist; prose fills what the table lacks. Amounts end up in 万元.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ..core import vocabulary as vocab
from ..core.findings import Source
from ..core.model import Amounts, FundingSource
from ..core.readnotes import ZERO_TOTAL_ROW
from .lattice import DOUBT
from .layout import Document, Paragraph, Token
from .numbers import NUM, is_value, money, number, percent, sheet_rate


def _words(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_TOTAL = re.compile(rf"^(?:{_words(tuple(w for w in vocab.TOTAL_ROW_LABELS if w not in {'总计', '小计'}))})[:：]?$")
_SOURCE = re.compile(rf"^(?:其中[:：]?\s*)?({_words(vocab.SOURCE_LABELS)})[:：]?$")
_COLS = vocab.headings(vocab.FUNDS_COLUMNS)      # funds-block column headings -> roles (one vocabulary)
_PAREN = re.compile(r"[（(][^（()）]{0,20}[)）]")
_STOP = re.compile(r"年度总体目标|绩效指标|一级指标|年度绩效目标")
MONEY = re.compile(rf"(?P<num>{NUM})\s*(?P<unit>万元|亿元|元|万(?![人户个次份平件]))")
_KEYS = {
    "initial": re.compile(r"年初(?:批复)?预算|(?<!调整后)批复的?预算|年初安排|计划安排资金|下达[^，,。；]{0,30}?资金"),
    "adjusted": re.compile(r"年度预算(?:安排|金额|数|为)|调整后的?预算|全年预算|调整[^，,。]{0,8}预算|预算调整为"
                           r"|收到[^，,。；]{0,10}资金共?|投入[^，,。；]{0,10}资金"),
    "actual": re.compile(r"实际支出|实际执行|全年执行|执行数|全年支出|实际支付|已支付|累计支出|累计支付|(?<![计划])支出(?!明细|合计|内容|绩效|项目)"),
}
_GRANT = re.compile(r"下达|收到|投入|匹配|配套|拨付")
_YUAN = re.compile(r"[（(]\s*元\s*[)）]|单位\s*[:：]\s*元")
_HINT = re.compile(r"\d\s*(?:万|元|亿|[%％])")
_WEAK_BUDGET = re.compile(r"(?:项目|全年|本年|年度)?预算(?:金额|资金|总额|数)?(?:为|共计|合计|总计|是|:|：)?\s*$")
_RATE = re.compile(rf"(?:执行率|使用率)[为是达到了:：\s]*(?P<num>{NUM})\s*[%％]")
_CLAUSES = re.compile(r"(?<=[。；;])")
_PHRASES = re.compile(r"(?<=[，,])")
_COMMAS = re.compile(r"[，,]")
_BUDGET_WORD = re.compile(r"预算")
_SUMMED = re.compile(r"共|合计|总")


@dataclass
class FundingFacts:
    total: dict[str, Decimal] = field(default_factory=dict)
    procurement: dict[str, Decimal] = field(default_factory=dict)
    sources: list[FundingSource] = field(default_factory=list)
    rate: Decimal | None = None
    procurement_rate: Decimal | None = None
    weight: Decimal | None = None        # 预算执行率 分值 in a 自评表
    score: Decimal | None = None         # 预算执行率 得分
    located: dict[str, Source] = field(default_factory=dict)

    def amounts(self, which: dict[str, Decimal]) -> Amounts:
        return Amounts(which.get("initial"), which.get("adjusted"), which.get("actual"))


def _columns(header: str) -> list[str]:
    last: dict[str, int] = {}
    for role, m in _COLS.finditer(_PAREN.sub("", header)):
        last[role] = m.start()
    return sorted(last, key=last.__getitem__)


def _row_values(toks: list[Token], start: int, width: int) -> tuple[list[Token], list[str], int]:
    """The value cells after a row label, skipping a few scrambled header cells first."""
    skipped: list[str] = []
    i = start
    while i < len(toks) and len(skipped) < 14 and not is_value(toks[i].text) and not (toks[i].exact and not toks[i].text):
        if _STOP.search(toks[i].text) or _UNREAD.fullmatch(toks[i].text):
            break                  # (an unread or malformed figure holds a value's place: nothing after it is bound)
        skipped.append(toks[i].text)
        i += 1
    values: list[Token] = []
    while i < len(toks) and len(values) < width and (is_value(toks[i].text) or not toks[i].text):
        tok = toks[i]
        if i + 1 < len(toks) and toks[i + 1].text in {"%", "％"} and number(tok.text) is not None:
            tok = Token(tok.text + "%", tok.line, tok.cell, tok.exact)    # '100 %' split by the layout
            i += 1
        values.append(tok)
        i += 1
    return values, skipped, i


def _assign(cols: list[str], values: list[Token]) -> dict[str, Token]:
    """Map values to columns; a '%' cell anchors 执行率 when cells went missing."""
    out: dict[str, Token] = {}
    pairs: Iterable[tuple[str, Token]]
    if "rate" not in cols:
        pairs = zip(cols, values, strict=False)
    else:
        pct = next((i for i, v in enumerate(values) if percent(v.text) is not None), None)
        if pct is None:
            pairs = zip(cols, values, strict=False)
        else:
            r = cols.index("rate")
            before = list(zip(reversed(cols[:r]), reversed(values[:pct]), strict=False))
            pairs = [*before, ("rate", values[pct]), *zip(cols[r + 1:], values[pct + 1:], strict=False)]
    for col, tok in pairs:
        if tok.text:
            out[col] = tok
    return out


def read_table_funding(doc: Document, toks: list[Token], facts: FundingFacts) -> None:
    if not _labelled_row(doc, toks, facts) or not facts.total:
        _header_row(doc, toks, facts)      # no 总额 label, or figures printed before it (scrambled text)


_CLAUSE = re.compile(r"[，。；;]")
# a cell that is a figure but not one that can be read ('36,04' cut by a wrap, or OCR's doubt mark)
_UNREAD = re.compile(rf"[\d,，.%{DOUBT}]*[\d{DOUBT}][\d,，.%{DOUBT}]*")


def _header_row(doc: Document, toks: list[Token], facts: FundingFacts) -> None:
    """No 总额 label (scrambled text): a short '执行数' header cell, then the first figures after it."""
    for i, tok in enumerate(toks):
        if len(tok.text) > 8 or "执行数" not in tok.text or _CLAUSE.search(tok.text):
            continue                       # (a heading holds no clause punctuation: '万元，全年执行数' is prose)
        if i + 1 < len(toks) and toks[i + 1].line == tok.line and is_value(toks[i + 1].text):
            continue                       # '全年执行数 | 6,810,100.00 | 执行率 | …': a label and its value (pairs)
        window = "".join(t.text for t in toks[max(0, i - 10):i + 12])
        cols = _columns(window.replace("合计", "预算数"))
        if len(cols) < 2 or "actual" not in cols:
            continue
        j = i + 1
        while j < min(len(toks), i + 30) and not is_value(toks[j].text) and not _UNREAD.fullmatch(toks[j].text):
            j += 1
        if j < len(toks) and not is_value(toks[j].text) and _UNREAD.fullmatch(toks[j].text):
            continue                       # the first figure is unread: the next ones are not its columns
        values: list[Token] = []
        while j < min(len(toks), i + 40) and len(values) < len(cols) + 4:
            got, _, j = _row_values(toks, j, len(cols) + 4 - len(values))
            values += [v for v in got if v.text]
            if values and percent(values[-1].text) is not None:
                break
            j += 1
        if len(values) >= 2:
            wide = "".join(t.text for t in toks[max(0, i - 30):i + 30])
            row = _assign(cols, values)
            if facts.rate is not None:
                row.pop("rate", None)          # the labelled row's rate (with its % sign) stands
            _take(doc, row, facts.total, facts, "funding.total", "元" if _YUAN.search(wide) else "万元")
            if facts.score is not None and facts.weight is not None and facts.score > facts.weight:
                facts.score = None             # a score above its weight is a misaligned cell, not a score
                facts.located.pop("stated.execution_score", None)
            return


def _labelled_row(doc: Document, toks: list[Token], facts: FundingFacts) -> bool:
    for i, tok in enumerate(toks):
        if not _TOTAL.match(tok.text):
            continue
        window = "".join(t.text for t in toks[max(0, i - 30):i])
        values, skipped, end = _row_values(toks, i + 1, max(len(_columns(window)), 4))
        cols = _columns(window + "".join(skipped))
        if len(cols) > len(values) and skipped:       # headers scrambled after the label: '… 分值 执行率 得分 65.66 …'
            values, skipped, end = _row_values(toks, i + 1, len(cols))
        if tok.text.startswith("合计") and skipped:
            continue                  # '合计' as a column heading, not a row label
        if len(cols) < 2 or not values or not {"initial", "adjusted", "actual"} & set(cols):
            continue
        unit = "元" if _YUAN.search(window) else "万元"
        row = _assign(cols, values)
        _take(doc, row, facts.total, facts, "funding.total", unit)
        if "weight" not in row and (w := re.search(r"[（(]\s*(\d+)\s*分\s*[)）]", window)):
            facts.weight = Decimal(w.group(1))
        _sources(doc, toks, end, cols, unit, facts)
        if facts.total and not any(facts.total.values()) and any(
                any((s.amounts.initial, s.amounts.adjusted, s.amounts.actual)) for s in facts.sources):
            facts.located[ZERO_TOTAL_ROW] = doc.source(tok.line, tok.cell.column, tok.cell)   # for JX205
        if not any(facts.total.values()) and facts.sources:
            for key in ("initial", "adjusted", "actual"):
                parts = [getattr(s.amounts, key) for s in facts.sources if getattr(s.amounts, key) is not None]
                if parts and any(parts):
                    facts.total[key] = sum(parts, Decimal(0))
        return True
    return False


def _take(doc: Document, row: dict[str, Token], into: dict[str, Decimal], facts: FundingFacts,
          prefix: str, unit: str) -> None:
    for key, tok in row.items():
        where = doc.source(tok.line, tok.cell.column, tok.cell)
        if key in {"initial", "adjusted", "actual"} and (got := _amount(tok.text, unit)) is not None:
            into[key] = got
            facts.located[f"{prefix}.{key}"] = where
        elif prefix == "funding.total" and key == "rate":
            value = percent(tok.text) if percent(tok.text) is not None else number(tok.text)
            if value is not None and tok.line.sheet is not None and "%" not in tok.text and (
                    fraction := sheet_rate(value)) is not None:
                value = fraction
            facts.rate = value
            facts.located["stated.execution_rate"] = where
        elif prefix == "funding.total" and key == "weight":
            facts.weight = number(tok.text)
        elif prefix == "funding.total" and key == "score":
            facts.score = number(tok.text)
            facts.located["stated.execution_score"] = where


def _amount(text: str, unit: str) -> Decimal | None:
    """A funds cell: '620.82' in the table's unit, or '620.82万元' / '6,208,200元' in its own."""
    if (v := number(text)) is not None:
        return money(v, unit)
    m = MONEY.fullmatch(text.strip())
    return money(v, m.group("unit")) if m and (v := number(m.group("num"))) is not None else None


def _sources(doc: Document, toks: list[Token], start: int, cols: list[str], unit: str,
             facts: FundingFacts) -> None:
    i = start
    while i < min(len(toks), start + 60):
        tok = toks[i]
        if _STOP.search(tok.text):
            return
        m = _SOURCE.match(tok.text)
        if not m:
            i += 1
            continue
        values, _, end = _row_values(toks, i + 1, len(cols))
        got: dict[str, Decimal] = {}
        row = _assign(cols, values)
        _take(doc, row, got, FundingFacts(), "", unit)
        if got:
            k = len(facts.sources)
            rate_tok = row.get("rate")       # the row's own 执行率, only as a percentage ('86.19%')
            stated = percent(rate_tok.text) if rate_tok is not None and "%" in rate_tok.text else None
            facts.sources.append(FundingSource(m.group(1), Amounts(got.get("initial"), got.get("adjusted"),
                                                                     got.get("actual")), stated))
            facts.located[f"funding.sources[{k}]"] = doc.source(tok.line, tok.cell.column, tok.cell)
            if stated is not None and rate_tok is not None:
                facts.located[f"funding.sources[{k}].stated_rate"] = doc.source(rate_tok.line, rate_tok.cell.column,
                                                                                rate_tok.cell)
        i = max(end, i + 1)


def read_prose_funding(doc: Document, paras: list[Paragraph], facts: FundingFacts,
                       procurement_only: bool = False) -> None:
    """'年初预算1423.71万元' … '执行率为99.80%': per clause, with 政府采购 clauses kept apart.

    ``procurement_only``: only the 政府采购 figures are wanted (the totals are solved from the
    candidates): a clause can hold one only after a phrase naming 采购, so the others are skipped.
    """
    weak: list[tuple[Paragraph, int, re.Match[str]]] = []
    for para in paras:
        if para.line.is_row or (procurement_only and "采购" not in para.text) or not _HINT.search(para.text):
            continue
        offset = 0
        for clause in _CLAUSES.split(para.text):
            if not procurement_only or "采购" in clause:
                _clause(doc, para, clause, offset, facts, weak)
            offset += len(clause)
    if procurement_only:
        return
    if "adjusted" not in facts.total and weak:      # a bare '预算120万元' when nothing says 年初/调整后
        para, start, amount = weak[0]
        if (v := number(amount.group("num"))) is not None:
            facts.total["adjusted"] = money(v, amount.group("unit"))
            facts.located["funding.total.adjusted"] = doc.source(*para.locate(start + amount.start()))


def _clause(doc: Document, para: Paragraph, clause: str, base: int, facts: FundingFacts,
            weak: list[tuple[Paragraph, int, re.Match[str]]]) -> None:
    if not _HINT.search(clause):
        return
    procurement = False
    pos = 0
    for phrase in _PHRASES.split(clause):
        start = base + pos
        pos += len(phrase)
        if "采购" in phrase:
            procurement = True
        if phrase.lstrip().startswith("其中") and "采购" not in phrase:
            continue
        target = facts.procurement if procurement else facts.total
        prefix = "funding.procurement" if procurement else "funding.total"
        if not procurement and not weak and "年初" not in clause and "预算" in phrase:
            first = MONEY.search(phrase)
            if first and _WEAK_BUDGET.search(phrase[:first.start()][-12:]):
                weak.append((para, start, first))
        for key, pattern in _KEYS.items():
            m = pattern.search(phrase)
            if (procurement and not m and key != "actual" and "预算" in phrase
                    and (key == "initial") == ("年初" in clause)):
                m = _BUDGET_WORD.search(phrase)     # '政府采购预算543.64万元': 年初 or 年度 by the clause
            if not m or key in target:
                continue
            if m.group()[:2] in {"下达", "收到", "投入"} and not _SUMMED.search(phrase) and sum(
                    bool(_GRANT.search(p) and MONEY.search(p)) for p in _COMMAS.split(clause)) > 1:
                continue        # '中央下达1372.7万元，自治区下达98.6万元…': one funding source among several
            amount = MONEY.search(phrase, m.end(), m.end() + 30)
            if amount and (v := number(amount.group("num"))) is not None:
                target[key] = money(v, amount.group("unit"))
                line, col = para.locate(start + amount.start())
                facts.located[f"{prefix}.{key}"] = doc.source(line, col)
        if (r := _RATE.search(phrase)) and (v := number(r.group("num"))) is not None:
            line, col = para.locate(start + r.start())
            if procurement and facts.procurement_rate is None:
                facts.procurement_rate = v
                facts.located["stated.procurement_execution_rate"] = doc.source(line, col)
            elif not procurement and facts.rate is None:
                facts.rate = v
                facts.located["stated.execution_rate"] = doc.source(line, col)
