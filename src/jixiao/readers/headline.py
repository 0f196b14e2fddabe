"""The headline figures of one document (budgets, spent, rate, total score, grade): propose, then solve.

Tables propose first (the funds block by column, the scoring table's total row), then
label–value cell pairs, then sentences; ``solve`` weighs them together. What it chooses is
written back into the funding facts with its source; what it could not decide becomes a note.
"""

from __future__ import annotations

from decimal import Decimal

from .candidates import GRADE, MONEY_FIELDS, RATE, TABLE, TOTAL, Candidate, pair_candidates, prose_candidates
from .funding import FundingFacts
from .layout import Document, Paragraph
from .rows import Table
from .runon import runon_candidates
from .solve import Solution, solve


def _table_candidates(facts: FundingFacts, tables: list[Table]) -> list[Candidate]:
    out: list[Candidate] = []
    for f in MONEY_FIELDS:
        key = f.rsplit(".", 1)[1]
        if key in facts.total and f in facts.located:
            out.append(Candidate(f, facts.total[key], facts.located[f], "表格", TABLE, -1))
    if facts.rate is not None and RATE in facts.located:
        out.append(Candidate(RATE, facts.rate, facts.located[RATE], "表格", TABLE, -1))
    for t in tables:
        if t.total is not None and t.total_source is not None and Decimal(0) <= t.total <= 100:
            out.append(Candidate(TOTAL, t.total, t.total_source, "评分表合计", TABLE - 0.05, -1))
            if t.grade is not None and t.grade_source is not None:
                out.append(Candidate(GRADE, t.grade, t.grade_source, "评分表合计行", TABLE - 0.1, -1))
            break
    return out


def solve_headline(doc: Document, paras: list[Paragraph], facts: FundingFacts, tables: list[Table]) -> Solution:
    cands = [*_table_candidates(facts, tables), *pair_candidates(doc), *runon_candidates(doc),
             *prose_candidates(doc, paras)]
    solution = solve(cands, doc.file)
    for f in MONEY_FIELDS:
        key = f.rsplit(".", 1)[1]
        facts.total.pop(key, None)
        facts.located.pop(f, None)
        if (c := solution.chosen.get(f)) is not None and isinstance(c.value, Decimal):
            facts.total[key] = c.value
            facts.located[f] = c.source
    facts.rate = None
    facts.located.pop(RATE, None)
    if (c := solution.chosen.get(RATE)) is not None and isinstance(c.value, Decimal):
        facts.rate = c.value
        facts.located[RATE] = c.source
    return solution
