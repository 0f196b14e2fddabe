"""The JSON Schema of a project file (``jixiao schema`` prints it).

Unknown keys are refused so that a misspelt field is reported instead of silently lost.
Numbers may be written as YAML/JSON numbers or as numeric strings ("1,423.71").
"""

from __future__ import annotations

from typing import Any

NUMBER: dict[str, Any] = {
    "type": ["number", "string"],
    "pattern": r"^\s*[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?\s*$",
    "description": "数值（万元、分值或指标值）/ a number",
}
OPT_NUMBER: dict[str, Any] = {"anyOf": [NUMBER, {"type": "null"}]}
TEXT: dict[str, Any] = {"type": ["string", "null"]}
TEXTS: dict[str, Any] = {"type": "array", "items": {"type": "string"}}


def _obj(properties: dict[str, Any], required: tuple[str, ...] = (), **extra: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(required),
            "additionalProperties": False, **extra}


AMOUNTS = {"initial": OPT_NUMBER, "adjusted": OPT_NUMBER, "actual": OPT_NUMBER}

RULE_KINDS = ["ratio", "inverse", "equal", "range", "completion", "execution-rate", "tiers", "deductions",
              "yes-no", "judged"]
COMPARATORS = ["=", "≥", ">=", "≤", "<=", "range", "定性", "qualitative"]
TIERS = ["达成", "部分达成", "未达成"]

INDICATOR: dict[str, Any] = _obj({
    "name": {"type": "string", "minLength": 1},
    "weight": OPT_NUMBER,
    "explanation": TEXT,
    "rule": {"anyOf": [
        {"type": "string", "enum": RULE_KINDS},
        _obj({"kind": {"type": "string", "enum": RULE_KINDS},
              "method": {"type": "string", "enum": ["ratio", "linear"]}}, ("kind",)),
    ]},
    "target": TEXT,
    "score": OPT_NUMBER,
    "reason": TEXT,
    "tier": {"anyOf": [{"type": "string", "enum": TIERS}, {"type": "null"}]},
    "deductions": {"type": "array", "items": _obj({"points": NUMBER, "reason": TEXT}, ("points",))},
    "answer": {"type": ["boolean", "null"]},
    "completed": OPT_NUMBER,
    "planned": OPT_NUMBER,
    "applicable": {"type": "boolean"},
    "open": {"type": "boolean"},
    "evidence": TEXTS,
    "children": {"type": "array", "items": {"$ref": "#/$defs/indicator"}},
}, ("name",))

PROJECT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://jixiao.invalid/schema/project-1.json",
    "title": "jixiao 项目绩效自评文件 / project self-evaluation file",
    **_obj({
        "jixiao": {"type": "integer", "const": 1, "description": "文件格式版本 / format version"},
        "record": {"type": "string", "enum": ["draft", "published"]},
        "framework": TEXT,
        "money_unit": {"type": "string", "enum": ["万元", "元"]},
        "project": _obj({
            "name": {"type": "string", "minLength": 1},
            "year": {"type": ["integer", "null"], "minimum": 1990, "maximum": 2100},
            "department": TEXT,
            "implementing_unit": TEXT,
            "leads": TEXTS,
            "preparer": TEXT,
            "phone": TEXT,
            "kind": {"type": "string", "enum": ["project", "department"]},
        }, ("name",)),
        "overview": _obj({
            "background": TEXT,
            "basis": {"type": "array", "items": _obj({"title": {"type": "string"}, "number": TEXT}, ("title",))},
        }),
        "units": {"type": "array", "items": _obj({"name": {"type": "string"}, "duties": TEXT}, ("name",))},
        "funding": _obj({
            **AMOUNTS,
            "sources": {"type": "array", "items": _obj({
                "name": {"type": "string"}, **AMOUNTS,
                "stated_rate": {"anyOf": [NUMBER, {"type": "null"}],
                                "description": "该行所填执行率（%，不带%号）/ the rate the row prints, in %"}},
                ("name",))},
            "procurement": _obj(AMOUNTS),
            "adjustments": {"type": "array", "items": _obj({
                "amount": OPT_NUMBER, "reason": TEXT, "document": TEXT,
                "applies_to": {"type": "string", "enum": ["total", "procurement"]}})},
            "low_execution_reason": TEXT,
            "purposes": TEXT,
            "notes": TEXT,
        }),
        "targets": {"type": "array", "items": _obj({
            "id": {"type": "string", "minLength": 1},
            "name": {"type": "string", "minLength": 1},
            "category": TEXT,
            "subcategory": TEXT,
            "comparator": {"type": "string", "enum": COMPARATORS},
            "value": OPT_NUMBER,
            "upper": OPT_NUMBER,
            "unit": TEXT,
            "actual": OPT_NUMBER,
            "actual_unit": TEXT,
            "value_text": TEXT,
            "actual_text": TEXT,
            "deviation_reason": TEXT,
            "evidence": TEXTS,
        }, ("id", "name"))},
        "indicators": {"type": "array", "items": {"$ref": "#/$defs/indicator"}},
        "stated": _obj({
            "total": OPT_NUMBER,
            "grade": TEXT,
            "execution_rate": OPT_NUMBER,
            "procurement_execution_rate": OPT_NUMBER,
            "execution_score": OPT_NUMBER,
            "weight_total": OPT_NUMBER,
            "subtotals": {"type": "object", "additionalProperties": NUMBER},
        }),
        "narrative": _obj({
            "background": TEXT,
            "goal": TEXT,
            "achievement": TEXT,
            "conclusion": TEXT,
            "analysis": {"type": "array", "items": {"$ref": "#/$defs/section"}},
            "experiences": TEXTS,
            "problems": {"type": "array", "items": {"anyOf": [
                {"type": "string"}, _obj({"text": {"type": "string"}, "cause": TEXT}, ("text",))]}},
            "measures": TEXTS,
            "suggestions": TEXTS,
            "sections": {"type": "array", "items": {"$ref": "#/$defs/section"}},
        }),
        "evidence": {"type": "array", "items": _obj({
            "name": {"type": "string"}, "kind": TEXT, "supports": TEXT, "file": TEXT}, ("name",))},
        "read_notes": {**TEXTS, "description": "读取时仅部分读出的内容（如 read.scrambled_table）/ "
                                               "what the reader could read only in part"},
        "read_confidence": {"type": "object", "additionalProperties": NUMBER,
                            "description": "读取时各值的可信度（0–1）/ how sure the reader was of each value"},
    }, ("project",)),
    "$defs": {
        "indicator": INDICATOR,
        "section": _obj({"heading": {"type": "string"}, "text": TEXT}, ("heading",)),
    },
}
