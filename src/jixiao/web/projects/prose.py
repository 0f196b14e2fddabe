"""The report's other prose in the editor, so a finding about it can be fixed where it is shown:
imported sections and 绩效分析 parts (by heading), 经验做法, the units' duties, 资金用途 and notes.

A field is applied only when the form posts it, so a form without these fields (an API client,
an older page) leaves them as they are.
"""

from __future__ import annotations

from typing import Any

from ...core import field_labels as fl

# (key, label): each named by ``core.field_labels``, as the diff and merge pages name it
SECTION_KEYS = tuple((key, fl.of(f"narrative.{key}").zh) for key in ("analysis", "sections"))
FUNDING_TEXT = tuple((key, fl.of(f"funding.{key}").zh) for key in ("purposes", "notes"))
DUTIES = fl.of("units.duties").zh


def prose_fields(document: dict[str, Any], post: Any, add: Any) -> dict[str, list[dict[str, str]]]:
    """Rows of (name, label, value, id) for the template; ``add`` registers a path → element id."""
    def val(name: str, stored: Any) -> str:
        return str(post.get(name, "")) if post is not None else str(stored or "")

    narrative = document.get("narrative", {})
    out: dict[str, list[dict[str, str]]] = {"sections": [], "units": [], "funding": []}
    for key, title in SECTION_KEYS:
        for i, sec in enumerate(narrative.get(key, [])):
            name = f"sec-{key}-{i}"
            out["sections"].append({"name": name, "label": f"{title}：{sec.get('heading') or f'第{i + 1}部分'}",
                                    "value": val(name, sec.get("text")), "id": add(f"narrative.{key}[{i}]")})
    for i, unit in enumerate(document.get("units", [])):
        name = f"unit-{i}"
        out["units"].append({"name": name, "label": f"{unit.get('name', '')}{DUTIES}", "value": val(name, unit.get("duties")),
                             "id": add(f"units[{i}]")})
    fund = document.get("funding", {})
    for key, label in FUNDING_TEXT:
        out["funding"].append({"name": f"funding.{key}", "label": label, "value": val(f"funding.{key}", fund.get(key)),
                               "id": add(f"funding.{key}")})
    add("units")
    return out


def apply_prose(doc: dict[str, Any], post: Any) -> None:
    narrative = doc.get("narrative", {})
    for key, _ in SECTION_KEYS:
        for i, sec in enumerate(narrative.get(key, [])):
            name = f"sec-{key}-{i}"
            if name in post:
                sec["text"] = str(post.get(name, "")).strip()
    for i, unit in enumerate(doc.get("units", [])):
        if f"unit-{i}" in post:
            unit["duties"] = str(post.get(f"unit-{i}", "")).strip()
    fund = doc.setdefault("funding", {})
    for key, _ in FUNDING_TEXT:
        if f"funding.{key}" in post:
            text = str(post.get(f"funding.{key}", "")).strip()
            if text:
                fund[key] = text
            else:
                fund.pop(key, None)
