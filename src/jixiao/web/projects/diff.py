"""What changed between two revisions: both documents flattened to fields, compared.

Each field carries a machine path (``targets[t1].actual``) and the label people read
(绩效目标「培训人次」 · 实际完成值), its words from ``core.field_labels`` as in the review
document and the merge page. Labels are built while walking the document, never by
parsing a path, so a name holding "." or "/" cannot garble them. A changed string also
says which characters changed, for highlighting inside it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from ...core import field_labels

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


def _item_label(keys: tuple[str, ...], item: Any, index: int, trail: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """The readable name of a list item: a target by its name, an indicator by its place in the tree."""
    title = field_labels.zh(keys)
    if isinstance(item, dict) and keys == ("indicators",) and item.get("name"):
        names = (*trail, str(item["name"]))
        return f"{title}「{' › '.join(names)}」", names
    if isinstance(item, dict) and keys == ("targets",):
        return f"{title}「{item.get('name') or item.get('id')}」", trail
    if isinstance(item, dict):
        name = item.get("name") or item.get("heading") or item.get("title")
        return (f"{title}「{name}」" if name else f"{title}第{index + 1}项"), trail
    return f"{title}第{index + 1}项", trail


def flatten(value: Any, prefix: str = "") -> dict[str, str]:
    """Leaf values by path; list items keyed by id/name so reordering reads as such, not as noise."""
    return {path: text for path, (_, text) in _walk(value, prefix, "", (), ()).items()}


def _walk(value: Any, prefix: str, label: str, trail: tuple[str, ...], keys: tuple[str, ...]) -> dict[str, tuple[str, str]]:
    """``keys`` are the dict keys down to ``value`` (list positions and ``children`` left out)."""
    out: dict[str, tuple[str, str]] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            inner = keys if key == "children" else (*keys, str(key))
            if isinstance(item, (dict, list)):
                sub = field_labels.zh(inner)
                heading = label if key == "children" else (f"{label} · {sub}" if label else sub)
                out.update(_walk(item, path, heading, trail, inner))
            else:
                name = field_labels.zh(inner)
                text = "" if item is None else str(item)
                shown = WORDS.get(text, text) if key == "comparator" else text
                out[path] = (f"{label} · {name}" if label else name, shown)
    elif isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value):
            out[prefix] = (label, "、".join(str(v) for v in value))
        else:
            for i, item in enumerate(value):
                item_label, item_trail = _item_label(keys, item, i, trail)
                named = keys in (("targets",), ("indicators",))      # their items are named on their own
                text = f"{label} · {item_label}" if label and not named else item_label
                out.update(_walk(item, f"{prefix}[{_key(item, i)}]", text, item_trail, keys))
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
    a, b = _walk(before, "", "", (), ()), _walk(after, "", "", (), ())
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
