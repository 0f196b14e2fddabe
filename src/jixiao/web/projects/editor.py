"""The edit form ⇄ the project document (the ``project_to_dict`` mapping).

The form never builds core objects itself: it overlays the posted fields on the stored
document, and the engine rebuilds and scores the result through the project-file loader.
Every field carries the model path its findings use, so a finding links to the input that fixes it.
The targets and indicators are the 自评表 grid (``grid``).
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field
from typing import Any

from ...core import field_labels as fl
from ...core.money import to_decimal
from ...core.scoring import ScoreCard
from ...io.frameworks import known_names
from .grid import Grid, build_grid
from .grid_apply import GridError, apply_grid, posted_rows
from .prose import apply_prose, prose_fields

# Every label is the field's name in ``core.field_labels`` (as the diff, merge and review pages name it);
# a hint (what to type) is kept apart so the read-only page shows the label alone.
# (key, label, hint): the 表头 fields under ``project``
BASICS = [(key, fl.of(f"project.{key}").zh, hint) for key, hint in (
    ("name", ""), ("year", ""), ("implementing_unit", ""), ("leads", "（逗号分隔）"), ("preparer", ""), ("phone", ""))]
# the funds row's three columns; the 政府采购 row's words are the block's name before each
FUNDING = [(key, fl.of(f"funding.total.{key}").zh) for key in ("initial", "adjusted", "actual")]
PROCUREMENT = {key: fl.of("funding.procurement").zh + fl.of(f"funding.procurement.{key}").zh for key, _ in FUNDING}
# the 年度总体目标 row's two columns: the 自评表's own short words under the row's name
GOAL = [(key, fl.of(f"narrative.{key}").brief, "") for key in ("goal", "achievement")]
NARRATIVE = [("background", fl.of("narrative.background").zh, "（项目概况、资金安排）"),
             ("conclusion", fl.of("narrative.conclusion").zh, "")]
LISTS = [(key, fl.of(f"narrative.{key}").zh, hint) for key, hint in (
    ("experiences", "（每行一条）"), ("problems", "（每行一条，原因用「｜」隔开）"), ("measures", "（每行一条）"),
    ("suggestions", "（每行一条）"))]
# fields the templates lay out themselves, named here so every label comes from the one table
LABELS = {
    "funding.total": fl.of("funding.total").zh, "funding.procurement": fl.of("funding.procurement").zh,
    "funding.adjustments.reason": fl.of("funding.adjustments.reason").zh,
    "funding.adjustments.document": fl.of("funding.adjustments.document").zh,
    "funding.low_execution_reason": fl.of("funding.low_execution_reason").zh,
    "narrative.goal": fl.of("narrative.goal").zh, "narrative": fl.of("narrative").zh, "units": fl.of("units").zh,
    "framework": fl.of("framework").zh, "project.name": fl.of("project.name").zh, "project.year": fl.of("project.year").zh, "stated": fl.of("stated").zh,
    "stated.total": fl.of("stated.total").zh, "stated.grade": fl.of("stated.grade").zh,
    # outside the 报告所填 block (in the funds sheet) the rate is named with its block
    "stated.execution_rate": fl.of("stated").zh + fl.of("stated.execution_rate").zh,
    # the 自评表 grid's columns (the 比较 and 单位 columns take the table's short words)
    **{key: fl.of(key).brief for key in (
        "indicators.name", "targets.comparator", "targets.value", "targets.unit", "targets.actual",
        "indicators.weight", "indicators.score", "targets.deviation_reason", "indicators.explanation",
        "indicators.reason", "indicators.tier")},
}
# what to type, after a label (never part of it)
HINTS = {
    "funding.adjustments.reason": f"（{fl.of('funding.total.adjusted').zh}与{fl.of('funding.total.initial').zh}不同时填写）",
    "funding.adjustments.document": "（文号）", "funding.low_execution_reason": "（及资金去向）",
    "stated.execution_rate": "（%）",
}
# the execution-rate indicator's columns at the end of the funds row: 分值 | 执行率 | 得分
FUNDS_COLUMNS = (fl.of("indicators.weight").zh, fl.of("stated.execution_rate").brief, fl.of("indicators.score").zh)
# a finding whose fix is another field than the one its path names
FIX_FIELDS = {"JX201": "funding.adjustments", "JX204": "funding.low_execution_reason"}


def anchor(path: str) -> str:
    """A stable HTML id for a model path (paths hold Chinese names and brackets)."""
    return "p-" + hashlib.md5(path.encode()).hexdigest()[:10]


def nearest_anchor(path: str, known: dict[str, str], code: str = "") -> str:
    """The element id of the field that fixes a finding: its own, else its nearest rendered parent's."""
    probe = FIX_FIELDS.get(code, path) if FIX_FIELDS.get(code, "") in known else path
    while probe:
        if probe in known:
            return known[probe]
        cut = max(probe.rfind("."), probe.rfind("["), probe.rfind("/"))
        if cut <= 0:
            break
        probe = probe[:cut]
    return known.get(probe, "")


