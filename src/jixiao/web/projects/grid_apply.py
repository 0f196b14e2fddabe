"""A posted 自评表 grid applied to the project document.

Rows arrive in page order, each naming its group by number; the group's names come from
the grid the user saw (``grid.build_grid``), so the document is walked by structure and a
name is never split. An open group's leaves are rewritten in the posted order (added,
removed and moved rows in one save); a fixed framework leaf takes its 分值, 得分 and 扣分原因.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from ...core.model import Comparator, normalise_name
from ...core.money import to_decimal
from .grid import COMPARATOR_LABELS, MAX_ROWS, RANGE_MARKS, ROW_FIELDS, TIERS, Grid, Group


class GridError(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


def posted_rows(post: Any) -> list[dict[str, str]]:
    """The posted rows in page order; every row posts every column, so the lists align."""
    columns = {f: [str(v) for v in post.getlist(f"r-{f}")] for f in ROW_FIELDS}
    count = len(columns["g"])
    if any(len(v) != count for v in columns.values()):
        raise GridError("表格数据不完整，请刷新页面后重试", "the grid was posted incomplete; reload the page")
    if count > MAX_ROWS:
        raise GridError(f"指标行数超过上限{MAX_ROWS}", f"more than {MAX_ROWS} indicator rows")
    return [{f: columns[f][i].strip() for f in ROW_FIELDS} for i in range(count)]


def _node_at(tree: list[dict[str, Any]], names: tuple[str, ...], create: bool) -> dict[str, Any] | None:
    """The document node reached by following names from the root, level by level."""
    level, node = tree, None
    for depth, name in enumerate(names):
        node = next((n for n in level if normalise_name(str(n.get("name", ""))) == normalise_name(name)), None)
        if node is None:
            if not create:
                return None
            node = {"name": name}
            level.append(node)
        if depth < len(names) - 1:
            level = node.setdefault("children", [])
    return node


def _bare(name: str) -> str:
    return normalise_name(name).removesuffix("指标")


def _set(mapping: dict[str, Any], key: str, value: Any) -> None:
    if value in (None, "", []):
        mapping.pop(key, None)
    else:
        mapping[key] = value


def _number(text: str, label: str, errors: list[tuple[str, str]]) -> str | None:
    if not text:
        return None
    value = to_decimal(text.rstrip("%％").replace(",", ""))
    if value is None:
        errors.append((f"「{label}」应为数字：{text}", f"'{label}' must be a number: {text}"))
        return None
    return format(value, "f")


_PREFIXES = (("≥", "≥"), (">=", "≥"), ("＞＝", "≥"), ("不低于", "≥"), ("大于等于", "≥"), ("≤", "≤"), ("<=", "≤"),
             ("＜＝", "≤"), ("不高于", "≤"), ("不超过", "≤"), ("小于等于", "≤"), ("＝", "="), ("=", "="))
_NUMBER_UNIT = re.compile(r"^([-+]?\d[\d,]*(?:\.\d+)?)\s*(\S{0,8})$")


def split_value(text: str, comparator: str, unit: str) -> tuple[str, str, str]:
    """「≥95%」as typed or pasted from a 申报表 cell: comparator ≥, value 95, unit % (blank parts kept)."""
    text = text.strip()
    for prefix, symbol in _PREFIXES:
        if text.startswith(prefix):
            text, comparator = text[len(prefix):].strip(), symbol
            break
    match = _NUMBER_UNIT.match(text)
    if match and comparator != Comparator.QUALITATIVE.value and match.group(2) and not any(
            m in match.group(2) for m in RANGE_MARKS):
        text, unit = match.group(1), unit or match.group(2)
    return text, comparator, unit


def _target(row: dict[str, str], old: dict[str, Any], tid: str, group: Group,
            errors: list[tuple[str, str]]) -> dict[str, Any]:
    t = {k: v for k, v in old.items() if k not in ("value", "upper", "value_text", "actual", "actual_text")}
    t.update(id=tid, name=row["n"])
    comparator = row["c"] if row["c"] in COMPARATOR_LABELS else Comparator.GE.value
    value, comparator, unit = split_value(row["v"], comparator, row["u"])
    actual, _, actual_unit = split_value(row["a"], comparator, unit)
    row = {**row, "v": value, "u": unit, "a": actual if actual_unit == unit else row["a"]}
    t["comparator"] = comparator
    if not t.get("category") and group.level >= 2:
        t["category"] = _bare(group.names[-2])
    if not t.get("subcategory") and group.level >= 1:
        t["subcategory"] = _bare(group.names[-1])
    value, label = row["v"], f"{row['n']}·年度指标值"
    if comparator == Comparator.QUALITATIVE.value:
        _set(t, "value_text", value)
    elif comparator == Comparator.RANGE.value:
        mark = next((m for m in RANGE_MARKS if m in value), None)
        low, _, high = value.partition(mark) if mark else (value, "", "")
        _set(t, "value", _number(low.strip(), label, errors))
        _set(t, "upper", _number(high.strip(), label, errors))
    else:
        number = to_decimal(value.rstrip("%％").replace(",", "")) if value else None
        _set(t, "value", format(number, "f") if number is not None else None)
        if number is None:
            _set(t, "value_text", value)
    done = to_decimal(row["a"].rstrip("%％").replace(",", "")) if row["a"] else None
    if done is not None and comparator != Comparator.QUALITATIVE.value:
        t["actual"] = format(done, "f")
    else:
        _set(t, "actual_text", row["a"])
    _set(t, "unit", row["u"])
    _set(t, "deviation_reason", row["r"])
    return t


def _fresh_id(taken: set[str]) -> str:
    n = 1
    while f"t{n}" in taken:
        n += 1
    taken.add(f"t{n}")
    return f"t{n}"


def apply_grid(doc: dict[str, Any], rows: list[dict[str, str]], base: Grid) -> list[tuple[str, str]]:
    """Rewrite ``doc``'s indicators and targets from the posted rows; returns (zh, en) errors."""
    errors: list[tuple[str, str]] = []
    tree: list[dict[str, Any]] = doc.setdefault("indicators", [])
    old_targets: list[dict[str, Any]] = list(doc.get("targets", []))
    by_id = {str(t.get("id")): t for t in old_targets}
    shown = {r.values["tid"] for r in base.rows() if r.values["tid"]}
    taken = set(by_id)
    placed: list[dict[str, Any]] = []
    used: set[str] = set()
    groups = {str(g.key): g for g in base.all_groups()}
    if any(row["g"] not in groups for row in rows):
        raise GridError("表格与当前指标体系不一致，请刷新页面后重试",
                        "the grid does not match the project's framework; reload the page")
    for g in base.all_groups():
        posted = [r for r in rows if r["g"] == str(g.key)]
        if g.kind == "targets":
            _apply_targets(g, posted, by_id, used, taken, placed, errors)
        elif g.open:
            _apply_open(tree, g, posted, base.mode, by_id, used, taken, placed, errors)
        else:
            _apply_fixed(tree, g, posted, errors)
    kept = [t for t in old_targets if str(t.get("id")) not in shown and str(t.get("id")) not in used]
    _set(doc, "targets", placed + kept)
    _prune(tree)
    if not tree:
        doc.pop("indicators", None)
    return errors


