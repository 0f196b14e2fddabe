"""One file's bytes through the shared pipeline: the same ``pipeline.run`` as ``jixiao check``.

Batch review never orchestrates the engine itself: it asks the pipeline for projects, cards
and findings, and uses the batch runner's own row and finding shapes, so the stored results
are exactly what the CLI's review workbook holds.
"""

from __future__ import annotations

from typing import Any

from ... import batch, pipeline
from ...core.findings import Finding
from ...io.findings import finding_to_dict

Item = pipeline.ProjectResult


def evaluate(data: bytes, name: str) -> pipeline.Result:
    """An upload to ``pipeline.run``, which confines it like a web request: a framework is a
    shipped or registered name, never a path on the worker."""
    return pipeline.run(pipeline.Upload(data, name))


def row(name: str, item: Item) -> dict[str, Any]:
    """The review workbook's report row (the one ``jixiao check --summary`` writes)."""
    return batch.summary_row(name, item)


def unread_row(name: str, findings: list[dict[str, Any]]) -> dict[str, Any]:
    """The workbook's line for a file that gave no project."""
    return batch.unread_row(batch.FileResult(name, findings, [], True))


def finding_dict(finding: Finding, name: str) -> dict[str, Any]:
    return finding_to_dict(finding, name)