@dataclass
class FieldError:
    field: str
    zh: str
    en: str

    def __str__(self) -> str:
        return self.zh


@dataclass
class Form:
    """What the template needs: rows of (name, label, value, id), the grid and the known anchors."""

    basics: list[dict[str, str]] = field(default_factory=list)
    funding: list[dict[str, str]] = field(default_factory=list)
    procurement: list[dict[str, str]] = field(default_factory=list)
    goal: list[dict[str, str]] = field(default_factory=list)
    narrative: list[dict[str, str]] = field(default_factory=list)
    lists: list[dict[str, str]] = field(default_factory=list)
    prose: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)
    grid: Grid = field(default_factory=lambda: Grid("selfeval", [], None))
    paths: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=lambda: dict(LABELS))
    hints: dict[str, str] = field(default_factory=lambda: dict(HINTS))
    funds_columns: tuple[str, ...] = FUNDS_COLUMNS

    def add(self, path: str, element: str = "") -> str:
        self.paths[path] = element or anchor(path)
        return self.paths[path]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "，".join(str(v) for v in value)
    return str(value)


def _adjustment(fund: dict[str, Any]) -> dict[str, Any]:
    return next((a for a in fund.get("adjustments", []) if a.get("applies_to", "total") == "total"), {})


def build_form(document: dict[str, Any], card: ScoreCard | None, post: Any = None) -> Form:
    """The form's fields from the document (or, after a refused save, from what was posted)."""
    def val(name: str, stored: Any) -> str:
        return str(post.get(name, "")) if post is not None else _text(stored)

    head = document.get("project", {})
    fund = document.get("funding", {})
    form = Form()
    for key in ("funding", "targets", "indicators", "stated", "narrative", "name", "year", "department"):
        form.add(key)
    for key, label, hint in BASICS:
        form.basics.append({"name": key, "label": label, "hint": hint, "value": val(key, head.get(key)),
                            "id": form.add(key) if key in form.paths else form.add(f"project.{key}")})
    form.extra["framework"] = val("framework", document.get("framework"))
    for key, label in FUNDING:
        form.funding.append({"name": f"funding.{key}", "label": label, "id": form.add(f"funding.total.{key}"),
                             "value": val(f"funding.{key}", fund.get(key))})
        form.procurement.append({"name": f"procurement.{key}", "label": PROCUREMENT[key],
                                 "id": form.add(f"funding.procurement.{key}"),
                                 "value": val(f"procurement.{key}", fund.get("procurement", {}).get(key))})
    adjustment = _adjustment(fund)
    for key in ("reason", "document"):
        form.extra[f"adjustment.{key}"] = val(f"adjustment.{key}", adjustment.get(key))
    form.extra["adjustment.id"] = form.add("funding.adjustments")
    form.extra["low_execution_reason"] = val("low_execution_reason", fund.get("low_execution_reason"))
    form.extra["low_execution_reason.id"] = form.add("funding.low_execution_reason")
    stated = document.get("stated", {})
    for key in ("total", "grade", "execution_rate"):
        form.extra[f"stated.{key}"] = val(f"stated.{key}", stated.get(key))
        form.extra[f"stated.{key}.id"] = form.add(f"stated.{key}")
    form.grid = build_grid(card)
    for number, row in enumerate(form.grid.rows()):
        row.values["id"] = anchor(row.anchor_paths[0]) if row.anchor_paths else f"row-{number}"
        for path in row.anchor_paths:
            form.add(path, row.values["id"])
    if form.grid.execution is not None:
        form.add(form.grid.execution.path, form.paths["funding"])
    narrative = document.get("narrative", {})
    for group, pairs in ((form.goal, GOAL), (form.narrative, NARRATIVE)):
        for key, label, hint in pairs:
            group.append({"name": f"n.{key}", "label": label, "hint": hint, "id": form.add(f"narrative.{key}"),
                          "value": val(f"n.{key}", narrative.get(key))})
    for key, label, hint in LISTS:
        items = narrative.get(key, [])
        lines = [f"{p['text']}｜{p['cause']}" if isinstance(p, dict) else str(p) for p in items]
        form.lists.append({"name": f"n.{key}", "label": label, "hint": hint, "id": form.add(f"narrative.{key}"),
                           "value": val(f"n.{key}", "\n".join(lines))})
    form.prose = prose_fields(document, post, form.add)
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


