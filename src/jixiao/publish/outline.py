"""The report as an ordered list of blocks, built once and rendered by every writer.

DOCX, HTML, Markdown and (through HTML) PDF walk the same ``Report``: the headings, the
generated sentences, the user's narrative and the tables cannot drift between formats.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..core.findings import Finding, sort_findings
from ..core.model import Amounts, Project
from ..core.money import fmt_money, fmt_rate
from ..core.scoring import ScoreCard
from . import facts
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
        number = {1: f"{facts.cn_number(n)}、", 2: f"（{facts.cn_number(n)}）", 3: f"{n}. ", 4: f"（{n}）"}[level]
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
    rows: list[tuple[str, Amounts]] = [("年度资金总额", f.total)]
    rows += [(f"其中：{s.name}", s.amounts) for s in f.sources]
    if not f.procurement.is_empty:
        rows.append(("政府采购（单列，不计入合计）", f.procurement))
    if f.total.is_empty and len(rows) == 1:
        return None
    head: Row = [Cell(t, header=True) for t in ("项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "执行率")]
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
    return Grid([head], body, widths=[5, 2.5, 2, 2, 2.5])


def findings_grid(findings: Sequence[Finding]) -> Grid:
    head: Row = [Cell(t, header=True) for t in ("代码", "级别", "问题", "位置")]
    levels = {"error": "错误", "warning": "警告", "info": "提示"}
    body: list[Row] = [
        [Cell(f.code), Cell(levels.get(f.severity.value, f.severity.value)), Cell(f.message, align="left"),
         Cell(f.path or (f.source.label() if f.source else "—"), align="left")]
        for f in sort_findings(findings)]
    return Grid([head], body, widths=[1.5, 1.2, 7, 3.5])


def build_report(project: Project, card: ScoreCard, findings: Sequence[Finding] | None = None,
                 charts: bool = True) -> Report:
    """The whole outline: the seed's five sections, generated figures, the user's prose in place."""
    p, n, b = card.project, card.project.narrative, _Builder()
    b.heading(1, "基本情况")
    b.heading(2, "项目概况")
    if n.background:
        b.heading(3, "项目背景")
        b.para(n.background)
    if p.basis:
        b.heading(3, "立项依据")
        b.items([f"《{d.title}》{d.number}" if d.number else f"《{d.title}》" for d in p.basis], style="circled")
    b.heading(2, "项目管理的组织架构和职责分工")
    if p.units:
        owner = p.department or p.implementing_unit or "主管部门"
        b.para(f"{owner}是{p.name}项目的主管部门，参与实施的单位（部门）有"
               f"{'、'.join(u.name for u in p.units)}，共{len(p.units)}个。各单位主要职责分工如下：", "generated")
        for i, u in enumerate(p.units, 1):
            b.blocks.append(Para(f"（{i}）{u.name}：{u.duties or '未填写职责'}", "item"))
    else:
        b.para("项目文件未列出参与实施的单位及其职责。", "note")
    b.heading(2, "项目资金管理情况")
    for sentence in facts.funding_sentences(p.funding):
        b.para(sentence, "generated")
    if p.funding.notes:
        b.para(p.funding.notes)
    grid = funding_grid(p)
    if grid is not None:
        b.blocks.append(Table("项目资金情况表（万元）", grid, "funding"))
    if charts and p.funding.total.adjusted is not None:
        b.blocks.append(Figure("budget", "图1 项目资金：年初预算、全年预算与全年执行（万元）"))
    b.heading(2, "项目绩效目标及实现情况")
    b.heading(3, "项目绩效目标")
    if n.goal:
        b.para(n.goal)
    b.heading(3, "项目绩效目标实现情况")
    if n.achievement:
        b.para(n.achievement)
    if p.targets:
        b.para(facts.target_summary(p), "generated")
        b.items([facts.target_sentence(t) for t in p.targets], style="circled")
        tg = targets_grid(p)
        if tg is not None:
            b.blocks.append(Table("绩效目标完成情况表", tg, "targets"))
        if charts and any(t.value and t.actual is not None for t in p.targets):
            b.blocks.append(Figure("targets", "图2 绩效目标：实际完成值占年度指标值的比例"))

    b.heading(1, "项目绩效评价结论和分析")
    b.heading(2, "项目绩效评价结论")
    if n.conclusion:
        b.para(n.conclusion)
    b.para(facts.conclusion_sentence(card), "generated")
    b.blocks.append(Table(f"{p.name}项目支出绩效评价指标体系评分表", score_grid(card), "score"))
    for note in card.notes:
        b.para(f"说明：{note}", "note")
    if charts and card.roots:
        b.blocks.append(Figure("scores", "图3 各一级指标得分与分值"))
    b.heading(2, "绩效评价指标分析")
    used: set[int] = set()
    for root in card.roots:
        b.heading(3, f"{root.name}情况")
        b.para(facts.dimension_sentence(root, p), "generated")
        for i, section in enumerate(n.analysis):
            if i not in used and facts.matches_dimension(section.heading, root.name):
                used.add(i)
                b.para(section.text)
    for i, section in enumerate(n.analysis):
        if i not in used:
            b.heading(3, section.heading.rstrip("。"))
            b.para(section.text)

    b.heading(1, "主要经验及做法")
    b.items(list(n.experiences)) if n.experiences else b.para("（未填写）", "note")
    b.heading(1, "存在的问题及整改措施")
    b.heading(2, "存在问题")
    b.para(facts.losses_summary(card), "generated")
    b.items([x.text.rstrip("。") + "。" + (f"主要原因：{x.cause}" if x.cause else "") for x in n.problems],
            style="arabic")
    b.heading(2, "整改措施")
    b.items(list(n.measures), style="arabic") if n.measures else b.para("（未填写）", "note")
    b.heading(1, "有关建议")
    b.items(list(n.suggestions)) if n.suggestions else b.para("（未填写）", "note")
    if findings is not None:
        b.heading(1, "复核意见")
        if findings:
            b.para(f"经自动复核，发现{len(findings)}项问题，详见下表。", "generated")
            b.blocks.append(Table("复核发现的问题", findings_grid(findings), "findings"))
        else:
            b.para("经自动复核，未发现问题。", "generated")
    return Report(facts.report_title(p), facts.cover_fields(p), b.blocks, list(card.notes))


__all__ = ["Block", "Figure", "Heading", "Para", "Report", "Table", "build_report"]
