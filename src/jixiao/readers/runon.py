"""Run-on funds rows: cells printed with no boundary (``年度资金总额6371.456568.515977.341091.00%9.1``).

The text is split first at type changes (the row label, then the run of figures), then the
run is cut into as many figures as the header has columns, and a cut is kept only when the
arithmetic holds: rate ≈ actual / adjusted × 100, score ≤ weight and score ≈ weight × rate.
Only a cut that is the *single* one satisfying every invariant becomes a candidate; anything
ambiguous stays unread.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from ..core import vocabulary as vocab
from .candidates import Candidate
from .layout import Document
from .numbers import money

_RUN = re.compile(r"[\d.,%％]{8,}")
_HEADER = vocab.headings(vocab.FUNDS_COLUMNS)
_LABEL = re.compile(vocab.words_regex(vocab.TOTAL_ROW_LABELS))
_PIECE = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d{1,9})(?:\.\d{1,2})?%?")
_FIELDS = {"initial": "funding.total.initial", "adjusted": "funding.total.adjusted",
           "actual": "funding.total.actual", "rate": "stated.execution_rate"}
_MAX_CUTS = 2000
_PARENS = re.compile(r"[（(][^（()）]{0,20}[)）]")
_YUAN = re.compile(r"[（(]元[)）]|单位[:：]元")


def _columns(header: str) -> list[str]:
    out: list[str] = []
    for role, _m in _HEADER.finditer(_PARENS.sub("", header)):
        if not out or out[-1] != role:
            out.append(role)
    return out


def _cuts(run: str, n: int) -> Iterator[list[str]]:
    """Every way to cut ``run`` into ``n`` well-formed figures (≤ 2 decimals, a % only at a figure's end)."""
    count = 0

    def go(pos: int, acc: list[str]) -> Iterator[list[str]]:
        nonlocal count
        if count > _MAX_CUTS:
            return
        if len(acc) == n:
            if pos == len(run):
                count += 1
                yield list(acc)
            return
        for end in range(pos + 1, min(len(run), pos + 17) + 1):
            piece = run[pos:end]
            if _PIECE.fullmatch(piece) and not (len(piece) > 1 and piece[0] == "0" and piece[1] != "."):
                acc.append(piece)
                yield from go(end, acc)
                acc.pop()

    yield from go(0, [])


def _fits(values: dict[str, Decimal], pct: dict[str, bool]) -> bool:
    adjusted, actual, rate = values.get("adjusted"), values.get("actual"), values.get("rate")
    weight, score = values.get("weight"), values.get("score")
    if any(p for role, p in pct.items() if role != "rate") or ("rate" in pct and not pct["rate"]):
        return False
    if adjusted is None or actual is None or rate is None or adjusted <= 0:
        return False
    if abs(actual / adjusted * 100 - rate) > Decimal("0.6") or not 0 <= rate <= 150:
        return False
    if weight is not None and score is not None:
        if not 0 < weight <= 30 or score > weight:
            return False
        if abs(weight * min(rate, Decimal(100)) / 100 - score) > Decimal("0.6"):
            return False
    return "initial" not in values or values["initial"] > 0


_TOTAL_LABEL = re.compile(f"^(?:{vocab.words_regex(vocab.FIELD_LABELS['stated.total'])})" + r"[:：]?(100)(\d{1,3}(?:\.\d{1,2})?)")


_TOTAL_STARTS = tuple(vocab.FIELD_LABELS["stated.total"])      # what _TOTAL_LABEL needs at the line's start


def _total_run(doc: Document, li: int, text: str) -> Candidate | None:
    """'总分10095.5': the weights' total 100 run into the score (Σ weights = 100 is the invariant)."""
    m = _TOTAL_LABEL.match(text)
    if m is None:
        return None
    score = Decimal(m.group(2))
    if not 0 <= score <= 100 or (len(m.group(2)) > 1 and m.group(2)[0] == "0" and m.group(2)[1] != "."):
        return None
    return Candidate("stated.total", score, doc.source(doc.lines[li], m.start(2) + 1), "总分（无分隔）", 0.7, li * 10000)


def runon_candidates(doc: Document) -> list[Candidate]:
    """Funds rows run together: the unique cut that satisfies the arithmetic, weighted as a table row."""
    out: list[Candidate] = []
    if not any(_RUN.search(line.text.replace(" ", "")) for line in doc.lines if len(line.text) >= 8):
        return out                      # no run of figures anywhere: nothing ran together
    header: list[str] = []
    unit = "万元"
    for li, line in enumerate(doc.lines):
        text = line.text.replace(" ", "")
        # a header holds no run of figures: looked for first, the headings only on a line without one
        cols = _columns(text) if ("预算" in text or "执行" in text) and not _RUN.search(text) else []
        if len([c for c in cols if c in _FIELDS]) >= 3:
            header = cols
            unit = "元" if _YUAN.search(text) else "万元"
            continue
        if text.startswith(_TOTAL_STARTS) and (total := _total_run(doc, li, text)) is not None:
            out.append(total)
            continue
        if not header:
            continue                    # a run is read only under a funds header
        label = _LABEL.search(text)
        if label is None or label.start() > 4:
            continue
        run = _RUN.match(text, label.end()) or _RUN.match(text, label.end() + 1)
        if run is None:
            continue
        found: list[dict[str, Decimal]] = []
        for cut in _cuts(run.group().replace("％", "%"), len(header)):
            values = {role: Decimal(p.rstrip("%").replace(",", "")) for role, p in zip(header, cut, strict=True)}
            if _fits(values, {role: p.endswith("%") for role, p in zip(header, cut, strict=True)}):
                found.append(values)
                if len(found) > 1:
                    break
        if len(found) == 1:
            where = doc.source(line, (line.text.find(run.group()[:4]) + 1) or 1)
            for role, value in found[0].items():
                if role in _FIELDS:
                    got = value if role == "rate" else money(value, unit)
                    out.append(Candidate(_FIELDS[role], got, where, "表格（无分隔）", 0.8, li * 10000))
        header = []
    return out
