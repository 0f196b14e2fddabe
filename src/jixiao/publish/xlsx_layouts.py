"""The two 自评表 layouts: 财预〔2020〕10号 附件1, and the seed's 一级/二级/三级/分值/指标解释/得分 table."""

from __future__ import annotations

from decimal import Decimal

from openpyxl import Workbook

from ..core.model import Project
from ..core.scoring import ScoreCard, ScoredNode
from ..io.xlsx_cells import Formula
from . import facts
from .tables import explanation_text, leaf_count, leaf_paths, level_weight
from .xlsx_writer import (
    SCORE,
    SUBTITLE,
    Sheet,
    execution_node,
    funds_block,
    grade_formula,
    is_selfeval,
    num,
    save,
)

ZERO = Decimal(0)


def _leaf_sum(leaves: list[ScoredNode]) -> Decimal:
    return sum((n.score for n in leaves if n.score is not None), ZERO)


def _notes(sh: Sheet, row: int, card: ScoreCard, width: int) -> int:
    for note in card.notes:
        sh.put(row, 1, f"说明：{note}", left=True, span=(1, width))
        row += 1
    return row


def _people(sh: Sheet, row: int, card: ScoreCard, width: int) -> int:
    """项目负责人 / 填报人 / 联系电话 under the table, where the forms put their signature lines."""
    p = card.project
    for label, value in (("项目负责人", "、".join(p.leads)), ("填报人", p.preparer), ("联系电话", p.phone)):
        sh.put(row, 1, label, bold=True)
        sh.put(row, 2, value or "—", left=True, span=(1, width - 1))
        row += 1
    return row


def _head(sh: Sheet, row: int, card: ScoreCard, width: int) -> int:
    p = card.project
    half = width // 2
    sh.put(row, 1, "项目名称", bold=True)
    sh.put(row, 2, p.name, left=True, span=(1, width - 1))
    sh.put(row + 1, 1, "主管部门", bold=True)
    sh.put(row + 1, 2, p.department or "—", left=True, span=(1, half - 1))
    sh.put(row + 1, half + 1, "实施单位", bold=True)
    sh.put(row + 1, half + 2, p.implementing_unit or p.department or "—", left=True, span=(1, width - half - 1))
    return row + 2


