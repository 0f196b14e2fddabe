"""Candidates for the report's headline figures: every place that proposes a value, with its evidence.

A candidate is (field, value, source, evidence label, weight). Proposers never decide: prose
sentences, label–value cell pairs and the funds/scoring tables all propose, and ``solve.py``
picks the assignment that fits the arithmetic. Labels, cues and their strengths come from the
shared vocabulary (``jixiao.core.vocabulary``), never from one document's wording.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from ..core import vocabulary as vocab
from ..core.findings import Source
from .lattice import DOUBT
from .layout import Cell, Document, Line, Paragraph
from .numbers import LEAD_NUM, money, number, sheet_rate

MONEY_FIELDS = ("funding.total.initial", "funding.total.adjusted", "funding.total.actual")
RATE = "stated.execution_rate"
TOTAL = "stated.total"
GRADE = "stated.grade"

STRONG, WEAK, TABLE, PAIR = 0.85, 0.65, 0.95, 0.85
_FIGURE_FIELDS = (*MONEY_FIELDS, RATE)       # the fields a figure in a sentence can propose


@dataclass(frozen=True, slots=True)
class Candidate:
    field: str
    value: Decimal | str
    source: Source
    evidence: str          # the label (or table) that proposed it
    weight: float          # how strongly the evidence supports it, 0..1
    order: int = 0         # position in the document: earlier wins a tie

    def describe(self) -> str:
        return f"{self.value}（{self.evidence}，{self.source.label()}）"


_SENTENCE = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")
_AMOUNT = re.compile(rf"(?P<num>{LEAD_NUM})\s*(?P<unit>亿元|万元|元|万(?![人户个次份平件亩株头只吨公里米]))?(?P<pct>\s*[%％])?")
_BOUNDARY = re.compile(r"[，,；;（(、]")
_SEP = re.compile(r"^\s*(?:为|是|达到?|共计?|合计|总计|累计|了|:|：)*\s*$")
_UNIT_TAIL = re.compile(r"[（(]\s*(万元|元|亿元)\s*[)）]")
_TOTAL_AFTER = re.compile(r"^\s*(?P<unit>[（(]分[)）])?\s*(?:为|是|:|：|得)?\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<fen>分)?")
_GRADE_WORDS = "|".join(sorted(vocab.GRADE_WORDS, key=len, reverse=True))
_GRADE_AFTER = re.compile(rf"^\s*(?:为|是|:|：)?\s*[“\"「『]?(?P<g>{_GRADE_WORDS})(?=[”\"」』\s。，,；;、)）]|$|等|级)")
_SELF = re.compile(r"自评|评价|考核")
_DIGIT = re.compile(r"\d")
_GLUED = re.compile(r"\.?\d")           # an amount's unit or % followed straight by another figure
_LABEL_NOISE = re.compile(r"[（(][^（()）]{0,12}[)）]|[:：\s]")
_ROW_LABEL = re.compile(vocab.words_regex((*vocab.TOTAL_ROW_LABELS, *vocab.SOURCE_LABELS)))
_GRADE_HINT = re.compile(vocab.words_regex(vocab.FIELD_LABELS["stated.grade"]))
_PART_WEIGHT = re.compile(r"(?:分值|权重|满分)\s*(?:为|是|:|：)?\s*(\d+(?:\.\d+)?)\s*分")
_BRACKETS = re.compile(r"[（(][^（()）]{0,80}[)）]|《[^《》]{0,80}》|〔[^〔〕]{0,20}〕")
_LEVEL_ANY = re.compile(r"中央|省级|省内|省财政|自治区|市级|市本级|市财政|县级|县财政|区级|区本级|本级|地方|上级")
_ROW_NEXT = re.compile(r"\s+\d[\d.,]*\s*(?:万元|元|[%％])")
_TALLY = re.compile(r"^[”\"」』]?\s*(?:的|有|共)?\s*\d+\s*[个项家]")
_SCORED = re.compile(r"得分\s*(?:为|是|:|：)?\s*(\d+(?:\.\d+)?)\s*分")
_OPENS_WITH_DIGIT = re.compile(r"\s*\d")
_BARE_NEXT = re.compile(r"\s*(?:\d|[\u4e00-\u9fff])")     # a year (2022年), a count (5个) or a row of numbers


@functools.lru_cache(maxsize=16)
def _label_pattern(fields: tuple[str, ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One alternation over the labels of several fields (longest first) and label -> field."""
    owner: dict[str, str] = {}
    for f in fields:
        for label in vocab.FIELD_LABELS[f]:
            owner.setdefault(label, f)
    return re.compile(vocab.words_regex(owner)), owner


