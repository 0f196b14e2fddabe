"""The report as an ordered list of blocks, built once and rendered by every writer.

DOCX, HTML, Markdown and (through HTML) PDF walk the same ``Report``: the headings, the
generated sentences, the user's narrative and the tables cannot drift between formats.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from ..core import field_labels as fl
from ..core.findings import Finding
from ..core.model import Amounts, Project
from ..core.money import fmt_money, fmt_rate
from ..core.scoring import ScoreCard
from . import facts, prose
from .tables import Cell, Grid, Row, score_grid


@dataclass(frozen=True, slots=True)
class Heading:
    level: int          # 1 一、  2 （一）  3 1.  4 （1）
    text: str           # numbered, as printed


@dataclass(frozen=True, slots=True)
class Para:
    text: str
    role: str = "body"  # body | generated | caption | note | item


@dataclass(frozen=True, slots=True)
class Table:
    caption: str
    grid: Grid
    kind: str           # score | funding | targets | findings


@dataclass(frozen=True, slots=True)
class Figure:
    chart: str          # key into charts.CHARTS
    caption: str


Block = Heading | Para | Table | Figure


@dataclass(frozen=True)
class Report:
    title: str
    cover: list[tuple[str, str]]

    @property
    def title_lines(self) -> list[str]:
        return facts.title_lines(self.title)

    blocks: list[Block] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    signature: tuple[str, str] = ("", "")   # 落款: signing unit, date (e.g. 2024年3月15日)
    signed_on: date | None = None           # the 落款 date when given: the document's created date


class _Builder:
    """Numbers headings as 一、（一）1.（1） and restarts the lower counters on each new heading."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.counters = [0, 0, 0, 0]

    def heading(self, level: int, text: str) -> None:
        self.counters[level - 1] += 1
        for i in range(level, 4):
            self.counters[i] = 0
        n = self.counters[level - 1]
        number = {1: f"{facts.cn_number(n)}、", 2: f"（{facts.cn_number(n)}）", 3: f"{n}.", 4: f"（{n}）"}[level]
        self.blocks.append(Heading(level, number + text))

    def para(self, text: str, role: str = "body") -> None:
        for line in (facts.tidy(s) for s in text.splitlines()):
            if line:
                self.blocks.append(Para(line, role))

    def items(self, texts: Sequence[str], style: str = "cn") -> None:
        for i, text in enumerate(texts, 1):
            mark = f"（{facts.cn_number(i)}）" if style == "cn" else f"{i}. " if style == "arabic" else facts.circled(i)
            self.blocks.append(Para(mark + facts.tidy(text), "item"))


def funding_grid(project: Project) -> Grid | None:
    f = project.funding
    rows: list[tuple[str, Amounts]] = [(fl.of("funding.total").zh, f.total)]
    rows += [(f"其中：{s.name}" if i == 0 else s.name, s.amounts) for i, s in enumerate(f.sources)]
    if not f.procurement.is_empty:
        rows.append((f"{fl.of('funding.procurement').zh}（单列，不计入合计）", f.procurement))
    if f.total.is_empty and len(rows) == 1:
        return None
    head: Row = [Cell(t, header=True) for t in (f"{fl.of('funding').zh}（万元）", *fl.MONEY_COLUMNS,
                                                     fl.of("stated.execution_rate").brief)]
    body: list[Row] = []
    for label, a in rows:
        body.append([Cell(label, align="left"), Cell(fmt_money(a.initial)), Cell(fmt_money(a.adjusted)),
                     Cell(fmt_money(a.actual)), Cell(fmt_rate(a.execution_rate))])
    return Grid([head], body, widths=[3, 2, 2, 2, 2])


def targets_grid(project: Project) -> Grid | None:
    if not project.targets:
        return None
    head: Row = [Cell(t, header=True) for t in ("绩效指标", "类别", "年度指标值", "实际完成值", "完成情况")]
    body: list[Row] = [
        [Cell(t.name, align="left"), Cell("/".join(x for x in (t.category, t.subcategory) if x) or "—"),
         Cell(facts.target_value_text(t)), Cell(facts.target_actual_text(t)), Cell(facts.target_status(t))]
        for t in project.targets]
    return Grid([head], body, widths=[5, 2.5, 2, 2, 2])


