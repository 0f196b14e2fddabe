"""Layout -> Project: run every extractor over one document (or each project in it) and keep sources."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..core.findings import Finding, Severity, Source
from ..core.model import (
    Funding,
    Indicator,
    Narrative,
    Problem,
    Project,
    ProjectKind,
    Record,
    Rule,
    RuleKind,
    Stated,
    Target,
    normalise_name,
)
from ..core.registry import issue
from .claims import DeferredSources, ProseClaims, deferred_claims
from .funding import FundingFacts, read_prose_funding, read_table_funding
from .header import prose_implementing_unit, read_header
from .headline import solve_headline
from .layout import Document, Line, Paragraph, Token, paragraphs, split_cells, token_list
from .narrative import ACHIEVEMENT_TITLE, GOAL_EXCLUDED, basis_documents, find, flatten, narrative, units
from .numbers import number
from .outline import Block, outline
from .recognised import drop_impossible, drop_suspects, fill_uncertain, reconcile_names
from .rows import Row, Table
from .table import read_grid, read_stream, stream_starts
from .table_header import header_at
from .targets import match_actual, phrases, target_pairs, targets_from
from .targets_table import table_targets
from .tree import build_tree

_TABLE_HINT = re.compile(r"得分|自评分|执行数|预算数")


def note(file: str, zh: str, en: str, source: Source | None = None, severity: Severity | None = None,
         path: str = "") -> Finding:
    """A located remark about what could not be read (JX005 read-partial, a note unless told otherwise)."""
    return issue("JX005", zh, en, path=path, source=source or Source(file, 1, 1), severity=severity)


_TITLE_LINE = re.compile(r"自评|绩效|评价|报告")
_NEAR = {"name": re.compile(r"项目|自评表|报告"), "indicators": re.compile(r"绩效指标|指标|得分|分值"),
         "funding": re.compile(r"预算|资金|支出|经费")}


def missing_at(doc: Document, path: str) -> Source:
    """Where a note about a missing part belongs: the first line that speaks of it, else the title
    (the first short line naming the report), else the first line with text; never an invented 1:1."""
    near = _NEAR.get(path)
    first: Line | None = None
    title: Line | None = None
    for line in doc.lines[:400]:
        text = line.text.strip()
        if not text:
            continue
        first = first or line
        if near is not None and near.search(text):
            return doc.source(line, (line.text.find(text) + 1) or 1)
        if title is None and len(text) <= 80 and _TITLE_LINE.search(text):
            title = line
    pick = title or first
    return doc.source(pick, 1) if pick is not None else Source(doc.file, 1, 1)


_FLAT_TITLE = re.compile(r"[^\s。；]{0,16}自评表(?=[^。；]{0,80}项目名称)")


def _flat_parts(doc: Document) -> list[Document] | None:
    """Several 自评表 flattened into one long line (a PDF page as words): cut the line at each title."""
    for k, line in enumerate(doc.lines):
        if len(line.text) < 400 or line.grid:
            continue
        cuts = [m.start() for m in _FLAT_TITLE.finditer(line.text)]
        if len(cuts) < 2:
            continue
        bounds = [0 if j == 0 else c for j, c in enumerate(cuts)] + [len(line.text)]
        segments = [_segment(line, a, b) for a, b in itertools.pairwise(bounds)]
        parts = [replace(doc, lines=[seg], cuts=[], confidence=dict(doc.confidence)) for seg in segments]
        parts[0].lines[:0] = doc.lines[:k]
        parts[-1].lines.extend(doc.lines[k + 1:])
        return parts if all(_has_table(p) for p in parts) else None
    return None


def _segment(line: Line, a: int, b: int) -> Line:
    text = line.text[a:b]
    origin = line.origin[a:b] if line.origin is not None else tuple(range(a, b))
    cells, exact = split_cells(text)
    return replace(line, text=text, cells=cells, exact=exact, origin=tuple(origin),
                   original=line.original or line.text)


def split_projects(doc: Document) -> list[Document]:
    """Several '项目名称' blocks each followed by a table: one document per project."""
    if (flat := _flat_parts(doc)) is not None:
        return flat
    starts: list[int] = []
    names: set[str] = set()
    for k, line in enumerate(doc.lines):
        first = line.cells[0].text if line.cells else ""
        if first.lstrip().startswith("项目名称"):
            starts.append(k)
            names.add(re.sub(r"[\s:：|]+", "", line.text.replace("项目名称", "", 1)))
    if len(starts) < 2 or len(names) < 2:
        return [doc]
    begins = [0]
    for j, s in enumerate(starts[1:], 1):       # a title just above 项目名称 ('…绩效自评表') opens the part
        b = s
        for k in range(s - 1, max(starts[j - 1], s - 4), -1):
            if re.search(r"自评(?:表|报告)", doc.lines[k].text) and len(doc.lines[k].text.strip()) <= 60:
                b = k
                break
        begins.append(b)
    ends = [*begins[1:], len(doc.lines)]
    parts = [replace(doc, lines=doc.lines[b:e], cuts=[], confidence=dict(doc.confidence))
             for b, e in zip(begins, ends, strict=True)]
    if not all(_has_table(part) for part in parts):
        return [doc]                    # the same project named twice (cover and table), not several
    return parts


def _has_table(doc: Document) -> bool:
    return any(_TABLE_HINT.search(line.text) for line in doc.lines)


def read_tables(doc: Document, toks: list[Token] | None = None) -> list[Table]:
    tables: list[Table] = []
    k = 0
    while k < len(doc.lines):
        found = header_at(doc, k)
        if found is not None:
            table = read_grid(doc, k, *found)
            if table.rows:
                tables.append(table)
            k = max(table.end_line, k + 1)
        else:
            k += 1
    if tables:
        return tables
    toks = toks if toks is not None else token_list(doc)
    starts = stream_starts(toks)
    for j, s in enumerate(starts):
        table = read_stream(doc, toks, s, starts[j + 1] if j + 1 < len(starts) else len(toks))
        if table.rows:
            tables.append(table)
    return tables


def assemble(doc: Document, path: Path) -> tuple[Project, list[Finding]]:
    file = doc.file
    findings: list[Finding] = []
    sources: dict[str, Source] = {}
    paras = paragraphs(doc)
    blocks = outline(paras)
    flat = flatten(blocks)                  # the outline in reading order, walked once for every lookup
    toks = token_list(doc)
    header = read_header(doc, toks)
    for key, src in header.sources.items():
        sources[key] = src
    if "implementing_unit" not in header.values and (said := prose_implementing_unit(doc, paras)):
        header.values["implementing_unit"], sources["implementing_unit"] = said
    facts = FundingFacts()
    read_table_funding(doc, toks, facts)
    prose = FundingFacts()
    read_prose_funding(doc, paras, prose, procurement_only=True)     # the totals are solved below
    facts.procurement, facts.procurement_rate = prose.procurement, prose.procurement_rate
    facts.located.update({k: v for k, v in prose.located.items() if "procurement" in k})
    tables = read_tables(doc, toks)
    if doc.recognised:
        findings.extend(drop_suspects(tables, doc.recognised))
        findings.extend(fill_uncertain(tables, doc.recognised))
    rows = [r for t in tables for r in t.rows]
    solution = solve_headline(doc, paras, facts, tables)
    findings.extend(solution.notes)
    sources.update(facts.located)
    picked_total = solution.chosen.get("stated.total")
    total = picked_total.value if picked_total is not None and isinstance(picked_total.value, Decimal) else None
    picked_grade = solution.chosen.get("stated.grade")
    grade = str(picked_grade.value) if picked_grade is not None else None
    for key in ("stated.total", "stated.grade"):
        if key in solution.chosen:
            sources[key] = solution.chosen[key].source
    prose_claims = ProseClaims(doc, paras)       # prose facts for the checker, read when it asks
    claims_at = len(sources)                     # where their sources go among the others
    story = narrative(doc, blocks, sources)
    if not story.goal:
        story = _table_goal(doc, story, sources)
    story = _labelled_narrative(doc, toks, story, sources)
    targets: list[Target] = []
    if not any(r.has_target for r in rows):
        targets = table_targets(doc, sources) or _prose_targets(doc, paras, flat, sources)
    if doc.recognised:
        printed = (c.text for line in doc.lines if line.page in doc.recognised for c in line.cells)
        targets, renamed = reconcile_names(rows, targets, sources, doc.recognised, printed)
        findings.extend(renamed)
    indicators = build_tree(rows, targets, sources)
    if doc.recognised:
        targets, impossible = drop_impossible(targets, sources, doc.recognised)
        findings.extend(impossible)
    if facts.weight is not None or facts.score is not None:
        score = facts.score.copy_abs() if facts.score is not None else None   # a distinct object: no YAML alias
        indicators = (Indicator(name="预算执行率", weight=facts.weight, rule=Rule(RuleKind.EXECUTION_RATE),
                                score=score), *indicators)
        if "stated.execution_score" in sources:
            sources["indicators/预算执行率"] = sources["stated.execution_score"]
    weight_total = next((t.weight_total for t in tables if t.weight_total is not None), None)
    name = header.values.get("name") or path.stem
    if "name" not in header.values:
        findings.append(note(file, "未找到项目名称，以文件名代替", "no project name found; the file name is used",
                             missing_at(doc, "name"), path="name"))
    if not tables:
        findings.append(note(file, "未找到评分表（得分/分值表格）", "no scoring table found", missing_at(doc, "indicators"),
                             path="indicators"))
    for t in tables:
        if t.scrambled:
            findings.append(note(file, "评分表文字顺序错乱，按“分值 得分”数字对识别各行，指标名称可能不准",
                                 "the scoring table text is scrambled; rows were recognised by their weight/score "
                                 "pairs and names may be wrong", t.header_source or missing_at(doc, "indicators"),
                                 path="indicators"))
            sources.setdefault("read.scrambled_table", t.header_source or missing_at(doc, "indicators"))
    if tables and (gap := _table_gap(doc, tables[-1], rows, path.suffix.lower() in _WHOLE_FILES)) is not None:
        key, zh, en, where = gap
        findings.append(note(file, zh, en, where, path="indicators"))
        sources.setdefault(key, where)
    if facts.amounts(facts.total).is_empty:
        findings.append(note(file, "未找到预算金额（年初预算、全年预算、全年执行数）",
                             "no budget figures found (initial, adjusted, actual)", missing_at(doc, "funding"),
                             path="funding"))
    project = Project(
        name=name, year=header.year, department=header.values.get("department", ""),
        implementing_unit=header.values.get("implementing_unit", ""), leads=header.leads,
        preparer=header.values.get("preparer", ""), phone=header.values.get("phone", ""),
        record=Record.PUBLISHED,
        kind=ProjectKind.DEPARTMENT if header.department_wide else ProjectKind.PROJECT,
        basis=tuple(basis_documents(doc, flat, sources)), units=tuple(units(doc, flat, sources)),
        funding=Funding(total=facts.amounts(facts.total), sources=tuple(facts.sources),
                        procurement=facts.amounts(facts.procurement)),
        targets=tuple(targets), indicators=indicators,
        stated=Stated(total=total, grade=grade, execution_rate=facts.rate,
                      procurement_execution_rate=facts.procurement_rate, execution_score=facts.score,
                      weight_total=weight_total),
        narrative=story,
        read_notes=tuple(sorted(key for key in sources if key.startswith("read."))),
        claims=deferred_claims(prose_claims),
        confidence=MappingProxyType({**(doc.confidence if tables else {}), **solution.confidence}),
        competing=MappingProxyType(solution.competing),
    )
    return project.evolve(sources=DeferredSources(sources, claims_at, prose_claims)), findings


_WHOLE_FILES = frozenset({".docx", ".xlsx", ".xls", ".pdf", ".html", ".htm"})


def _table_gap(doc: Document, table: Table, rows: list[Row], whole_file: bool) -> tuple[str, str, str, Source] | None:
    """Why the weights of a scoring table are incomplete: no 分值 column, or the text ends inside it.

    The checker then reports weight sums for information only (a truncated page is not a
    table whose weights are wrong). Only stored text is cut off: an office file or a PDF
    ending with its table is complete.
    """
    if not rows or table.total is not None or table.weight_total is not None:
        return None
    if all(r.weight is None for r in rows):
        return ("read.no_weight_column", "评分表没有分值列，各行分值未知", "the scoring table has no weight column; "
                "row weights are unknown", table.header_source or rows[0].source)
    last = rows[-1].source
    if whole_file:
        return None
    at = [k for k, ln in enumerate(doc.lines) if (ln.no, ln.page, ln.sheet) == (last.line, last.page, last.sheet)]
    if not at:
        return None
    line = doc.lines[at[-1]]
    rest = "".join(ln.text for ln in doc.lines[at[-1] + 1:])
    if not line.exact:
        rest = line.text[max(0, last.column - 1):] + rest
    if len(re.sub(r"\s", "", rest)) <= 80:
        return ("read.truncated_table", "评分表在文本末尾中断（没有合计/总分行），其后各行未读到",
                "the scoring table stops at the end of the text (no total row); later rows are missing", last)
    return None


_NARRATIVE_LABELS = {"评价结论": "conclusion", "自评结论": "conclusion", "存在问题": "problems",
                     "存在的问题": "problems", "改进措施": "measures", "整改措施": "measures",
                     "有关建议": "suggestions", "意见建议": "suggestions"}
_LABEL_STARTS = tuple(_NARRATIVE_LABELS)


def _labelled_narrative(doc: Document, toks: list[Token], story: Narrative,
                        sources: dict[str, Source]) -> Narrative:
    """自评表 footer rows such as '存在问题 | <text>'; the template's own prompts ('…200字以内') are skipped."""
    changes: dict[str, Any] = {}     # Narrative field -> its value (str or a tuple of items)
    for i, tok in enumerate(toks):
        if not tok.text.startswith(_LABEL_STARTS):      # cell texts are stripped: a label starts the cell
            continue
        label, colon, rest = tok.text.partition("：") if "：" in tok.text else tok.text.partition(":")
        key = _NARRATIVE_LABELS.get(label.strip())
        if key is None or key in changes or getattr(story, key):
            continue
        nxt = tok if colon and len(rest.strip()) >= 4 else next((t for t in toks[i + 1:i + 3] if t.text), None)
        if nxt is tok:
            nxt = Token(rest.strip(), tok.line, tok.cell, tok.exact)
        if nxt is None or nxt.text.strip(" :：") in _NARRATIVE_LABELS or "字以内" in nxt.text or len(nxt.text) < 4:
            continue
        where = doc.source(nxt.line, nxt.cell.column, nxt.cell)
        if key == "conclusion":
            changes[key] = nxt.text
            sources["narrative.conclusion"] = where
        else:
            items = [s for s in re.split(r"(?:^|[；;。\s])\s*\d+[.、．]\s*", nxt.text) if s.strip()] or [nxt.text]
            items = [s.strip() for s in items if s.strip(" 。.") not in {"无", "暂无"}]
            changes[key] = tuple(Problem(s) for s in items) if key == "problems" else tuple(items)
            for k in range(len(items)):
                sources[f"narrative.{key}[{k}]"] = where
    return replace(story, **changes) if changes else story