_FIGURE_LABELS = _label_pattern(_FIGURE_FIELDS)[0]
_STATED = {TOTAL: vocab.pattern(TOTAL), GRADE: vocab.pattern(GRADE)}


def _nearest(fields: tuple[str, ...], context: str) -> tuple[int, int, str, str] | None:
    """(start, end, field, label) of the label that ends last in ``context`` (the longest there)."""
    pattern, owner = _label_pattern(fields)
    last = None
    for m in pattern.finditer(context):
        last = m
    if last is None:
        return None
    return last.start(), last.end(), owner[last.group()], last.group()


def _strength(label: str) -> float:
    return WEAK if label in vocab.WEAK_LABELS else STRONG


def _sums_others(value: Decimal, others: list[Decimal]) -> bool:
    """True when a run of ≥ 2 neighbouring amounts adds up to ``value`` (a total and its parts)."""
    for i in range(len(others)):
        acc = Decimal(0)
        for j in range(i, len(others)):
            acc += others[j]
            if j > i and abs(acc - value) <= Decimal("0.01"):
                return True
            if acc > value:
                break
    return False


def _any_label() -> re.Pattern[str]:
    """Every word a sentence needs to propose anything: a figure's, a total's or a grade's label, or 得分.

    Most paragraphs hold none: one scan of the paragraph (and of each sentence) lets them go
    before the per-sentence patterns run.
    """
    words = {w for f in (*_FIGURE_FIELDS, TOTAL, GRADE) for w in vocab.FIELD_LABELS[f]} | {"得分"}
    return re.compile(vocab.words_regex(words))


_ANY_LABEL = _any_label()


def prose_candidates(doc: Document, paras: list[Paragraph]) -> list[Candidate]:
    """Amounts, rates, totals and grades said in sentences, each labelled by the nearest label before it."""
    out: list[Candidate] = []
    labelled = _ANY_LABEL.search
    for pi, para in enumerate(paras):
        if para.line.is_row or not labelled(text := para.text):
            continue
        for sm in _SENTENCE.finditer(text):
            if labelled(sentence := sm.group()):
                _sentence(doc, para, sentence, sm.start(), pi, out)
    return out


