"""What each field of a project is called, in Chinese and in English, by its place in the file.

The review document (复核意见), the revision diff and the merge page all name fields for
people. Each once kept its own word list, so one field had three names (实际完成值 /
实际完成情况, 自评等级 / 评价等级, 偏差原因 / 偏差原因分析及改进措施) and a key such as
``total`` or ``actual`` could be named after the wrong block. Here a field is looked up by its
whole path, so ``funding.total`` (年度资金总额) and ``stated.total`` (自评得分), or a target's
``actual`` (实际完成值) and the funds' (全年执行数), cannot be confused, and the wording is the
one a 财政局 reviewer knows from the 项目支出绩效自评表.

A key is the path with list positions and the indicator tree's ``children`` left out
(``targets[3].actual`` → ``targets.actual``). Both the project file's paths and the model's
(the checker's finding paths) are listed: the model keeps the total row's amounts under
``funding.total`` and a source's under ``amounts``, where the file writes them directly.

Every page and output that names a field for people takes the word from here: the edit form
and the project page (``web.projects.editor``, its templates), the evidence list
(``views.support_labels``), the gaps a draft's report refuses (``publish.gaps``), the 自评表
funds columns of the published report (outline, workbook, chart) and the checker's findings
(``core.checks``). ``tests/test_field_labels.py`` holds them to it. A place that needs a shorter
word (a column of the 自评表 under a row that already names the block) uses ``Label.short``,
kept beside the full word. The module lives in ``core`` because the checker names fields too,
and core imports no other layer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Label:
    zh: str
    en: str
    short: str = ""     # the 自评表's own shorter word, where a row or legend already names the block

    @property
    def brief(self) -> str:
        """The short word where the table prints one, else the full label."""
        return self.short or self.zh


_AMOUNTS = {"initial": Label("年初预算数", "initial budget"), "adjusted": Label("全年预算数", "full-year budget"),
            "actual": Label("全年执行数", "full-year spending")}
_PROJECT = {
    "name": Label("项目名称", "project name"), "year": Label("年度", "year"),
    "department": Label("主管部门", "department"), "implementing_unit": Label("实施单位", "implementing unit"),
    "leads": Label("项目负责人", "project leads"), "preparer": Label("填报人", "preparer"),
    "phone": Label("联系电话", "phone"), "kind": Label("评价类型", "evaluation kind"),
}
_BASIS = {"": Label("立项依据", "basis documents"), "title": Label("文件名称", "title"),
          "number": Label("文号", "document number")}
_UNITS = {"": Label("参与实施单位", "participating units"), "name": Label("单位名称", "unit name"),
          "duties": Label("职责", "duties")}
_SECTION = {"heading": Label("标题", "heading"), "text": Label("内容", "text")}
_INDICATOR = {
    "": Label("评分表", "scoring table"), "name": Label("指标名称", "indicator name"),
    "weight": Label("分值", "weight"), "score": Label("得分", "score"), "reason": Label("扣分原因", "reason for deduction"),
    "explanation": Label("指标解释", "explanation"), "rule": Label("计分规则", "scoring rule"),
    "rule.kind": Label("计分方式", "rule kind"), "rule.method": Label("计算方法", "method"),
    "target": Label("关联绩效目标", "linked target"), "tier": Label("完成档次", "completion tier"),
    "deductions": Label("扣分项", "deductions"), "deductions.points": Label("扣分", "points deducted"),
    "deductions.reason": Label("扣分原因", "reason for deduction"), "answer": Label("是否达到", "yes-no answer"),
    "completed": Label("实际完成数", "completed"), "planned": Label("计划数", "planned"),
    "applicable": Label("是否适用", "applicable"), "open": Label("可自设指标", "open to own indicators"),
    "evidence": Label("佐证材料", "evidence"),
}


def _under(prefix: str, labels: dict[str, Label]) -> dict[str, Label]:
    return {f"{prefix}.{key}" if key else prefix: label for key, label in labels.items()}


FIELDS: dict[str, Label] = {
    "jixiao": Label("文件格式版本", "format version"), "record": Label("记录类型", "record kind"),
    "framework": Label("指标体系", "indicator framework"), "money_unit": Label("金额单位", "money unit"),
    "project": Label("项目信息", "project"), **_under("project", _PROJECT), **_PROJECT,
    "overview": Label("项目概况", "overview"), "overview.background": Label("项目背景", "background"),
    **_under("overview.basis", _BASIS), **_under("basis", _BASIS), **_under("units", _UNITS),
    "funding": Label("项目资金", "funding"), **_under("funding", _AMOUNTS),
    "funding.total": Label("年度资金总额", "annual funding"), **_under("funding.total", _AMOUNTS),
    "funding.sources": Label("资金来源", "funding sources"), "funding.sources.name": Label("来源名称", "source name"),
    **_under("funding.sources", _AMOUNTS), "funding.sources.amounts": Label("金额", "amounts"),
    **_under("funding.sources.amounts", _AMOUNTS),
    "funding.sources.stated_rate": Label("该行所填执行率", "rate stated in the row"),
    "funding.procurement": Label("政府采购", "government procurement"), **_under("funding.procurement", _AMOUNTS),
    "funding.adjustments": Label("预算调整", "budget adjustments"),
    "funding.adjustments.amount": Label("调整金额", "amount"), "funding.adjustments.reason": Label("调整原因", "reason"),
    "funding.adjustments.document": Label("调整文件", "document"),
    "funding.adjustments.applies_to": Label("调整对象", "applies to"),
    "funding.low_execution_reason": Label("执行率偏低原因", "reason for low execution"),
    "funding.purposes": Label("资金用途", "purposes"), "funding.notes": Label("资金说明", "funding notes"),
    "targets": Label("绩效目标", "performance targets"), "targets.id": Label("编号", "id"),
    "targets.name": Label("指标名称", "target name"), "targets.category": Label("一级指标", "category"),
    "targets.subcategory": Label("二级指标", "subcategory"),
    # the grid's narrow columns: 比较 | 年度指标值 | 单位 (the header row names the target)
    "targets.comparator": Label("比较方式", "comparator", "比较"),
    "targets.value": Label("年度指标值", "target value"), "targets.upper": Label("区间上限", "upper bound"),
    "targets.unit": Label("计量单位", "unit", "单位"), "targets.actual": Label("实际完成值", "actual value"),
    "targets.actual_unit": Label("实际完成值单位", "unit of the actual value"),
    "targets.value_text": Label("年度指标值（原文）", "target value as written"),
    "targets.actual_text": Label("实际完成值（原文）", "actual value as written"),
    "targets.deviation_reason": Label("偏差原因分析及改进措施", "deviation reason and remedy"),
    "targets.evidence": Label("佐证材料", "evidence"),
    **_under("indicators", _INDICATOR),
    "stated": Label("报告所填", "as stated in the report"), "stated.total": Label("自评得分", "self-evaluation score"),
    "stated.grade": Label("评价等级", "grade", "等级"),
    # the funds row of the 自评表 prints its own rate column as 执行率 (the row names the budget)
    "stated.execution_rate": Label("预算执行率", "budget execution rate", "执行率"),
    "stated.procurement_execution_rate": Label("政府采购执行率", "procurement execution rate"),
    "stated.execution_score": Label("预算执行率得分", "execution-rate score"),
    "stated.weight_total": Label("分值合计", "total weight"), "stated.subtotals": Label("小计", "subtotals"),
    "narrative": Label("报告正文", "report text"), "narrative.background": Label("项目背景", "background"),
    # the 自评表 prints 年度总体目标 as a row whose two columns are 预期目标 | 实际完成情况
    "narrative.goal": Label("年度总体目标", "overall annual goal", "预期目标"),
    "narrative.achievement": Label("实际完成情况", "what was achieved"),
    "narrative.conclusion": Label("评价结论", "conclusion"),
    "narrative.analysis": Label("绩效评价指标分析", "indicator analysis"), **_under("narrative.analysis", _SECTION),
    "narrative.experiences": Label("主要经验及做法", "experiences"),
    "narrative.problems": Label("存在问题", "problems"), "narrative.problems.text": Label("问题", "problem"),
    "narrative.problems.cause": Label("原因分析", "cause"), "narrative.measures": Label("整改措施", "measures"),
    "narrative.suggestions": Label("有关建议", "suggestions"),
    "narrative.sections": Label("原文各部分", "sections as written"), **_under("narrative.sections", _SECTION),
    "evidence": Label("佐证材料", "evidence"), "evidence.name": Label("材料名称", "name"),
    "evidence.kind": Label("材料类型", "kind"), "evidence.supports": Label("支撑指标", "supports"),
    "evidence.file": Label("文件", "file"),
    "read_notes": Label("读取说明", "reading notes"), "read_confidence": Label("读取可信度", "reading confidence"),
}


# the funds row's three money columns, as the 自评表 heads them (年初预算数 | 全年预算数 | 全年执行数)
MONEY_COLUMNS: tuple[str, str, str] = (FIELDS["funding.total.initial"].zh, FIELDS["funding.total.adjusted"].zh,
                                       FIELDS["funding.total.actual"].zh)


def field_key(steps: Iterable[str | int]) -> str:
    """``("targets", 3, "actual")`` → ``targets.actual``: the key of ``FIELDS`` a path's field has."""
    return ".".join(s for s in steps if isinstance(s, str) and s != "children")


def of(key: str) -> Label:
    """The label of a listed key (``"funding.total.initial"``); an unlisted key is a KeyError, so a
    page cannot name a field the table does not know."""
    return FIELDS[key]


def label(steps: Iterable[str | int]) -> Label | None:
    """The field's label, or None for a key the file names itself (a 小计's indicator, a path)."""
    return FIELDS.get(field_key(steps))


def zh(steps: Iterable[str | int]) -> str:
    """The Chinese label of the field at ``steps``; an unlisted key shows as it is written."""
    steps = tuple(steps)
    found = label(steps)
    return found.zh if found is not None else str(steps[-1]) if steps else ""
