"""The web app's only door to the engine: document ⇄ Project, scoring, checking, reading, publishing.

Scores and findings always come from ``jixiao.pipeline``; this module only converts the
stored JSON document and guards the parts other engineers ship separately (the checker,
the document readers, the report generators) so a missing piece is a clear message.
"""

from __future__ import annotations

import importlib
import json
import threading
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from .. import pipeline
from ..core.findings import Finding, Severity, Source
from ..core.model import Project
from ..core.registry import issue
from ..core.scoring import ScoreCard
from ..io.build import build_project
from ..io.loading import LoadResult, parse_project_bytes, unreadable
from ..io.schema_messages import schema_findings
from ..io.serialize import dump_json, project_to_dict

PROJECT_SUFFIXES = (".yaml", ".yml", ".json")
REPORT_FORMATS = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                  "pdf": "application/pdf",
                  "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  "html": "text/html; charset=utf-8"}


class Unavailable(Exception):
    """A component built in parallel (readers, publish) is not installed yet."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


def to_document(project: Project) -> dict[str, Any]:
    """The stored form: ``project_to_dict`` as plain JSON (Decimals as exact strings)."""
    return json.loads(dump_json(project_to_dict(project)))


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
    """A project with its score card and every finding to show (load, input, checker)."""

    project: Project | None
    card: ScoreCard | None
    findings: list[Finding] = field(default_factory=list)
    checked: bool = False     # True when the checker ran, False for scoring findings only

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for f in findings:
        key = (f.code, f.path, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    return sorted(out, key=lambda f: (order[f.severity], f.code))


def evaluate_project(project: Project) -> Evaluation:
    """Score, then check when the checker exists (``pipeline.check``), else scoring findings."""
    scored = pipeline.score(project)
    check = getattr(pipeline, "check", None)
    if check is not None and scored.card is not None:
        try:
            card, findings = check(project)
            return Evaluation(project, card or scored.card, _dedupe(list(scored.input_findings) + list(findings)),
                              True)
        except Exception as exc:   # a checker bug must not take the page down
            internal = issue("JX901", f"复核程序出错：{exc}", f"checker failed: {exc}",
                             severity=Severity.WARNING)
            return Evaluation(project, scored.card,
                              _dedupe([*scored.input_findings, *scored.card.findings, internal]))
    card_findings = list(scored.card.findings) if scored.card else []
    return Evaluation(project, scored.card, _dedupe(list(scored.input_findings) + card_findings))


def sources_to_json(project: Project) -> dict[str, dict[str, Any]]:
    """Where each value of an uploaded report was read, kept so findings can say file:line later."""
    out = {}
    for path, src in project.sources.items():
        item = {k: v for k, v in asdict(src).items() if v not in (None, "", 0) or k == "line"}
        if src.fragment:
            item["fragment"] = src.fragment[:200]
        out[path] = item
    return out


def sources_from_json(data: dict[str, dict[str, Any]] | None) -> MappingProxyType[str, Source]:
    return MappingProxyType({path: Source(**item) for path, item in (data or {}).items()})


def evaluate_document(document: dict[str, Any], trusted: bool = False,
                      sources: dict[str, dict[str, Any]] | None = None) -> Evaluation:
    loaded = from_document(document, trusted=trusted)
    if not loaded.projects:
        return Evaluation(None, None, list(loaded.findings))
    project = loaded.projects[0]
    if sources:
        project = project.evolve(sources=sources_from_json(sources))
    evaluation = evaluate_project(project)
    evaluation.findings = _dedupe(list(loaded.findings) + evaluation.findings)
    return evaluation


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
    computed = card.total if card else None
    return {
        "name": project.name if project else "",
        "year": project.year if project else None,
        "stated_total": stated,
        "computed_total": computed,
        "self_score": stated if stated is not None else computed,
        "grade": card.grade if card else "",
        "execution_rate": project.funding.execution_rate if project else None,
        "n_errors": evaluation.count(Severity.ERROR),
        "n_warnings": evaluation.count(Severity.WARNING),
        "n_infos": evaluation.count(Severity.INFO),
    }


def read_upload(data: bytes, filename: str) -> LoadResult:
    """A project file through the project loader; anything else through ``jixiao.readers``."""
    if filename.lower().endswith(PROJECT_SUFFIXES):
        return parse_project_bytes(data, filename)
    try:
        readers = importlib.import_module("jixiao.readers")
        read_bytes = readers.read_bytes
    except (ImportError, AttributeError):
        return LoadResult([], [unreadable(filename, "报告读取模块尚未安装，暂只接受 YAML/JSON 项目文件",
                                          "the report readers are not installed yet; upload a YAML/JSON "
                                          "project file")])
    result: LoadResult = read_bytes(data, filename)
    return result


def render_report(evaluation: Evaluation, fmt: str) -> bytes:
    """DOCX/PDF/XLSX/HTML through ``jixiao.publish.render``; Unavailable until it is installed."""
    try:
        publish = importlib.import_module("jixiao.publish")
        render = publish.render
    except (ImportError, AttributeError) as exc:
        raise Unavailable("报告生成模块尚未安装，暂不能下载", "the report generators are not installed yet") from exc
    if evaluation.project is None or evaluation.card is None:
        raise Unavailable("项目数据有误，无法生成报告", "the project cannot be scored, so no report")
    try:
        data: bytes = render(evaluation.project, evaluation.card, evaluation.findings, fmt)
    except ValueError as exc:   # publish.PublishError carries zh/en
        raise Unavailable(getattr(exc, "zh", "报告生成失败"), getattr(exc, "en", str(exc))) from exc
    return data


def decimal_or_none(value: Any) -> Decimal | None:
    return value if isinstance(value, Decimal) or value is None else Decimal(str(value))