def _table_goal(doc: Document, story: Narrative, sources: dict[str, Source]) -> Narrative:
    """The 自评表 row under '预期目标 | 实际完成情况' (年度总体目标)."""
    for k, line in enumerate(doc.lines):
        if not line.cells or "预期目标" not in line.text or "实际完成" not in line.text:
            continue
        for nxt in doc.lines[k + 1:k + 4]:
            texts = [c for c in nxt.cells if c.text and c.text != "年度总体目标"]
            if nxt.exact and len(texts) >= 2 and not any(number(c.text) is not None for c in texts[:2]):
                sources["narrative.goal"] = doc.source(nxt, texts[0].column, texts[0])
                sources["narrative.achievement"] = doc.source(nxt, texts[1].column, texts[1])
                return replace(story, goal=texts[0].text, achievement=texts[1].text)
        if not line.exact and (m := _FLAT_GOAL.search(line.text)):
            return _flat_goal(doc, story, sources, line, m)
        break
    return story


_FLAT_GOAL = re.compile(r"预期目标\s*实际完成情况\s*(?P<body>\S.{7,600}?)\s*"
                        r"(?:绩\s*效\s*指\s*标|一\s*级\s*指\s*标|年\s*度\s*总\s*体\s*目\s*标)")
_DOTS = re.compile(r"\s*[.。…·．]{4,}[\s.。…·．]*")


