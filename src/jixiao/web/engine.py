"""The web app's bridge to the engine: stored document ⇄ Project, and the pipeline's results for pages.

Scores and findings come from ``jixiao.pipeline.run``, the same call the CLI and the batch
runner make; this module keeps only what is web-specific: the stored JSON form, the located
sources kept beside it, a per-revision memo, display order, and the portfolio's summary columns.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any

from .. import pipeline
from ..core.findings import SEVERITY_ORDER, Finding, Severity, Source
from ..core.model import Project
from ..core.scoring import ScoreCard
from ..io.build import build_project
from ..io.loading import LoadResult
from ..io.schema_messages import schema_findings
from ..io.serialize import dump_json, project_to_dict

PROJECT_SUFFIXES = (".yaml", ".yml", ".json")
REPORT_FORMATS = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                  "pdf": "application/pdf",
                  "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  "html": "text/html; charset=utf-8"}


class ReportError(Exception):
    """A report cannot be produced for this project (it cannot be scored, or publishing refused it)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


def to_document(project: Project) -> dict[str, Any]:
    """The stored form: ``project_to_dict`` as plain JSON (Decimals as exact strings)."""
    return json.loads(dump_json(project_to_dict(project), indent=None))


def from_document(document: dict[str, Any], label: str = "<web>", trusted: bool = False) -> LoadResult:
    """Rebuild a Project through the project-file schema and builder (the mapping is already parsed).

    Same checks as ``parse_project_text`` minus the YAML parse. ``trusted`` documents were
    validated when saved, so the schema pass is skipped unless building them fails.
    """
    if trusted:
        try:
            return LoadResult([build_project(document, {}, label)], [])
        except (KeyError, TypeError, ValueError, AttributeError):
            pass
    problems = schema_findings(document, {}, label)
    if problems:
        return LoadResult([], problems)
    return LoadResult([build_project(document, {}, label)], [])


@dataclass
class Evaluation:
    """A project with its score card and every finding to show (load, framework, scoring, checker)."""

    project: Project | None
    card: ScoreCard | None
    findings: list[Finding] = field(default_factory=list)
    checked: bool = True      # the checker ran (it always does through the pipeline)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)


def _shown(findings: list[Finding]) -> list[Finding]:
    """Display order of the web pages: errors first, then by code (the pipeline already deduplicated)."""
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.code))


def evaluation_of(result: pipeline.Result) -> Evaluation:
    """The first project of a pipeline result (a stored record holds exactly one) as an Evaluation."""
    if not result.projects:
        return Evaluation(None, None, _shown(list(result.findings)))
    first = result.projects[0]
    return Evaluation(first.project, first.card, _shown([*result.findings, *first.findings]))


def evaluate_project(project: Project) -> Evaluation:
    """Score and check one project through ``pipeline.run``."""
    return evaluation_of(pipeline.run(project))


_SOURCE_FIELDS = tuple(f.name for f in fields(Source))


def sources_to_json(project: Project) -> dict[str, dict[str, Any]]:
    """Where each value of an uploaded report was read, kept so findings can say file:line later."""
    out = {}
    for path, src in project.sources.items():   # getattr, not asdict: asdict deep-copies, 10x slower
        item = {k: v for k in _SOURCE_FIELDS if (v := getattr(src, k)) not in (None, "", 0) or k == "line"}
        if src.fragment:
            item["fragment"] = src.fragment[:200]
        out[path] = item
    return out


def sources_from_json(data: dict[str, dict[str, Any]] | None) -> MappingProxyType[str, Source]:
    return MappingProxyType({path: Source(**item) for path, item in (data or {}).items()})


def evaluate_document(document: dict[str, Any], trusted: bool = False,
                      sources: dict[str, dict[str, Any]] | None = None) -> Evaluation:
    loaded = from_document(document, trusted=trusted)
    if sources and loaded.projects:
        loaded = LoadResult([p.evolve(sources=sources_from_json(sources)) for p in loaded.projects],
                            loaded.findings)
    return evaluation_of(pipeline.run(loaded))


_RECENT: OrderedDict[tuple[int, int, str], Evaluation] = OrderedDict()
_RECENT_SIZE = 256
_RECENT_LOCK = threading.Lock()


def evaluate_record(record: Any) -> Evaluation:
    """``evaluate_document`` of a stored project, memoised per (project, revision): revisions never change."""
    key = (record.pk, record.revision, str(record.created))
    document = record.document
    with _RECENT_LOCK:
        if key in _RECENT:
            _RECENT.move_to_end(key)
            return _RECENT[key]
    evaluation = evaluate_document(document, trusted=True, sources=record.sources)
    with _RECENT_LOCK:
        _RECENT[key] = evaluation
        while len(_RECENT) > _RECENT_SIZE:
            _RECENT.popitem(last=False)
    return evaluation


def summary(evaluation: Evaluation) -> dict[str, Any]:
    """The indexed columns stored with every save, so the portfolio is one query."""
    project, card = evaluation.project, evaluation.card
    stated = project.stated.total if project else None
    computed = card.total if card and card.has_scores else None      # a blank project is not 差
    return {
        "name": project.name if project else "",
        "year": project.year if project else None,
        "stated_total": stated,
        "computed_total": computed,
        "self_score": stated if stated is not None else computed,
        "grade": card.grade if card and card.has_scores else "",
        "execution_rate": project.funding.execution_rate if project else None,
        "n_errors": evaluation.count(Severity.ERROR),
        "n_warnings": evaluation.count(Severity.WARNING),
        "n_infos": evaluation.count(Severity.INFO),
    }


def read_upload(data: bytes, filename: str) -> LoadResult:
    """An uploaded project file or published report, read by the pipeline's loader (from memory)."""
    return pipeline.load(pipeline.Upload(data, filename))


def render_report(evaluation: Evaluation, fmt: str) -> bytes:
    """DOCX/PDF/XLSX/HTML of a stored project through ``jixiao.publish.render``."""
    from ..publish import PublishError, render

    if evaluation.project is None or evaluation.card is None:
        raise ReportError("项目数据有误，无法生成报告", "the project cannot be scored, so no report")
    try:
        return render(evaluation.project, evaluation.card, fmt)
    except PublishError as exc:
        raise ReportError(exc.zh, exc.en) from exc