def apply_form(document: dict[str, Any], post: Any, card: ScoreCard | None) -> tuple[dict[str, Any], list[FieldError]]:
    """A new document: the stored one with every posted field applied."""
    doc = copy.deepcopy(document)
    r = _Reader(post)
    head = doc.setdefault("project", {})
    for key, label, _ in BASICS:
        if key == "year":
            year = r.number("year", label)
            if year is not None and not (1990 <= int(float(year)) <= 2100 and "." not in year):
                r.errors.append(FieldError("year", f"{LABELS['project.year']}无效：{year}", f"invalid year: {year}"))
                year = None
            _set(head, "year", int(year) if year else None)
        elif key == "leads":
            leads = [x.strip() for x in r.text("leads").replace(",", "，").replace("、", "，").split("，")]
            _set(head, "leads", [x for x in leads if x])
        else:
            _set(head, key, r.text(key))
    if not head.get("name"):
        r.errors.append(FieldError("name", f"{LABELS['project.name']}不能为空", "the project name is required"))
        head["name"] = document.get("project", {}).get("name", "")
    framework = r.text("framework")
    _set(doc, "framework", framework if framework in known_names() else None)

    fund = doc.setdefault("funding", {})
    proc = fund.setdefault("procurement", {})
    for key, label in FUNDING:
        _set(fund, key, r.number(f"funding.{key}", label))
        _set(proc, key, r.number(f"procurement.{key}", PROCUREMENT[key]))
    _set(fund, "low_execution_reason", r.text("low_execution_reason"))
    _apply_adjustment(fund, r)
    stated = doc.setdefault("stated", {})
    _set(stated, "total", r.number("stated.total", LABELS["stated.total"]))
    _set(stated, "grade", r.text("stated.grade"))
    _set(stated, "execution_rate", r.number("stated.execution_rate", LABELS["stated.execution_rate"]))
    if "r-g" in post or "grid" in post:
        try:
            problems = apply_grid(doc, posted_rows(post), build_grid(card))
        except GridError as exc:
            problems = [(exc.zh, exc.en)]
        r.errors += [FieldError("grid", zh, en) for zh, en in problems]
    if not doc.get("indicators"):
        doc.pop("indicators", None)
    narrative = doc.setdefault("narrative", {})
    for key, _, _ in (*GOAL, *NARRATIVE):
        _set(narrative, key, r.text(f"n.{key}"))
    for key, _, _ in LISTS:
        lines = [ln.strip() for ln in r.text(f"n.{key}").splitlines() if ln.strip()]
        if key == "problems":
            items: list[Any] = []
            for ln in lines:
                text, _, cause = ln.partition("｜")
                items.append({"text": text.strip(), "cause": cause.strip()} if cause.strip() else text.strip())
            _set(narrative, key, items)
        else:
            _set(narrative, key, lines)
    apply_prose(doc, post)
    for key in ("funding", "stated", "narrative"):
        if key == "funding" and not proc:
            fund.pop("procurement", None)
        if not doc.get(key):
            doc.pop(key, None)
    if not doc.get("targets"):
        doc.pop("targets", None)
    return doc, r.errors


def _apply_adjustment(fund: dict[str, Any], r: _Reader) -> None:
    """The reason (and document) for 全年预算数 ≠ 年初预算数, kept on the first total adjustment."""
    reason, paper = r.text("adjustment.reason"), r.text("adjustment.document")
    adjustments: list[dict[str, Any]] = fund.setdefault("adjustments", [])
    current = _adjustment(fund)
    if not current:
        if not (reason or paper):
            if not adjustments:
                fund.pop("adjustments")
            return
        adjustments.insert(0, current)
    _set(current, "reason", reason)
    _set(current, "document", paper)
    if not set(current) - {"applies_to"}:
        adjustments.remove(current)
    if not adjustments:
        fund.pop("adjustments")
