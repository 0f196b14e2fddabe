"""What changed between two revisions: the documents flattened to readable paths, compared."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Change:
    path: str
    kind: str          # added / removed / changed
    before: str
    after: str

    @property
    def label(self) -> str:
        return {"added": "新增", "removed": "删除", "changed": "修改"}[self.kind]


def _key(item: Any, index: int) -> str:
    if isinstance(item, dict):
        for name in ("id", "name", "heading", "title", "text"):
            if item.get(name):
                return f"{item[name]}"
    return str(index)


def flatten(value: Any, prefix: str = "") -> dict[str, str]:
    """Leaf values by path; list items keyed by id/name so reordering reads as such, not as noise."""
    out: dict[str, str] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            out.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value):
            out[prefix] = "、".join(str(v) for v in value)
        else:
            for i, item in enumerate(value):
                out.update(flatten(item, f"{prefix}[{_key(item, i)}]"))
    else:
        out[prefix] = "" if value is None else str(value)
    return out


def diff_documents(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    a, b = flatten(before), flatten(after)
    changes = []
    for path in sorted(set(a) | set(b)):
        if path not in a:
            changes.append(Change(path, "added", "", b[path]))
        elif path not in b:
            changes.append(Change(path, "removed", a[path], ""))
        elif a[path] != b[path]:
            changes.append(Change(path, "changed", a[path], b[path]))
    return changes
