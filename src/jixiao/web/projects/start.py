"""Start a year's 自评 from what was declared: a 绩效目标申报表 or last year's project.

The targets (名称, 指标值, 单位), their 一级/二级 places and 分值 are carried over; every fact of
the past year (实际完成值, 得分, 偏差原因, 执行数, the report's prose) is left out, so the preparer
types only what happened this year. A declared target no indicator uses yet is put under the
framework's category that matches its 一级/二级 (产出 / 数量 → 产出指标 / 数量指标).
"""

from __future__ import annotations

from typing import Any

from ...core.model import Indicator, normalise_name
from ...io.frameworks import known_names, resolve_framework

PROJECT_KEYS = ("name", "department", "implementing_unit", "leads", "preparer", "phone", "kind")
TARGET_KEYS = ("id", "name", "category", "subcategory", "comparator", "value", "upper", "unit")
INDICATOR_KEYS = ("name", "weight", "target", "explanation", "rule", "open", "applicable")


def _indicator(node: dict[str, Any]) -> dict[str, Any]:
    out = {k: node[k] for k in INDICATOR_KEYS if node.get(k) not in (None, "", [])}
    if node.get("children"):
        out["children"] = [_indicator(c) for c in node["children"]]
    return out


def _target(t: dict[str, Any]) -> dict[str, Any]:
    out = {k: t[k] for k in TARGET_KEYS if t.get(k) not in (None, "", [])}
    if t.get("value_text") and (t.get("value") is None or t.get("comparator") == "定性"):
        out["value_text"] = t["value_text"]      # a qualitative target's 指标值 is its text
    return out


def _used_targets(nodes: list[dict[str, Any]]) -> set[str]:
    used: set[str] = set()
    for n in nodes:
        if n.get("target"):
            used.add(str(n["target"]))
        used |= _used_targets(n.get("children", []))
    return used


def _slot(frames: tuple[Indicator, ...], category: str, subcategory: str) -> tuple[str, ...] | None:
    """The framework's open category for a target's 一级/二级 (names compared without 指标)."""
    def bare(name: str) -> str:
        return normalise_name(name).removesuffix("指标")
    for top in frames:
        if bare(top.name) != bare(category):
            continue
        for sub in top.children:
            if sub.open and bare(sub.name) == bare(subcategory):
                return (top.name, sub.name)
    return None


def _place(tree: list[dict[str, Any]], names: tuple[str, ...], leaf: dict[str, Any]) -> None:
    level = tree
    for name in names:
        node = next((n for n in level if normalise_name(str(n.get("name", ""))) == normalise_name(name)), None)
        if node is None:
            node = {"name": name}
            level.append(node)
        level = node.setdefault("children", [])
    level.append(leaf)


def declared(document: dict[str, Any], year: int | None, framework: str | None,
             keep_budget: bool) -> dict[str, Any]:
    """A new draft document holding only the declared part of ``document``."""
    head = document.get("project", {})
    framework = framework or document.get("framework")
    if framework not in known_names():
        framework = None             # a framework path in a file is never read on the uploader's behalf
    doc: dict[str, Any] = {"jixiao": 1, "framework": framework,
                           "project": {k: head[k] for k in PROJECT_KEYS if head.get(k)}}
    if year is not None:
        doc["project"]["year"] = year
    for key in ("overview", "units"):
        if document.get(key):
            doc[key] = document[key]
    fund = document.get("funding", {})
    if keep_budget and fund.get("initial") is not None:
        doc["funding"] = {"initial": fund["initial"]}
    targets = [_target(t) for t in document.get("targets", []) if t.get("id") and t.get("name")]
    tree = [_indicator(n) for n in document.get("indicators", [])]
    if doc["framework"]:
        fw, _ = resolve_framework(str(doc["framework"]))
        used = _used_targets(tree)
        for t in targets:
            names = _slot(fw.indicators, t.get("category", ""), t.get("subcategory", "")) if fw else None
            if names is not None and t["id"] not in used:
                _place(tree, names, {"name": t["name"], "target": t["id"]})
    if targets:
        doc["targets"] = targets
    if tree:
        doc["indicators"] = tree
    goal = document.get("narrative", {}).get("goal")
    if goal:
        doc["narrative"] = {"goal": goal}
    return doc
