"""What the web app may show of a finding's location: a file's name, never a server directory.

Uploads are stored under their base name, but projects loaded on the server (the demo's
examples, a batch folder) carry absolute paths in their sources; every finding leaving the
web app (pages, API, error details) goes through here.
"""

from __future__ import annotations

from typing import Any

from ..core.findings import Finding
from ..io.findings import finding_to_dict


def public_name(file: str) -> str:
    """The last path component (``/srv/x/examples/a.yaml`` → ``a.yaml``); markers like ``<web>`` stay."""
    return file.replace("\\", "/").rsplit("/", 1)[-1] if file else file


def finding_where(f: Finding, need_line: bool = False) -> str:
    """``file:line:col`` with the file by its name only."""
    if f.source is None or (need_line and not f.source.line):
        return ""
    return f.source.label().replace(f.source.file, public_name(f.source.file), 1)


def public_finding(f: Finding, default_file: str = "") -> dict[str, Any]:
    """``finding_to_dict`` for the API: the same shape, with directories removed from file and where."""
    out = finding_to_dict(f, default_file)
    file = out.get("file") or ""
    if file:
        shown = public_name(file)
        out["where"] = str(out.get("where") or "").replace(file, shown, 1)
        out["file"] = shown
    return out