def _flat_goal(doc: Document, story: Narrative, sources: dict[str, Source], line: Line,
               m: re.Match[str]) -> Narrative:
    """The same row flattened into words: the goal, then the achievement after a leader of dots if any.

    Without a separator the whole text is kept as the goal, so the prose checks still see it.
    """
    body, start = m.group("body"), m.start("body")
    cut = _DOTS.search(body)
    sources["narrative.goal"] = doc.source(line, start + 1)
    if cut is None or cut.start() < 8 or len(body) - cut.end() < 8:
        return replace(story, goal=body.strip().rstrip(" .…·．"))
    sources["narrative.achievement"] = doc.source(line, start + cut.end() + 1)
    return replace(story, goal=body[:cut.start()].strip(), achievement=body[cut.end():].strip().rstrip(" .…·．"))


def _prose_targets(doc: Document, paras: list[Paragraph], blocks: list[Block],
                   sources: dict[str, Source]) -> list[Target]:
    goal = find(blocks, lambda t: "绩效目标" in t and not GOAL_EXCLUDED.search(t))
    if goal is None:
        return _paired_targets(doc, paras, sources)
    done = find(blocks, lambda t: "及" not in t and bool(ACHIEVEMENT_TITLE.search(t)))
    goal_paras = [*goal.body, *(c.para for b in goal.children for c in b.walk())]
    said = phrases(doc, goal_paras)
    targets = targets_from(said)
    stated = {normalise_name(s.name): s for s in said}
    reported = phrases(doc, done.body) if done is not None else []
    out = []
    for k, t in enumerate(targets):
        s = stated.get(normalise_name(t.name))
        if s is not None:
            sources[f"targets[{k}]"] = s.source
            sources[f"targets[{k}].value"] = s.source
        got = match_actual(t, reported)
        if got is not None:
            t = replace(t, actual=number(got.number), actual_unit=got.unit, actual_text=got.value)
            sources[f"targets[{k}].actual"] = got.source
        out.append(t)
    return out or _paired_targets(doc, paras, sources)


def _paired_targets(doc: Document, paras: list[Paragraph], sources: dict[str, Source]) -> list[Target]:
    found = target_pairs(doc, paras)
    for k, (_, src) in enumerate(found):
        sources[f"targets[{k}]"] = src
    return [t for t, _ in found]
