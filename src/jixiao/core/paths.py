"""Indicator paths (``indicators/产出指标/数量指标/服务人次``) built so a name cannot split them.

Names may contain the separator (人/次, 万元/人). Joining such a name with "/" would make a
second, bogus level that every split (a finding's anchor, an editor's lookup) then believes.
A path segment therefore writes "/" inside a name as the full-width "／", which
``normalise_name`` treats as the same character, so a segment still matches its name.
"""

from __future__ import annotations

SEP = "/"


def segment(name: str) -> str:
    """One name as a path segment: never contains the separator."""
    return name.replace(SEP, "／")


def child(prefix: str, name: str) -> str:
    """The path of ``name`` under ``prefix`` (``prefix`` may be empty for a root)."""
    return f"{prefix}{SEP}{segment(name)}" if prefix else segment(name)
