"""Write core objects out: a project in the project-file format, a score card as JSON-ready data.

``project_to_dict`` is the inverse of ``build_project``: reading its output gives the same
project back (a test holds the two together).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import yaml

from ..core.model import Amounts, Indicator, Project, Record
from ..core.money import fmt
from ..core.scoring import ScoreCard, ScoredNode
from .findings import finding_to_dict


def _amounts(a: Amounts) -> dict[str, Any]:
    return {k: v for k, v in (("initial", a.initial), ("adjusted", a.adjusted), ("actual", a.actual))
            if v is not None}


def _prune(value: Any) -> Any:
    """Drop empty strings, empty lists/dicts and None, so files show only what was said."""
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def _indicator(node: Indicator) -> dict[str, Any]:
    rule: Any = None
    if node.rule is not None:
        rule = {"kind": node.rule.kind.value, **node.rule.params} if node.rule.params else node.rule.kind.value
    return {
        "name": node.name, "weight": node.weight, "explanation": node.explanation, "rule": rule,
        "target": node.target, "score": node.score, "reason": node.reason,
        "tier": node.tier.value if node.tier else None,
        "deductions": [{"points": d.points, "reason": d.reason} for d in node.deductions],
        "answer": node.answer, "completed": node.completed, "planned": node.planned,
        "applicable": None if node.applicable else False, "open": True if node.open else None,
        "evidence": list(node.evidence),
        "children": [_indicator(c) for c in node.children],
    }


def project_to_dict(p: Project) -> dict[str, Any]:
    f = p.funding
    n = p.narrative
    data = {
        "jixiao": 1,
        "record": p.record.value if p.record is not Record.DRAFT else None,
        "framework": p.framework,
        "project": {"name": p.name, "year": p.year, "department": p.department,
                    "implementing_unit": p.implementing_unit, "leads": list(p.leads),
                    "preparer": p.preparer, "phone": p.phone,
                    "kind": p.kind.value if p.kind.value != "project" else None},
        "overview": {"basis": [{"title": b.title, "number": b.number} for b in p.basis]},
        "units": [{"name": u.name, "duties": u.duties} for u in p.units],
        "funding": {
            **_amounts(f.total),
            "sources": [{"name": s.name, **_amounts(s.amounts), "stated_rate": s.stated_rate} for s in f.sources],
            "procurement": _amounts(f.procurement),
            "adjustments": [{"amount": a.amount, "reason": a.reason, "document": a.document,
                             "applies_to": a.applies_to if a.applies_to != "total" else None}
                            for a in f.adjustments],
            "low_execution_reason": f.low_execution_reason, "purposes": f.purposes, "notes": f.notes,
        },
        "targets": [{
            "id": t.id, "name": t.name, "category": t.category, "subcategory": t.subcategory,
            "comparator": t.comparator.value, "value": t.value, "upper": t.upper, "unit": t.unit,
            "actual": t.actual, "actual_unit": t.actual_unit, "value_text": t.value_text,
            "actual_text": t.actual_text, "deviation_reason": t.deviation_reason,
            "evidence": list(t.evidence)} for t in p.targets],
        "indicators": [_indicator(i) for i in p.indicators],
        "stated": {"total": p.stated.total, "grade": p.stated.grade,
                   "execution_rate": p.stated.execution_rate,
                   "procurement_execution_rate": p.stated.procurement_execution_rate,
                   "execution_score": p.stated.execution_score, "weight_total": p.stated.weight_total,
                   "subtotals": dict(p.stated.subtotals)},
        "narrative": {
            "background": n.background, "goal": n.goal, "achievement": n.achievement,
            "conclusion": n.conclusion,
            "analysis": [{"heading": s.heading, "text": s.text} for s in n.analysis],
            "experiences": list(n.experiences),
            "problems": [{"text": pr.text, "cause": pr.cause} if pr.cause else pr.text for pr in n.problems],
            "measures": list(n.measures), "suggestions": list(n.suggestions),
            "sections": [{"heading": s.heading, "text": s.text} for s in n.sections],
        },
        "evidence": [{"name": e.name, "kind": e.kind, "supports": e.supports, "file": e.file} for e in p.evidence],
        "read_notes": list(p.read_notes),
        "read_confidence": {k: _num(v) for k, v in p.confidence.items()},
    }
    pruned = _prune(data)
    pruned.setdefault("project", {})["name"] = p.name
    return pruned


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        """A project file is for people: repeat equal values instead of writing &id001 anchors."""
        return True


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    text = format(value, "f")
    tag = "tag:yaml.org,2002:int" if "." not in text else "tag:yaml.org,2002:float"
    return dumper.represent_scalar(tag, text)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def dump_json(data: Any, indent: int | None = 2) -> str:
    """JSON for people (indented) or, with ``indent=None``, for machines: json's C encoder runs only
    without indentation, several times faster on a whole project."""
    return json.dumps(data, ensure_ascii=False, indent=indent, default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    raise TypeError(f"cannot serialise {type(value).__name__}")


def _num(value: Decimal | None) -> str | None:
    """Scores and weights as printed: 98, 14.86 (no padding zeros)."""
    return None if value is None else fmt(value)


def _fixed(value: Decimal | None) -> str | None:
    """Money and rates with their 2 places: 1375.72, 99.80."""
    return None if value is None else fmt(value, 2)


def _node(n: ScoredNode, published: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"name": n.name, "weight": _num(n.weight), "score": _num(n.score),
                           "status": n.status.value}
    if n.is_leaf:
        out["rule"] = n.rule.value if n.rule else None
        out["explanation"] = n.explanation
        if published:      # the score the document printed, beside the recomputed one (never replaced)
            out["stated_score"] = _num(n.indicator.score)
    out["children"] = [_node(c, published) for c in n.children]
    return out


def scorecard_to_dict(card: ScoreCard) -> dict[str, Any]:
    """The ``jixiao score --format json`` document; decimals become strings when dumped."""
    p = card.project
    f = p.funding
    return {
        "project": {"name": p.name, "year": p.year, "department": p.department},
        "framework": card.framework.name,
        "total": _num(card.total),
        "grade": card.grade,
        "complete": card.complete,
        "weight_total": _num(card.weight_total),
        "levels": [_node(r, p.record is Record.PUBLISHED) for r in card.roots],
        "funding": {"initial_budget": _fixed(f.total.initial), "adjusted_budget": _fixed(f.total.adjusted),
                    "actual": _fixed(f.total.actual), "execution_rate": _fixed(f.execution_rate),
                    "procurement_execution_rate": _fixed(f.procurement_execution_rate)},
        "stated": {"total": _num(p.stated.total), "grade": p.stated.grade,
                   "execution_rate": _fixed(p.stated.execution_rate)},
        "notes": list(card.notes),
        "findings": [finding_to_dict(x) for x in card.findings],
    }
