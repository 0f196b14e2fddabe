"""Bulk loading of trusted-shape JSON project documents (the web store, batch jobs, benchmarks).

The located loader walks YAML nodes to remember line and column for every value, which a
person editing a file needs and a database row does not. Here a compiled validator checks
the document; only an invalid one takes the slow path again, to report where it is wrong.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import fastjsonschema

from .build import build_project
from .loading import LoadResult, parse_project_text
from .schema import PROJECT_SCHEMA
from .yamlmarks import MAX_TEXT

_SCHEMA = {k: v for k, v in PROJECT_SCHEMA.items() if k not in {"$schema", "$id"}}
_validate = fastjsonschema.compile(_SCHEMA, use_default=False)


def project_from_data(data: Any, filename: str = "<document>", text: str | None = None) -> LoadResult:
    """A project from an already-parsed mapping (decimals as Decimal or numeric strings).

    ``text`` is the document it was parsed from, so that errors point into it.
    """
    try:
        _validate(data)
    except fastjsonschema.JsonSchemaException:
        source = text if text is not None else json.dumps(data, ensure_ascii=False, default=str, indent=1)
        return parse_project_text(source, filename)
    return LoadResult([build_project(data, {}, filename)], [])


def project_from_json(text: str | bytes, filename: str = "<document>") -> LoadResult:
    """Parse JSON with exact decimals and build the project; fall back to located errors."""
    decoded = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    if len(decoded) > MAX_TEXT:      # the located loader refuses it with the limit's message
        return parse_project_text(decoded, filename)
    try:
        data = json.loads(decoded, parse_float=Decimal)
    except (ValueError, RecursionError):
        return parse_project_text(decoded, filename)
    if not isinstance(data, dict):
        return parse_project_text(decoded, filename)
    return project_from_data(data, filename, decoded)
