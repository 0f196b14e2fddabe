"""What changed between two revisions: both documents flattened to fields, compared.

Each field carries a machine path (``targets[t1].actual``) and the label people read
(绩效指标「培训人次」· 实际完成值). Labels are built while walking the document, never by
parsing a path, so a name holding "." or "/" cannot garble them. A changed string also
says which characters changed, for highlighting inside it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from ...io.field_labels import in_block

SECTIONS = {"project": "表头", "funding": "资金", "procurement": "政府采购", "stated": "报告所填",
            "narrative": "报告正文", "overview": "概况", "units": "实施单位", "evidence": "佐证材料",
            "targets": "绩效指标", "indicators": "指标", "adjustments": "预算调整", "sources": "资金来源",
            "subtotals": "小计"}
FIELDS = {"name": "名称", "year": "年度", "department": "主管部门", "implementing_unit": "实施单位",
          "leads": "项目负责人", "preparer": "填报人", "phone": "联系电话", "framework": "指标体系",
          "initial": "年初预算数", "adjusted": "全年预算数", "actual": "全年执行数", "amount": "金额",
          "reason": "原因", "document": "文件", "low_execution_reason": "执行率偏低的原因", "purposes": "资金用途",
          "notes": "备注", "total": "自评得分", "grade": "自评等级", "execution_rate": "预算执行率",
          "procurement_execution_rate": "政府采购执行率", "stated_rate": "该行所填执行率", "execution_score": "预算执行率得分",
          "weight_total": "分值合计", "background": "基本情况", "goal": "预期目标", "achievement": "实际完成情况",
          "conclusion": "自评结论", "problems": "存在问题", "measures": "改进措施", "suggestions": "有关建议",
          "experiences": "经验做法", "analysis": "绩效分析", "sections": "原文各部分", "basis": "依据文件",
          "category": "一级类别", "subcategory": "二级类别", "comparator": "比较", "value": "年度指标值",
          "upper": "区间上限", "unit": "单位", "actual_unit": "实际值单位", "value_text": "年度指标值（文字）",
          "actual_text": "实际完成值（文字）", "deviation_reason": "偏差原因分析及改进措施", "weight": "分值",
          "score": "得分", "tier": "完成档位", "target": "关联绩效指标", "explanation": "指标解释",
          "applicable": "是否适用", "open": "可自设指标", "title": "标题", "number": "文号", "text": "内容",
          "cause": "原因", "heading": "标题", "duties": "职责", "kind": "类型", "supports": "支撑",
          "file": "文件", "record": "记录类型", "jixiao": "文件版本", "money_unit": "金额单位",
          "read_notes": "读取说明", "id": "编号", "rule": "计分规则", "deductions": "扣分"}
# inside targets a name is the indicator's (its "actual", 实际完成值, comes from io.field_labels)
TARGET_FIELDS = {**FIELDS, "name": "指标名称"}
MAX_HIGHLIGHT = 4000
WORDS = {"range": "区间", "≥": "≥（不低于）", "≤": "≤（不高于）", "=": "＝（等于）"}


@dataclass(frozen=True)
class Change:
    path: str
    kind: str          # added / removed / changed
    before: str
    after: str
    where: str = ""
    marks: tuple[tuple[tuple[str, bool], ...], tuple[tuple[str, bool], ...]] = field(default=((), ()))

    @property
    def label(self) -> str:
        return {"added": "新增", "removed": "删除", "changed": "修改"}[self.kind]

    @property
    def before_parts(self) -> tuple[tuple[str, bool], ...]:
        return self.marks[0] or ((self.before, self.kind == "removed"),)

    @property
    def after_parts(self) -> tuple[tuple[str, bool], ...]:
        return self.marks[1] or ((self.after, self.kind == "added"),)


def _key(item: Any, index: int) -> str:
    if isinstance(item, dict):
        for name in ("id", "name", "heading", "title", "text"):
            if item.get(name):
                return f"{item[name]}"
    return str(index)


def _item_label(section: str, item: Any, index: int, trail: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """The readable name of a list item: a target by its name, an indicator by its place in the tree."""
    if isinstance(item, dict) and section in ("indicators", "children") and item.get("name"):
        names = (*trail, str(item["name"]))
        return f"指标「{' › '.join(names)}」", names
    if isinstance(item, dict) and section == "targets":
        return f"绩效指标「{item.get('name') or item.get('id')}」", trail
    title = SECTIONS.get(section, FIELDS.get(section, section))
    if isinstance(item, dict):
        name = item.get("name") or item.get("heading") or item.get("title")
        return (f"{title}「{name}」" if name else f"{title}第{index + 1}项"), trail
    return f"{title}第{index + 1}项", trail


def flatten(value: Any, prefix: str = "") -> dict[str, str]:
    """Leaf values by path; list items keyed by id/name so reordering reads as such, not as noise."""
    return {path: text for path, (_, text) in _walk(value, prefix, "", (), "").items()}


def _walk(value: Any, prefix: str, label: str, trail: tuple[str, ...], section: str) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    labels = TARGET_FIELDS if section == "targets" else FIELDS
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(item, (dict, list)):
                sub = in_block(section, str(key)) or SECTIONS.get(str(key)) or labels.get(str(key), str(key))
                inner = section if key == "children" else str(key)
                heading = label if key == "children" else (f"{label} · {sub}" if label else sub)
                out.update(_walk(item, path, heading, trail, inner))
            else:
                name = in_block(section, str(key)) or labels.get(str(key), str(key))
                text = "" if item is None else str(item)
                shown = WORDS.get(text, text) if key == "comparator" else text
                out[path] = (f"{label} · {name}" if label else name, shown)
    elif isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value):
            out[prefix] = (label, "、".join(str(v) for v in value))
        else:
            for i, item in enumerate(value):
                item_label, item_trail = _item_label(section, item, i, trail)
                base = label if section not in ("targets", "indicators", "children") else ""
                text = f"{base} · {item_label}" if base and section not in ("targets",) else item_label
                out.update(_walk(item, f"{prefix}[{_key(item, i)}]", text, item_trail,
                                 "targets" if section == "targets" else section))
    else:
        out[prefix] = (label, "" if value is None else str(value))
    return out


def _marks(a: str, b: str) -> tuple[tuple[tuple[str, bool], ...], tuple[tuple[str, bool], ...]]:
    """Both strings cut into (text, changed) runs, so the page can highlight inside a string."""
    if len(a) + len(b) > MAX_HIGHLIGHT or _numeric(a) or _numeric(b):
        return ((a, True),), ((b, True),)
    left: list[tuple[str, bool]] = []
    right: list[tuple[str, bool]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if a[i1:i2]:
            left.append((a[i1:i2], op != "equal"))
        if b[j1:j2]:
            right.append((b[j1:j2], op != "equal"))
    return tuple(left), tuple(right)


def _numeric(text: str) -> bool:
    return text.replace(".", "", 1).lstrip("-").isdigit()


def diff_documents(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    a, b = _walk(before, "", "", (), ""), _walk(after, "", "", (), "")
    changes = []
    for path in sorted(set(a) | set(b)):
        where = (b.get(path) or a[path])[0]
        if path not in a:
            changes.append(Change(path, "added", "", b[path][1], where))
        elif path not in b:
            changes.append(Change(path, "removed", a[path][1], "", where))
        elif a[path][1] != b[path][1]:
            changes.append(Change(path, "changed", a[path][1], b[path][1], where, _marks(a[path][1], b[path][1])))
    return changes
