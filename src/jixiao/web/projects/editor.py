"""The edit form ⇄ the project document (the ``project_to_dict`` mapping).

The form never builds core objects itself: it overlays the posted fields on the stored
document, and the engine rebuilds and scores the result through the project-file loader.
Every field carries the model path its findings use, so a finding links to its input.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field
from typing import Any

from ...core.framework import iter_nodes
from ...core.model import Comparator, Tier, normalise_name
from ...core.money import to_decimal
from ...core.scoring import ScoreCard, ScoredNode
from ...io.frameworks import builtin_names

COMPARATORS = [c.value for c in Comparator]
TIERS = [t.value for t in Tier]
CATEGORIES = ["产出", "效益", "满意度", "成本"]
LEAF_FIELDS = ("weight", "score", "reason", "target", "tier")
NUMERIC = {"weight", "score", "value", "actual", "initial", "adjusted", "total", "year"}

BASICS = [("name", "项目名称"), ("year", "年度"), ("implementing_unit", "实施单位"),
          ("leads", "项目负责人（逗号分隔）"), ("preparer", "填报人"), ("phone", "联系电话")]
FUNDING = [("initial", "年初预算数"), ("adjusted", "全年预算数"), ("actual", "全年执行数")]
NARRATIVE = [("goal", "年度总体目标"), ("achievement", "实际完成情况"), ("conclusion", "自评结论")]
LISTS = [("problems", "存在问题（每行一条，原因用「｜」隔开）"), ("measures", "改进措施（每行一条）"),
         ("suggestions", "有关建议（每行一条）")]


def anchor(path: str) -> str:
    """A stable HTML id for a model path (paths hold Chinese names and brackets)."""
    return "p-" + hashlib.md5(path.encode()).hexdigest()[:10]


def nearest_anchor(path: str, known: set[str]) -> str:
    """The anchor of the path, or of its nearest rendered parent (``targets[0].actual`` → row)."""
    probe = path
    while probe:
        if probe in known:
            return anchor(probe)
        cut = max(probe.rfind("."), probe.rfind("["), probe.rfind("/"))
        if cut <= 0:
            break
        probe = probe[:cut]
    return anchor(probe) if probe in known else ""


@dataclass
class FieldError:
    field: str
    zh: str
    en: str

    def __str__(self) -> str:
        return f"{self.zh} / {self.en}"


@dataclass
class Form:
    """What the template needs: rows of (name, label, value, anchor) and the known anchors."""

    basics: list[dict[str, str]] = field(default_factory=list)
    funding: list[dict[str, str]] = field(default_factory=list)
    procurement: list[dict[str, str]] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    narrative: list[dict[str, str]] = field(default_factory=list)
    lists: list[dict[str, str]] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)
    parents: list[str] = field(default_factory=list)
    paths: set[str] = field(default_factory=set)
    ids: dict[str, str] = field(default_factory=dict)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "，".join(str(v) for v in value)
    return str(value)


def build_form(document: dict[str, Any], card: ScoreCard | None, post: Any = None) -> Form:
    """The form's rows from the document (or, after a refused save, from what was posted)."""
    def val(name: str, stored: Any) -> str:
        return str(post.get(name, "")) if post is not None else _text(stored)

    head = document.get("project", {})
    fund = document.get("funding", {})
    form = Form()
    sections = ("funding", "targets", "indicators", "stated", "narrative", "funding.low_execution_reason")
    form.ids = {k.replace(".", "_"): anchor(k) for k in sections}
    form.paths = {"name", "year", *sections}
    for key, label in BASICS:
        form.basics.append({"name": key, "label": label, "value": val(key, head.get(key)), "id": anchor(key)})
    form.extra["framework"] = val("framework", document.get("framework"))
    for key, label in FUNDING:
        path = f"funding.total.{key}"
        form.paths.add(path)
        form.funding.append({"name": f"funding.{key}", "label": label, "id": anchor(path),
                             "value": val(f"funding.{key}", fund.get(key))})
        ppath = f"funding.procurement.{key}"
        form.paths.add(ppath)
        form.procurement.append({"name": f"procurement.{key}", "label": label, "id": anchor(ppath),
                                 "value": val(f"procurement.{key}", fund.get("procurement", {}).get(key))})
    form.extra["low_execution_reason"] = val("low_execution_reason", fund.get("low_execution_reason"))
    stated = document.get("stated", {})
    form.extra["stated.total"] = val("stated.total", stated.get("total"))
    form.extra["stated.grade"] = val("stated.grade", stated.get("grade"))
    form.extra["stated.total.id"] = anchor("stated.total")
    form.paths.add("stated.total")

    targets = [*document.get("targets", []), {}]
    for i, t in enumerate(targets):
        form.paths |= {f"targets[{i}]"}
        row: dict[str, Any] = {k: val(f"t-{i}-{k}", t.get(k)) for k in
               ("id", "name", "category", "subcategory", "comparator", "value", "unit", "actual",
                "actual_text", "deviation_reason")}
        row.update(index=i, id_anchor=anchor(f"targets[{i}]"), new=not t)
        form.targets.append(row)

    if card is not None:
        leaf_index = 0
        for node in card.nodes():
            form.paths.add(node.path)
            row = {"path": node.path, "name": node.name, "level": node.level,
                   "anchor": anchor(node.path), "node": node, "leaf": node.is_leaf}
            if node.is_leaf:
                ind = node.indicator
                stored = {"weight": ind.weight, "score": ind.score, "reason": ind.reason,
                          "target": ind.target, "tier": ind.tier.value if ind.tier else None}
                row.update({k: val(f"i-{leaf_index}-{k}", stored[k]) for k in LEAF_FIELDS})
                row["index"] = leaf_index
                leaf_index += 1
                if ind.open:           # a framework category open to the project's own indicators
                    form.parents.append(node.path)
            else:
                form.parents.append(node.path)
            form.indicators.append(row)
        form.extra["i-count"] = str(leaf_index)
        # open categories the project has not used yet are not in the scored tree; offer them too
        for path, slot in iter_nodes(card.framework.indicators, "indicators"):
            if slot.open and path not in form.parents:
                form.parents.append(path)
    narrative = document.get("narrative", {})
    for key, label in NARRATIVE:
        form.paths.add(f"narrative.{key}")
        form.narrative.append({"name": f"n.{key}", "label": label, "id": anchor(f"narrative.{key}"),
                               "value": val(f"n.{key}", narrative.get(key))})
    for key, label in LISTS:
        items = narrative.get(key, [])
        lines = [f"{p['text']}｜{p['cause']}" if isinstance(p, dict) else str(p) for p in items]
        form.paths.add(f"narrative.{key}")
        form.lists.append({"name": f"n.{key}", "label": label, "id": anchor(f"narrative.{key}"),
                           "value": val(f"n.{key}", "\n".join(lines))})
    return form


