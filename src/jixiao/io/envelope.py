"""The one top-level JSON shape of every command's ``--format json`` output, versioned.

Whatever the input (one project file, a document holding several projects, a folder), the
output is one object: ``{"format": "jixiao-output", "version": 1, "command", "inputs",
"projects", "findings", "counts"}``. A consumer reads ``projects`` and ``findings`` the same
way for ``score``, ``check`` and ``read``; what a project entry carries besides ``file`` and
``name`` depends on the command (``score``: the score card, ``check``: the summary row,
``read``: the project file). ``jixiao schema --output`` prints the JSON Schema below.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .findings import FINDING_KEYS

OUTPUT_FORMAT = "jixiao-output"
OUTPUT_VERSION = 1
COMMANDS = ("score", "check", "read")


def envelope(command: str, inputs: Sequence[Mapping[str, Any]], projects: Iterable[Mapping[str, Any]],
             findings: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The output object; ``findings`` are ``finding_to_dict`` items, ``inputs`` {file, status, projects}."""
    found = list(findings)
    counts = {sev: sum(1 for f in found if f["severity"] == sev) for sev in ("error", "warning", "info")}
    return {"format": OUTPUT_FORMAT, "version": OUTPUT_VERSION, "command": command,
            "inputs": [dict(i) for i in inputs], "projects": [dict(p) for p in projects],
            "findings": found, "counts": counts}


_NULLABLE_STR = {"type": ["string", "null"]}
_NULLABLE_INT = {"type": ["integer", "null"]}

FINDING_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": list(FINDING_KEYS),
    "properties": {
        "code": {"type": "string", "description": "stable rule code, e.g. JX201 (see `jixiao rules`)"},
        "slug": {"type": "string", "description": "stable rule name, e.g. execution-rate-mismatch"},
        "severity": {"enum": ["error", "warning", "info"]},
        "message": {"type": "string", "description": "中文说明"},
        "message_en": {"type": "string", "description": "the same in English"},
        "hint": {"type": "string", "description": "how to fix it (may be empty)"},
        "file": {"type": "string", "description": "the input file the finding is about"},
        "line": _NULLABLE_INT, "column": _NULLABLE_INT, "page": _NULLABLE_INT,
        "sheet": _NULLABLE_STR, "cell": _NULLABLE_STR,
        "fragment": {**_NULLABLE_STR, "description": "the text at that place"},
        "where": {"type": "string", "description": "printable location: file:line:col, file:sheet!cell or file"},
        "model_path": {"type": "string", "description": "place in the project model, e.g. funding.total.actual"},
        "data": {"type": "object", "description": "the figures behind the finding; decimals as exact strings"},
    },
}

OUTPUT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://jixiao.example/schema/output-1.json",
    "title": "jixiao command output (score, check, read with --format json)",
    "type": "object",
    "required": ["format", "version", "command", "inputs", "projects", "findings", "counts"],
    "properties": {
        "format": {"const": OUTPUT_FORMAT},
        "version": {"const": OUTPUT_VERSION, "description": "bumped when a key changes meaning or goes"},
        "command": {"enum": list(COMMANDS)},
        "inputs": {"type": "array", "description": "every input file, read or not", "items": {
            "type": "object", "required": ["file", "status", "projects"],
            "properties": {"file": {"type": "string"}, "status": {"enum": ["read", "unreadable"]},
                           "projects": {"type": "integer", "description": "how many projects it held"}}}},
        "projects": {"type": "array", "description": "one entry per project, in input order", "items": {
            "type": "object", "required": ["file", "name"],
            "properties": {
                "file": {"type": "string"}, "name": {"type": "string"},
                "score": {"type": "object", "description": "score: the score card (levels, total, grade, funding)"},
                "summary": {"type": "object", "description": "check: stated and computed totals, grades, rates, "
                            "finding counts"},
                "project": {"type": "object", "description": "read: the project file (`jixiao schema`)"}}}},
        "findings": {"type": "array", "items": FINDING_SCHEMA},
        "counts": {"type": "object", "required": ["error", "warning", "info"],
                   "properties": {k: {"type": "integer"} for k in ("error", "warning", "info")}},
    },
}
