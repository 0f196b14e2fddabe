"""The one plain-data form of a ``Finding``: CLI JSON, SARIF, the review workbook and the API use it.

``file`` is always the input file and ``model_path`` the place in the project model (the API
once called the latter ``path``, the CLI the former). ``where`` is the printable location,
never a made-up ``:0:0`` when a line is unknown. The form round-trips (``finding_from_dict``),
so batch workers can send findings to their parent as plain data.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..core.findings import Finding, Severity, Source

SYNTHETIC_FILES = frozenset({"<input>", "<computed>", "<checker>", "<web>"})
"""Placeholder file names of derived values: shown as the input's own name instead."""

FINDING_KEYS = ("code", "slug", "severity", "message", "message_en", "hint", "file", "line", "column",
                "page", "sheet", "cell", "fragment", "where", "model_path", "data")


def where(source: Source | None, default_file: str = "") -> str:
    """``file:line:col``, ``file:sheet!cell``, ``file (p.N)`` or just ``file`` when nothing finer is known."""
    file = default_file if source is None or source.file in SYNTHETIC_FILES else source.file
    if source is None:
        return file
    if source.sheet is not None:
        return f"{file}:{source.sheet}!{source.cell or ''}"
    text = f"{file}:{source.line}:{source.column or 1}" if source.line else file
    return f"{text} (p.{source.page})" if source.page is not None else text


def plain(value: Any) -> Any:
    """JSON-safe copy of ``Finding.data``: Decimals and other values as their exact strings."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def finding_to_dict(f: Finding, default_file: str = "") -> dict[str, Any]:
    """The finding as plain data; ``default_file`` names the input when the finding has no file."""
    src = f.source
    file = default_file if src is None or src.file in SYNTHETIC_FILES else src.file
    return {"code": f.code, "slug": f.slug, "severity": f.severity.value, "message": f.message,
            "message_en": f.message_en, "hint": f.hint, "file": file,
            "line": src.line or None if src else None, "column": src.column or None if src else None,
            "page": src.page if src else None, "sheet": src.sheet if src else None,
            "cell": src.cell if src else None, "fragment": src.fragment if src else None,
            "where": where(src, default_file), "model_path": f.path, "data": plain(dict(f.data))}


def finding_from_dict(d: Mapping[str, Any]) -> Finding:
    """Inverse of ``finding_to_dict`` (figures in ``data`` stay strings)."""
    src = Source(d.get("file") or "<input>", d.get("line") or 0, d.get("column") or 0, d.get("page"),
                 d.get("sheet"), d.get("cell"), d.get("fragment"))
    return Finding(d["code"], d["slug"], Severity(d["severity"]), d["message"], d.get("message_en", ""),
                   d.get("model_path", ""), src, d.get("hint", ""), d.get("data") or {})