class _Reader:
    """Reads posted fields into document values, collecting bilingual errors."""

    def __init__(self, post: Any) -> None:
        self.post = post
        self.errors: list[FieldError] = []

    def text(self, name: str) -> str:
        return str(self.post.get(name, "")).strip()

    def number(self, name: str, label: str) -> str | None:
        raw = self.text(name)
        if not raw:
            return None
        value = to_decimal(raw.rstrip("%％"))
        if value is None:
            self.errors.append(FieldError(name, f"「{label}」应为数字：{raw}", f"'{label}' must be a number: {raw}"))
            return None
        return format(value, "f")


def _set(mapping: dict[str, Any], key: str, value: Any) -> None:
    if value in (None, "", []):
        mapping.pop(key, None)
    else:
        mapping[key] = value


def _find_or_make(nodes: list[dict[str, Any]], segments: list[str], create: bool) -> dict[str, Any] | None:
    """The document node at an indicator path, optionally creating the missing nodes by name."""
    node: dict[str, Any] | None = None
    level = nodes
    for depth, seg in enumerate(segments):
        node = next((n for n in level if normalise_name(n.get("name", "")) == normalise_name(seg)), None)
        if node is None:
            if not create:
                return None
            node = {"name": seg}
            level.append(node)
        if depth < len(segments) - 1:
            if "children" not in node:
                if not create:
                    return None
                node["children"] = []
            level = node["children"]
    return node


def _segments(path: str) -> list[str]:
    return path.split("/")[1:] if path.startswith("indicators/") else []