def _blank_brackets(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The text with each closed (…) blanked to '□' (same length), and the spans blanked."""
    spans: list[tuple[int, int]] = []
    parts: list[str] = []
    pos = 0
    for m in _BRACKETS.finditer(text):      # matches never overlap: cut and paste, no list of characters
        a, b = m.span()
        spans.append((a, b))
        parts += (text[pos:a], "□" * (b - a))
        pos = b
    if not spans:
        return text, spans
    parts.append(text[pos:])
    return "".join(parts), spans


def _sentence(doc: Document, para: Paragraph, sentence: str, base: int, pi: int, out: list[Candidate]) -> None:
    if not _DIGIT.search(sentence):
        if _GRADE_HINT.search(sentence):
            _stated(doc, para, sentence, base, pi, out)
        return
    if not _FIGURE_LABELS.search(sentence):
        _stated(doc, para, sentence, base, pi, out)     # no amount or rate label: no figure can propose
        return
    found = list(_AMOUNT.finditer(sentence))
    amounts = [m for m in found if m.group("unit") or m.group("pct")]
    unit_here = next((m.group("unit") for m in amounts if m.group("unit")), None)
    flat, spans = _blank_brackets(sentence)
    openers = sorted(flat.find(w) for w in vocab.PART_OPENERS if w in flat)
    levels = sum(1 for m in amounts if m.group("unit") and _LEVEL_ANY.search(_phrase(flat, m.start(), amounts)))
    values = [money(v, m.group("unit")) for m in amounts if m.group("unit") and (v := number(m.group("num")))]
    last_end = 0
    opener_field: str | None = None
    last_field: str | None = None
    for m in found:
        start = m.start()
        lo_end = last_end
        is_amount = bool(m.group("unit") or m.group("pct"))
        if is_amount:
            last_end = m.end()
        value = number(m.group("num"))
        if value is None or _ROW_NEXT.match(sentence, m.end()) or _GLUED.match(sentence, m.end()) \
                or -value.as_tuple().exponent > 4:    # type: ignore[operator]
            continue                           # a flattened table row, or figures run together (no boundary)
        inside = next(((a, b) for a, b in spans if a < start < b), None)
        view = sentence if inside else flat          # inside brackets: the bracket's own words count
        lo = max(lo_end, inside[0] + 1) if inside else lo_end
        context = view[lo:start]
        cut = max((b.end() for b in _BOUNDARY.finditer(context)), default=0)
        phrase = context[cut:]
        fields = (RATE,) if m.group("pct") else MONEY_FIELDS
        hit = _nearest(fields, phrase)
        if hit is None:
            continue
        gap = phrase[hit[1]:]
        if not is_amount and (not _SEP.match(gap) or unit_here is None or _BARE_NEXT.match(sentence, m.end())):
            continue                           # a bare number counts only right after its label, alone
        if hit[2] != RATE and "采购" in sentence[:start]:
            continue                           # 政府采购 figures are read apart (funding.procurement)
        field, label = hit[2], hit[3]
        weight = _strength(label) - (0 if is_amount else 0.1)
        head = phrase[:hit[0]]
        if field in {RATE, "funding.total.actual"} and any(c in head for c in vocab.MODAL_CUES):
            continue                           # 预计/计划/应 … : not what happened
        opened = [o for o in openers if o < start]
        if opened and opener_field is None:
            opener_field = last_field or field
        total_of_parts = field != RATE and _sums_others(
            money(value, m.group("unit") or unit_here or "万元"), [v for v in values if v != value])
        if inside and any(w in sentence[inside[0]:start] for w in vocab.PART_OPENERS):
            weight -= 0.45                     # '(含…50万元)': a part in brackets
        elif opened and field == opener_field:
            weight -= 0.45                     # after 其中/含/一是: one part of a total
        elif levels >= 2 and _LEVEL_ANY.search(head) and not total_of_parts:
            weight -= 0.25                     # 中央…N万元，省级…M万元: one source among several
        if opened and field != opener_field:
            openers = [o for o in openers if o > start]     # a new figure of another kind ends the parts
            opener_field = None
        last_field = field
        if any(c in gap or c in label for c in vocab.SUM_CUES):
            weight += 0.1
        if field == "funding.total.adjusted" and any(c in phrase for c in vocab.ADJUST_CUES):
            weight += 0.15
        if field == RATE:
            if not vocab.BOUNDS[RATE][0] <= value <= vocab.BOUNDS[RATE][1]:
                continue
            got: Decimal = value
        else:
            got = money(value, m.group("unit") or unit_here or "万元")
            if total_of_parts:
                weight += 0.2                  # Σ parts = total: the arithmetic says which is the total
        line, col = para.locate(base + start)
        out.append(Candidate(field, got, doc.source(line, col), label, min(weight, 1.0), pi * 10000 + base + start))
    _stated(doc, para, sentence, base, pi, out)


def _phrase(sentence: str, start: int, amounts: list[re.Match[str]]) -> str:
    before = [m.end() for m in amounts if m.end() <= start]
    context = sentence[max(before, default=0):start]
    cut = max((b.end() for b in _BOUNDARY.finditer(context)), default=0)
    return context[cut:]


def _stated(doc: Document, para: Paragraph, sentence: str, base: int, pi: int, out: list[Candidate]) -> None:
    """'自评得分98分', '综合评价等级为“优”' — and '经自评，…得分98分' when the sentence says whose score it is."""
    for field in (TOTAL, GRADE):
        for m in _STATED[field].finditer(sentence):
            head = sentence[max(0, m.start() - 6):m.start()]
            if any(c in head for c in vocab.MODAL_CUES):
                continue
            rest = sentence[m.end():m.end() + 12]
            at: int
            if field == TOTAL:
                part = _PART_WEIGHT.search(sentence[:m.start()])
                if part and (w := number(part.group(1))) is not None and w < 100:
                    continue                   # '该部分分值15分，自评得分14分': a part's score, not the total
                t = _TOTAL_AFTER.match(rest)
                if not t or not (t.group("fen") or t.group("unit") or rest[:1] in "为是:：得") \
                        or rest[t.end():t.end() + 2] in {"以上", "以下"}:
                    continue
                score = number(t.group("num"))
                if score is None or not 0 <= score <= 100:
                    continue
                value: Decimal | str = score
                at = m.end() + t.start("num")
            else:
                g = _GRADE_AFTER.match(rest)
                if not g or _TALLY.match(rest[g.end():]):
                    continue                   # '评价等级为“优”有37个': a tally of many, not this grade
                value = vocab.GRADE_WORDS[g.group("g")]
                at = m.end() + g.start("g")
            line, col = para.locate(base + at)
            out.append(Candidate(field, value, doc.source(line, col), m.group(), _strength(m.group()),
                                 pi * 10000 + base + at))
    if "得分" in sentence and _SELF.search(sentence) and not _PART_WEIGHT.search(sentence):
        for m in _SCORED.finditer(sentence):
            v = number(m.group(1))
            if v is not None and v <= 100 and not _STATED[TOTAL].search(sentence[max(0, m.start() - 4):m.end()]):
                line, col = para.locate(base + m.start(1))
                out.append(Candidate(TOTAL, v, doc.source(line, col), "得分", 0.6, pi * 10000 + base + m.start(1)))


def _cell_unit(text: str, default: str) -> str:
    m = _UNIT_TAIL.search(text)
    return m.group(1) if m else default


def pair_candidates(doc: Document, default_unit: str = "万元") -> list[Candidate]:
    """'计划安排资金(万元) | 1088.00 | 实际支出(万元) | 1020.02': a label cell, then its value, then a label or the end.

    Cells of one row pair up; so do lines of one cell each (a table flattened one cell per line).
    """
    out: list[Candidate] = []
    digit = _DIGIT.search
    singles: list[tuple[int, Line, Cell]] = []
    for li, line in enumerate(doc.lines):
        cells = [c for c in line.cells if c.text]
        if len(cells) == 1:
            singles.append((li, line, cells[0]))
            continue
        if len(cells) < 2 or not digit(line.text):
            continue
        _pairs(doc, [(li, line, c) for c in cells], default_unit, out)
    run: list[tuple[int, Line, Cell]] = []
    for item in singles:                  # runs of consecutive one-cell lines
        if run and item[0] != run[-1][0] + 1:
            _pairs(doc, run, default_unit, out)
            run = []
        run.append(item)
    _pairs(doc, run, default_unit, out)
    return out


def _pairs(doc: Document, cells: list[tuple[int, Line, Cell]], unit: str, out: list[Candidate]) -> None:
    if len(cells) < 2:
        return
    opens = _OPENS_WITH_DIGIT.match          # what _AMOUNT needs: most cells are let go without a call
    values = [_value(c.text) if opens(c.text) else None for _, _, c in cells]
    for k in range(len(cells) - 1):
        if values[k + 1] is None or values[k] is not None or (k + 2 < len(cells) and (
                values[k + 2] is not None or DOUBT in cells[k + 2][2].text)):
            continue                      # a label, then one value (several values: the columns reader's job;
            #                               a figure left unread, lattice.DOUBT, may be one of them)
        li, line, cell = cells[k + 1]
        out.extend(_pair(doc, line, cells[k][2].text, cell, unit, li, values[k + 1]))


def _value(text: str) -> tuple[Decimal, str, bool] | None:
    """A cell that is one amount or rate: (value, unit, is a percentage); None for anything else."""
    m = _AMOUNT.fullmatch(text.strip())
    if not m or (v := number(m.group("num"))) is None:
        return None
    return v, m.group("unit") or "", bool(m.group("pct"))


def _pair(doc: Document, line: Line, label_text: str, cell: Cell, unit: str, li: int,
          got: tuple[Decimal, str, bool] | None) -> list[Candidate]:
    """The candidate of a label cell and its value cell (``got``: ``_value`` of the value cell)."""
    if len(label_text) > 40:
        return []
    core = _LABEL_NOISE.sub("", label_text)
    if not core or len(core) > 16 or _ROW_LABEL.match(core):
        return []                          # 年度资金总额/财政拨款 rows: the columns reader's job
    hit = _nearest((*MONEY_FIELDS, RATE, TOTAL), core)
    if hit is None or (hit[1] - hit[0]) < 0.6 * len(core):
        return []
    if got is None:
        return []
    value, cell_unit, pct = got
    field = hit[2]
    if field == RATE and not pct and line.sheet is not None and value > 0 and (fraction := sheet_rate(value)) is not None:
        value, pct = fraction, True             # a sheet's 0.9792 is 97.92%, as the funds columns read it
    if (field == RATE) != pct:
        return []
    if field == TOTAL and not 0 <= value <= 100:
        return []
    if field in MONEY_FIELDS:
        value = money(value, cell_unit or _cell_unit(label_text, unit))
    weight = PAIR if hit[3] not in vocab.WEAK_LABELS else WEAK
    return [Candidate(field, value, doc.source(line, cell.column, cell), hit[3], weight, li * 10000 - 5000)]