def _blank(row: dict[str, str]) -> bool:
    return not any(row[k] for k in ("n", "v", "a", "w", "s", "r"))


def _apply_open(tree: list[dict[str, Any]], g: Group, posted: list[dict[str, str]], mode: str,
                by_id: dict[str, dict[str, Any]], used: set[str], taken: set[str],
                placed: list[dict[str, Any]], errors: list[tuple[str, str]]) -> None:
    node = _node_at(tree, g.names, create=bool(posted)) if g.names else None
    if node is None and g.names:
        return
    siblings = node.setdefault("children", []) if node is not None else tree
    old = {normalise_name(str(c.get("name", ""))): c for c in siblings if not c.get("children")}
    inner = [c for c in siblings if c.get("children")]
    leaves: list[dict[str, Any]] = []
    names: set[str] = set()
    for row in posted:
        if row["k"] == "fixed":
            row = {**row, "n": row["o"]}
        if _blank(row):
            continue
        if not row["n"]:
            errors.append((f"「{g.title}」下有一行缺少指标名称", f"a row under '{g.title}' has no indicator name"))
            continue
        if normalise_name(row["n"]) in names:
            errors.append((f"「{g.title}」下指标名称「{row['n']}」重复", f"duplicate indicator '{row['n']}'"))
            continue
        names.add(normalise_name(row["n"]))
        leaf = copy.deepcopy(old.get(normalise_name(row["o"]), {})) if row["o"] else {}
        leaf.pop("children", None)
        leaf["name"] = row["n"]
        _set(leaf, "weight", _number(row["w"], f"{row['n']}·分值", errors))
        _set(leaf, "score", _number(row["s"], f"{row['n']}·得分", errors))
        _set(leaf, "tier", row["t"] if row["t"] in TIERS else None)
        if mode == "selfeval" and not (row["tid"] or row["v"] or row["a"]):
            leaf.pop("target", None)          # an indicator scored by hand, not against a target
            _set(leaf, "reason", row["r"])
        elif mode == "selfeval":
            tid = row["tid"] if row["tid"] in by_id and row["tid"] not in used else _fresh_id(taken)
            used.add(tid)
            placed.append(_target(row, by_id.get(tid, {}), tid, g, errors))
            leaf["target"] = tid
            _set(leaf, "reason", row["r"] if row["s"] else None)
        else:
            _set(leaf, "explanation", row["x"])
            _set(leaf, "reason", row["r"])
            if row["tid"] in by_id:
                used.add(row["tid"])
                placed.append(by_id[row["tid"]])
        leaves.append(leaf)
    siblings[:] = leaves + inner


