"""One file's bytes through the shared pipeline: the same read → score → check as ``jixiao check``.

Kept apart so batch review never orchestrates the engine itself: it asks the pipeline for
projects, cards and findings and turns them into the review workbook's rows and finding dicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ... import batch, pipeline
from ...core.findings import Finding
from ...core.model import Project
from ...core.scoring import ScoreCard
from .. import engine


@dataclass
class Item:
    project: Project
    card: ScoreCard | None
    findings: list[Finding] = field(default_factory=list)


@dataclass
class Evaluated:
    items: list[Item] = field(default_factory=list)
    read_findings: list[Finding] = field(default_factory=list)


def evaluate(data: bytes, name: str) -> Evaluated:
    loaded = engine.read_upload(data, name)
    items = []
    for project in loaded.projects:
        card, findings = pipeline.check(project)
        items.append(Item(project, card, list(findings)))
    return Evaluated(items, list(loaded.findings))


def row(name: str, item: Item) -> dict[str, Any]:
    """The review workbook's report row (the one ``jixiao check --summary`` writes)."""
    return batch._row(name, item.project, item.card, item.findings)


def finding_dict(finding: Finding, name: str) -> dict[str, Any]:
    return batch.finding_to_dict(finding, name)