def _analysis(b: _Builder, card: ScoreCard) -> None:
    """（二）绩效评价指标分析: per 一级 dimension, our figures then the preparer's own analysis."""
    p, n = card.project, card.project.narrative
    if not any(r.score is not None for r in card.roots) and not any(s.text.strip() for s in n.analysis):
        return
    b.heading(2, "绩效评价指标分析")
    used: set[int] = set()
    for root in card.roots:
        paragraph = prose.dimension_paragraph(root, p)
        own = [i for i, s in enumerate(n.analysis) if i not in used and facts.matches_dimension(s.heading, root.name)]
        if not paragraph and not own:
            continue
        b.heading(3, f"{root.name}情况" if not root.name.endswith("情况") else root.name)
        if paragraph:
            b.para(paragraph, "generated")
        for i in own:
            used.add(i)
            b.para(n.analysis[i].text)
    for i, section in enumerate(n.analysis):
        if i not in used and section.text.strip():
            b.heading(3, section.heading.rstrip("。"))
            b.para(section.text)


def _section(b: _Builder, level: int, heading: str, paragraphs: list[str]) -> None:
    """A heading only when there is something under it: an empty section is left out, not filled."""
    if paragraphs:
        b.heading(level, heading)
        for text in paragraphs:
            b.para(text)


def build_report(project: Project, card: ScoreCard, findings: Sequence[Finding] | None = None,
                 charts: bool = False, signed: str = "", signed_on: date | None = None) -> Report:
    """The seed's five sections, the figures written as prose, the preparer's text in place.

    ``findings`` are not part of a department's report (see ``review.build_review``); the
    parameter stays for callers that pass them.
    """
    del findings
    p, n, b = card.project, card.project.narrative, _Builder()
    b.heading(1, "基本情况")
    _section(b, 2, "项目概况", [x for x in (n.background, prose.basis_sentence(p)) if x.strip()])
    if p.units:
        b.heading(2, "项目管理的组织架构和职责分工")
        b.para(prose.units_intro(p), "generated")
        for i, u in enumerate(p.units, 1):
            duties = prose.strip_end(u.duties)
            b.blocks.append(Para(f"（{i}）{u.name}：{duties}。" if duties else f"（{i}）{u.name}。", "item"))
    b.heading(2, "项目资金管理情况")
    for text in prose.funding_paragraphs(p.funding):
        b.para(text, "generated")
    if p.funding.notes:
        b.para(p.funding.notes)
    grid = funding_grid(p)
    if grid is not None:
        b.blocks.append(Table("项目资金情况表（万元）", grid, "funding"))
    figure = 0
    if charts and p.funding.total.adjusted is not None:
        figure += 1
        b.blocks.append(Figure("budget", f"图{figure} 项目资金：年初预算、全年预算与全年执行（万元）"))
    if n.goal or n.achievement or p.targets:
        b.heading(2, "项目绩效目标及实现情况")
    if n.goal:
        b.heading(3, "项目绩效目标")
        b.para(n.goal)
    if n.achievement or p.targets:
        b.heading(3, "项目绩效目标实现情况")
        if n.achievement:
            b.para(n.achievement)
        if p.targets:
            for text in prose.targets_paragraphs(p):
                b.para(text, "generated")
            tg = targets_grid(p)
            if tg is not None:
                b.blocks.append(Table("绩效目标完成情况表", tg, "targets"))
            if charts:
                figure += 1
                b.blocks.append(Figure("targets", f"图{figure} 绩效目标：实际完成值与年度指标值之比"))

    b.heading(1, "项目绩效评价结论和分析")
    b.heading(2, "项目绩效评价结论")
    if n.conclusion:
        b.para(n.conclusion)
    scored = any(leaf.score is not None for leaf in card.leaves())
    if scored and not prose.mentions_total(n.conclusion, card):
        b.para(prose.conclusion_sentence(card), "generated")
    if card.roots:   # nothing scored at all (a read document without its table): no 0分 sentence
        b.blocks.append(Table(f"{p.name}项目支出绩效评价指标体系评分表", score_grid(card), "score"))
    if charts and card.roots:
        figure += 1
        b.blocks.append(Figure("scores", f"图{figure} 各一级指标得分与分值"))
    _analysis(b, card)
    _section(b, 1, "主要经验及做法", prose.numbered(n.experiences))
    problems, measures = prose.problems_paragraphs(p), prose.numbered(n.measures)
    if problems or measures:
        b.heading(1, "存在的问题及整改措施")
        _section(b, 2, "存在问题", problems)
        _section(b, 2, "整改措施", measures)
    _section(b, 1, "有关建议", prose.numbered(n.suggestions))
    return Report(facts.report_title(p), facts.cover_fields(p), b.blocks, list(card.notes),
                  signature=prose.signature(p, signed), signed_on=signed_on)


__all__ = ["Block", "Figure", "Heading", "Para", "Report", "Table", "build_report"]
