"""Three-way merge of project documents, field by field, for the 409 conflict page.

When a save is refused because someone else saved first, the user's edit ("yours", made on
the revision they saw: "base") is compared with the newest revision ("theirs"). A field
changed on one side only takes that side's value; a field both changed differently is a
conflict the user resolves explicitly. Mappings merge key by key; a list merges item by
item while its length is unchanged on both sides, and as a whole otherwise (adding or
removing a target or an indicator is one change, never interleaved with another).
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any

from ...core import field_labels

MISSING: Any = object()
Path = tuple[str | int, ...]

@dataclass(frozen=True)
class Field:
    """One field's values in the three documents (MISSING when absent)."""

    path: Path
    base: Any
    theirs: Any
    yours: Any

    @property
    def key(self) -> str:
        return json.dumps(list(self.path), ensure_ascii=False)


@dataclass
class Merge:
    merged: dict[str, Any]            # both sides' one-sided changes applied; conflicts hold theirs
    conflicts: list[Field]
    theirs_changed: list[Field]       # every field the other person changed (base → theirs)
    yours_changed: list[Field]        # every field this user changed (base → yours)


def _leaves(value: Any, path: Path, out: dict[Path, Any]) -> None:
    if isinstance(value, dict) and value:
        for key, item in value.items():
            _leaves(item, (*path, key), out)
    elif isinstance(value, list) and value and all(isinstance(v, dict | list) for v in value):
        for i, item in enumerate(value):
            _leaves(item, (*path, i), out)
    else:
        out[path] = value


def changed_fields(before: Any, after: Any) -> list[Field]:
    """The leaf fields that differ between two documents (for the per-side change lists)."""
    a: dict[Path, Any] = {}
    b: dict[Path, Any] = {}
    _leaves(before, (), a)
    _leaves(after, (), b)
    order = list(a) + [p for p in b if p not in a]
    return [Field(p, a.get(p, MISSING), MISSING, b.get(p, MISSING)) for p in order
            if a.get(p, MISSING) != b.get(p, MISSING)]


def _merge(base: Any, theirs: Any, yours: Any, path: Path, conflicts: list[Field]) -> Any:
    if yours == base or theirs == yours:
        return theirs
    if theirs == base:
        return yours
    if base is MISSING and isinstance(theirs, dict) and isinstance(yours, dict):
        base = {}                        # both added the same section: merge what each put in it
    if all(isinstance(v, dict) for v in (base, theirs, yours)):
        out = {}
        for key in [*theirs, *(k for k in yours if k not in theirs)]:
            value = _merge(base.get(key, MISSING), theirs.get(key, MISSING), yours.get(key, MISSING),
                           (*path, key), conflicts)
            if value is not MISSING:
                out[key] = value
        return out
    if all(isinstance(v, list) for v in (base, theirs, yours)) and len(base) == len(theirs) == len(yours):
        return [_merge(b, t, y, (*path, i), conflicts) for i, (b, t, y) in enumerate(zip(base, theirs, yours, strict=True))]
    conflicts.append(Field(path, base, theirs, yours))
    return theirs


def three_way(base: dict[str, Any], theirs: dict[str, Any], yours: dict[str, Any]) -> Merge:
    conflicts: list[Field] = []
    merged = _merge(base, theirs, yours, (), conflicts)
    theirs_changed = [Field(f.path, f.base, f.yours, MISSING) for f in changed_fields(base, theirs)]
    return Merge(copy.deepcopy(merged), conflicts, theirs_changed, changed_fields(base, yours))


def resolve(merge: Merge, choices: dict[str, str]) -> dict[str, Any]:
    """The merged document with each conflict taken from the side chosen ("yours" or "theirs")."""
    doc = copy.deepcopy(merge.merged)
    for conflict in merge.conflicts:
        if choices.get(conflict.key) == "yours":
            _put(doc, conflict.path, copy.deepcopy(conflict.yours))
    return doc


def _put(doc: Any, path: Path, value: Any) -> None:
    if not path:
        raise ValueError("a whole-document conflict cannot be resolved field by field")
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    if value is MISSING:
        if isinstance(parent, dict):
            parent.pop(path[-1], None)
        return
    parent[path[-1]] = value


def label(path: Path, document: dict[str, Any]) -> str:
    """A Chinese label: 绩效目标「受益老年人数」 · 实际完成值, 评分表「产出指标」「数量指标」 · 分值.

    The words come from ``core.field_labels``, so the page names a field as the diff and the
    review document do.
    """
    parts: list[str] = []
    node: Any = document
    for i, key in enumerate(path):
        if isinstance(key, int):
            item = node[key] if isinstance(node, list) and key < len(node) else None
            name = item.get("name") or item.get("title") or item.get("text") if isinstance(item, dict) else None
            parts.append(f"「{name}」" if name else f"第{key + 1}项")
            node = item
            continue
        if key != "children":
            parts.append(field_labels.zh(path[:i + 1]))
        node = node.get(key) if isinstance(node, dict) else None
    return " · ".join(parts).replace(" · 「", "「") or "整个项目"


def shown(value: Any) -> str:
    if value is MISSING or value is None or value == "" or value == [] or value == {}:
        return "（空）"
    if isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
        return "、".join(str(v) for v in value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)[:300]
    return str(value)