def _apply_targets(g: Group, posted: list[dict[str, str]], by_id: dict[str, dict[str, Any]], used: set[str],
                   taken: set[str], placed: list[dict[str, Any]], errors: list[tuple[str, str]]) -> None:
    """Declared targets no indicator scores: kept, edited, added, removed and ordered as posted."""
    for row in posted:
        if _blank(row):
            continue
        if not row["n"]:
            errors.append(("有一项绩效指标缺少名称", "a target has no name"))
            continue
        tid = row["tid"] if row["tid"] in by_id and row["tid"] not in used else _fresh_id(taken)
        used.add(tid)
        placed.append(_target(row, by_id.get(tid, {}), tid, g, errors))


def _apply_fixed(tree: list[dict[str, Any]], g: Group, posted: list[dict[str, str]],
                 errors: list[tuple[str, str]]) -> None:
    shown = {normalise_name(r.name): r for r in g.rows}
    for row in posted:
        before = shown.get(normalise_name(row["o"]))
        if before is None:
            continue
        values = {"weight": _number(row["w"], f"{before.name}·分值", errors),
                  "score": _number(row["s"], f"{before.name}·得分", errors),
                  "reason": row["r"] or None, "tier": row["t"] if row["t"] in TIERS else None}
        was = {"weight": before.values["w"] or None, "score": before.values["s"] or None,
               "reason": before.values["r"] or None, "tier": before.values["t"] or None}
        leaf = _node_at(tree, (*g.names, before.name), create=False)
        if leaf is None and values == was:
            continue
        leaf = leaf if leaf is not None else _node_at(tree, (*g.names, before.name), create=True)
        assert leaf is not None
        for key, value in values.items():
            _set(leaf, key, value)


def _prune(nodes: list[dict[str, Any]]) -> None:
    """Drop inner nodes whose rows were all removed and that hold no facts of their own."""
    for n in nodes:
        if n.get("children"):
            _prune(n["children"])
    nodes[:] = [n for n in nodes if not ("children" in n and not n["children"] and not set(n) - {"name", "children"})]
    for n in nodes:
        if "children" in n and not n["children"]:
            n.pop("children")