def apply_form(document: dict[str, Any], post: Any, card: ScoreCard | None) -> tuple[dict[str, Any], list[FieldError]]:
    """A new document: the stored one with every posted field applied."""
    doc = copy.deepcopy(document)
    r = _Reader(post)
    head = doc.setdefault("project", {})
    for key, label in BASICS:
        if key == "year":
            year = r.number("year", label)
            if year is not None and not (1990 <= int(float(year)) <= 2100 and "." not in year):
                r.errors.append(FieldError("year", f"年度无效：{year}", f"invalid year: {year}"))
                year = None
            _set(head, "year", int(year) if year else None)
        elif key == "leads":
            leads = [x.strip() for x in r.text("leads").replace(",", "，").replace("、", "，").split("，")]
            _set(head, "leads", [x for x in leads if x])
        else:
            _set(head, key, r.text(key))
    if not head.get("name"):
        r.errors.append(FieldError("name", "项目名称不能为空", "the project name is required"))
        head["name"] = document.get("project", {}).get("name", "")
    framework = r.text("framework")
    _set(doc, "framework", framework if framework in builtin_names() else None)

    fund = doc.setdefault("funding", {})
    proc = fund.setdefault("procurement", {})
    for key, label in FUNDING:
        _set(fund, key, r.number(f"funding.{key}", label))
        _set(proc, key, r.number(f"procurement.{key}", f"政府采购{label}"))
    _set(fund, "low_execution_reason", r.text("low_execution_reason"))
    stated = doc.setdefault("stated", {})
    _set(stated, "total", r.number("stated.total", "自评得分"))
    _set(stated, "grade", r.text("stated.grade"))

    doc["targets"] = _targets(r, len(document.get("targets", [])) + 1)
    _indicators(doc, r, card)
    narrative = doc.setdefault("narrative", {})
    for key, _ in NARRATIVE:
        _set(narrative, key, r.text(f"n.{key}"))
    for key, _ in LISTS:
        lines = [ln.strip() for ln in r.text(f"n.{key}").splitlines() if ln.strip()]
        if key == "problems":
            items: list[Any] = []
            for ln in lines:
                text, _, cause = ln.partition("｜")
                items.append({"text": text.strip(), "cause": cause.strip()} if cause.strip() else text.strip())
            _set(narrative, key, items)
        else:
            _set(narrative, key, lines)
    for key in ("funding", "stated", "narrative"):
        if key == "funding" and not proc:
            fund.pop("procurement", None)
        if not doc.get(key):
            doc.pop(key, None)
    if not doc.get("targets"):
        doc.pop("targets", None)
    return doc, r.errors


def _targets(r: _Reader, count: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i in range(count):
        p = f"t-{i}-"
        if r.text(p + "delete") or not (r.text(p + "name") or r.text(p + "id")):
            continue
        name = r.text(p + "name")
        tid = r.text(p + "id") or f"t{i + 1}"
        if not name:
            r.errors.append(FieldError(p + "name", f"绩效目标「{tid}」缺少名称", f"target '{tid}' has no name"))
            continue
        if tid in seen:
            r.errors.append(FieldError(p + "id", f"绩效目标编号「{tid}」重复", f"duplicate target id '{tid}'"))
        seen.add(tid)
        comparator = r.text(p + "comparator") or "="
        if comparator not in COMPARATORS:
            comparator = "="
        row: dict[str, Any] = {"id": tid, "name": name, "comparator": comparator}
        for key in ("category", "subcategory", "unit", "actual_text", "deviation_reason"):
            _set(row, key, r.text(p + key))
        _set(row, "value", r.number(p + "value", f"{name}·指标值"))
        _set(row, "actual", r.number(p + "actual", f"{name}·实际完成值"))
        out.append(row)
    return out


def _indicators(doc: dict[str, Any], r: _Reader, card: ScoreCard | None) -> None:
    tree: list[dict[str, Any]] = doc.setdefault("indicators", [])
    leaves: list[ScoredNode] = list(card.leaves()) if card else []
    for i, node in enumerate(leaves):
        p = f"i-{i}-"
        if r.text(p + "path") != node.path:
            continue          # the page was rendered from another tree; leave this leaf alone
        values: dict[str, Any] = {
            "weight": r.number(p + "weight", f"{node.name}·分值"),
            "score": r.number(p + "score", f"{node.name}·得分"),
            "reason": r.text(p + "reason"),
            "target": r.text(p + "target") or None,
            "tier": r.text(p + "tier") if r.text(p + "tier") in TIERS else None,
        }
        segments = _segments(node.path)
        if r.text(p + "delete"):
            _remove(tree, segments)
            continue
        ind = node.indicator
        current = {"weight": _plain(ind.weight), "score": _plain(ind.score), "reason": ind.reason or "",
                   "target": ind.target, "tier": ind.tier.value if ind.tier else None}
        existing = _find_or_make(tree, segments, create=False)
        changed = any((values[k] or None) != (current[k] or None) for k in LEAF_FIELDS)
        if existing is None and not changed:
            continue
        target = existing if existing is not None else _find_or_make(tree, segments, create=True)
        assert target is not None
        for key in LEAF_FIELDS:
            _set(target, key, values[key])
    name = r.text("new-name")
    parent = r.text("new-parent")
    if name and parent.startswith("indicators"):
        segments = [*_segments(parent), name]
        node_dict = _find_or_make(tree, segments, create=True)
        assert node_dict is not None
        _set(node_dict, "weight", r.number("new-weight", f"{name}·分值"))
        _set(node_dict, "target", r.text("new-target") or None)
    if not tree:
        doc.pop("indicators", None)


def _plain(value: Any) -> str | None:
    return None if value is None else format(value, "f")


def _remove(tree: list[dict[str, Any]], segments: list[str]) -> None:
    level = tree
    for seg in segments[:-1]:
        node = next((n for n in level if normalise_name(n.get("name", "")) == normalise_name(seg)), None)
        if node is None:
            return
        level = node.get("children", [])
    level[:] = [n for n in level if normalise_name(n.get("name", "")) != normalise_name(segments[-1])]
