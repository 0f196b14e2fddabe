"""The 复核意见: the checker's findings as their own document, never a section of the report.

A finance-bureau reviewer reads where each problem is in the report's own terms
(参与实施单位「综合部」的职责, 绩效目标「宣传册制作」), not as model paths such as
``units[3].duties``; ``place`` translates those paths using the project's own names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..core import field_labels
from ..core.findings import Finding, sort_findings
from ..core.model import Project
from . import facts
from .outline import Heading, Para, Report, Table
from .tables import Cell, Grid, Row

LEVELS = {"error": "错误", "warning": "警告", "info": "提示"}

_STEP = re.compile(r"^(?P<key>[a-z_]+)(?:\[(?P<index>\d+)\])?$")


def _item_name(project: Project, key: str, index: int) -> str:
    items: Sequence[object] = {
        "units": project.units, "targets": project.targets, "basis": project.basis,
        "sources": project.funding.sources, "analysis": project.narrative.analysis,
    }.get(key, ())
    if index < len(items):
        item = items[index]
        name = getattr(item, "name", "") or getattr(item, "title", "") or getattr(item, "heading", "")
        if name:
            return f"「{facts.tidy(str(name)).rstrip('。')}」"
    return f"第{index + 1}项"


def place(path: str, project: Project) -> str:
    """units[3].duties → 参与实施单位「发展规划部」的职责; funding.total.initial → 项目资金：年度资金总额的
    年初预算数; indicators/a/b.score → 评分表：a—b的得分 (a block's name, then its field).

    Every field is named by ``core.field_labels``, as the diff and merge pages name it.
    """
    if not path:
        return "—"
    if path.startswith("indicators/"):
        names, dot, key = path.removeprefix("indicators/").rpartition(".")
        field = field_labels.label(("indicators", key)) if dot else None
        if field is None:                    # the path names the indicator itself
            names = path.removeprefix("indicators/")
        tail = f"的{field.zh}" if field is not None else ""
        return f"{field_labels.zh(('indicators',))}：{'—'.join(names.split('/'))}{tail}"
    words = []
    keys: list[str] = []
    block = _STEP.match(path.split(".")[0])
    block_first = block is not None and block.group("index") is None and "." in path
    for step in path.split("."):
        m = _STEP.match(step)
        if m is None:                        # stated.subtotals/产出指标: a 小计 by its indicator
            head, _, name = step.partition("/")
            words.append(f"{field_labels.zh((*keys, head))}「{name}」" if name and _STEP.match(head) else step)
            continue
        key, index = m.group("key"), m.group("index")
        keys.append(key)
        label = field_labels.zh(keys)
        words.append(label + (_item_name(project, key, int(index)) if index is not None else ""))
    if block_first and len(words) > 1:       # 项目资金：年度资金总额的年初预算数, as 评分表：… above
        return f"{words[0]}：{'的'.join(words[1:])}"
    return "的".join(words)


def review_grid(findings: Sequence[Finding], project: Project) -> Grid:
    head: Row = [Cell(t, header=True) for t in ("序号", "类别", "问题", "所在位置", "修改建议")]
    body: list[Row] = []
    for i, f in enumerate(sort_findings(findings), 1):
        body.append([Cell(str(i)), Cell(LEVELS.get(f.severity.value, f.severity.value)),
                     Cell(f.message, align="left"), Cell(place(f.path, project), align="left"),
                     Cell(f.hint or "—", align="left")])
    return Grid([head], body, widths=[1, 1.2, 6, 3.2, 4])


def build_review(project: Project, findings: Sequence[Finding], signed: str = "") -> Report:
    """Title, a summary paragraph with the counts by severity, and the table of findings."""
    counts = {level: sum(1 for f in findings if f.severity.value == level) for level in LEVELS}
    blocks: list[Heading | Para | Table] = []
    subject = facts.report_title(project)
    if findings:
        parts = "、".join(f"{LEVELS[k]}{v}项" for k, v in counts.items() if v)
        blocks.append(Para(f"经对《{subject}》进行复核，共发现问题{len(findings)}项，其中{parts}。"
                           "具体问题及修改建议见下表，请核实后修改报告。"))
        blocks.append(Table("复核问题及修改建议", review_grid(findings, project), "findings"))
    else:
        blocks.append(Para(f"经对《{subject}》进行复核，未发现需要修改的问题。"))
    cover = [("被复核报告", subject), ("主管部门", project.department or "—")]
    return Report(subject.replace("绩效自评报告", "绩效自评报告复核意见"), cover, list(blocks),
                  signature=("", signed))


__all__ = ["build_review", "place", "review_grid"]