def selfeval_layout(wb: Workbook, card: ScoreCard) -> list[Sheet]:
    """项目支出绩效自评表: header, 项目资金 with the scored 执行率, 年度总体目标, 绩效指标, 总分."""
    p, width = card.project, 9
    sh = Sheet(wb.active)
    sh.ws.title = "自评表"
    sh.widths([11, 18, 14, 24, 13, 13, 8, 8, 32])
    sh.title(1, "项目支出绩效自评表", width)
    sh.title(2, f"（{p.year}年度）" if p.year else "", width, SUBTITLE)
    row = _head(sh, 3, card, width)
    row, exec_ref = funds_block(sh, row, p, card, width)
    sh.put(row, 1, "年度总体目标", bold=True, span=(2, 1))
    sh.put(row, 2, "预期目标", bold=True, span=(1, 4))
    sh.put(row, 6, "实际完成情况", bold=True, span=(1, 4))
    sh.put(row + 1, 2, facts.tidy(p.narrative.goal) or "—", left=True, span=(1, 4))
    sh.put(row + 1, 6, facts.tidy(p.narrative.achievement) or "—", left=True, span=(1, 4))
    row += 2
    node = execution_node(card)
    trails = [t for t in leaf_paths(card.roots) if t[-1] is not node]
    header = row
    sh.put(row, 1, "绩效指标", bold=True, span=(len(trails) + 1, 1))
    for i, label in enumerate(("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                               "偏差原因分析及改进措施")):
        sh.put(row, 2 + i, label, bold=True)
    seen: set[int] = set()
    first = row + 1
    for i, trail in enumerate(trails):
        r = first + i
        leaf = trail[-1]
        for level, n in enumerate(trail[:-1]):
            if id(n) not in seen:
                seen.add(id(n))
                sh.put(r, 2 + level, n.name, span=(leaf_count(n), 1))
        for level in range(len(trail) - 1, 2):
            sh.put(r, 2 + level, "")
        sh.put(r, 4, leaf.name, left=True)
        target = p.target(leaf.indicator.target) if leaf.indicator.target else None
        sh.put(r, 5, facts.target_value_text(target) if target else "—")
        sh.put(r, 6, facts.target_actual_text(target) if target else "—")
        sh.put(r, 7, leaf.weight, fmt=SCORE)
        sh.put(r, 8, num(leaf.score), fmt=SCORE)
        reason = (target.deviation_reason if target else "") or leaf.indicator.reason
        sh.put(r, 9, reason, left=True)
    last = first + len(trails) - 1
    row = last + 1
    weights = f"G{first}:G{last}" if trails else ""
    scores = f"H{first}:H{last}" if trails else ""
    exec_weight = f"F{exec_ref[1:]}" if exec_ref else ""
    sh.put(row, 1, "总分", bold=True, span=(1, 6))
    weight_total = sum((n.weight for n in card.leaves()), ZERO)
    sh.put(row, 7, Formula("=SUM(" + ",".join(x for x in (exec_weight, weights) if x) + ")"), bold=True, fmt=SCORE,
           cached=weight_total)
    exec_score = node.score if node is not None and node.score is not None else ZERO
    total = _leaf_sum([t[-1] for t in trails]) + exec_score
    total_ref = sh.put(row, 8, Formula("=SUM(" + ",".join(x for x in (exec_ref, scores) if x) + ")"), bold=True,
                       fmt=SCORE, cached=total)
    sh.put(row, 9, "")
    sh.put(row + 1, 1, "等级", bold=True)
    sh.put(row + 1, 2, grade_formula(total_ref, card), bold=True, span=(1, width - 1), cached=card.grade)
    row = _people(sh, row + 2, card, width)
    _notes(sh, row, card, width)
    sh.print_setup(f"{header}:{header}", landscape=True)
    return [sh]


def scoring_layout(wb: Workbook, card: ScoreCard) -> list[Sheet]:
    """评分表 (一级/分值/二级/分值/三级/分值/指标解释/得分, 合计, 等级) and a 项目资金 sheet."""
    p, width = card.project, 8
    sh = Sheet(wb.active)
    sh.ws.title = "评分表"
    sh.widths([11, 6, 12, 6, 20, 6, 48, 7])
    year = f"{p.year}年度" if p.year else ""
    sh.title(1, f"{year}{p.name}项目支出绩效评价指标体系评分表", width)
    row = _head(sh, 2, card, width)
    header = row
    for i, label in enumerate(("一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "指标解释", "得分")):
        sh.put(row, 1 + i, label, bold=True)
    trails = leaf_paths(card.roots)
    first = row + 1
    seen: set[int] = set()
    for i, trail in enumerate(trails):
        r = first + i
        leaf = trail[-1]
        for level, n in enumerate(trail):
            if id(n) in seen:
                continue
            seen.add(id(n))
            span = (leaf_count(n), 1)
            sh.put(r, 1 + 2 * level, n.name, span=span, left=n is leaf and level == 2)
            sh.put(r, 2 + 2 * level, n.weight, span=span, fmt=SCORE)
        for level in range(len(trail), 3):
            sh.put(r, 1 + 2 * level, leaf.name, left=level == 2)   # repeated, as in tables.score_grid
            sh.put(r, 2 + 2 * level, leaf.weight, fmt=SCORE)
        sh.put(r, 7, explanation_text(leaf), left=True)
        sh.put(r, 8, num(leaf.score), fmt=SCORE)
    last = first + len(trails) - 1
    row = last + 1
    sh.put(row, 1, "合计", bold=True)
    for col, level in ((2, 1), (4, 2), (6, 3)):
        letter = "BDF"[level - 1]
        value = level_weight(card, level)
        sh.put(row, col, Formula(f"=SUM({letter}{first}:{letter}{last})"), bold=True, fmt=SCORE, cached=value)
        sh.put(row, col + 1, "")
    total_ref = sh.put(row, 8, Formula(f"=SUM(H{first}:H{last})"), bold=True, fmt=SCORE,
                       cached=_leaf_sum([t[-1] for t in trails]))
    sh.put(row + 1, 1, "等级", bold=True)
    sh.put(row + 1, 2, grade_formula(total_ref, card), bold=True, span=(1, width - 1), cached=card.grade)
    row = _people(sh, row + 2, card, width)
    _notes(sh, row, card, width)
    sh.print_setup(f"{header}:{header}")
    sheets = [sh, _funds_sheet(wb, card)]
    return sheets


def _funds_sheet(wb: Workbook, card: ScoreCard) -> Sheet:
    """项目资金 and 绩效目标 for layouts whose scoring table has no room for them."""
    p, width = card.project, 9
    sh = Sheet(wb.create_sheet("项目资金与绩效目标"))
    sh.widths([11, 18, 12, 12, 12, 10, 12, 10, 10])
    sh.title(1, f"{p.name}项目资金与绩效目标", width)
    row = _head(sh, 2, card, width)
    row, _ = funds_block(sh, row, p, card, width)
    if p.targets:
        row += 1
        header = row
        for col, label, span in ((1, "绩效目标", 3), (4, "类别", 2), (6, "年度指标值", 1), (7, "实际完成值", 1),
                                 (8, "完成情况", 2)):
            sh.put(row, col, label, bold=True, span=(1, span))
        for t in p.targets:
            row += 1
            sh.put(row, 1, t.name, left=True, span=(1, 3))
            sh.put(row, 4, "/".join(x for x in (t.category, t.subcategory) if x) or "—", span=(1, 2))
            sh.put(row, 6, facts.target_value_text(t))
            sh.put(row, 7, facts.target_actual_text(t))
            sh.put(row, 8, facts.target_status(t), span=(1, 2))
        sh.print_setup(f"{header}:{header}")
    else:
        sh.print_setup("1:1")
    sh.ws.cell(1, 1).font = SUBTITLE
    return sh


def write_xlsx(project: Project, card: ScoreCard) -> bytes:
    """The 自评表 of ``card`` in the layout its framework implies (here, beside the layouts it picks
    from, so that the cell helpers in ``xlsx_writer`` never import back)."""
    wb = Workbook()
    sheets = selfeval_layout(wb, card) if is_selfeval(card) else scoring_layout(wb, card)
    for sheet in sheets:
        sheet.finish()
    wb.calculation.fullCalcOnLoad = True
    props = wb.properties
    props.title = facts.report_title(card.project).replace("报告", "表")
    props.creator = props.lastModifiedBy = card.project.department or card.project.implementing_unit
    props.language, props.subject, props.category = "zh-CN", "预算绩效自评", "绩效自评表"
    names = {ws.title: f"xl/worksheets/sheet{i}.xml" for i, ws in enumerate(wb.worksheets, 1)}
    return save(wb, {names[s.ws.title]: s.cached for s in sheets})
