"""Check many files: one worker per core, results as plain data, never dying on one document.

Each file is loaded, scored and checked in a worker process (``check_file``); what comes
back is picklable (``FileResult`` of ``Finding`` dicts and summary rows), so the parent only
formats and aggregates. An exception anywhere in one file becomes a JX901 finding for it.
"""

from __future__ import annotations

import importlib
import os
import re
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .core.checks import matches
from .core.findings import Finding, Severity, Source
from .core.grades import normalise_grade
from .core.money import fmt
from .core.registry import issue
from .io.loading import PROJECT_SUFFIXES
from .pipeline import check, load

DOCUMENT_SUFFIXES = frozenset({".txt", ".docx", ".pdf", ".html", ".htm", ".xlsx", ".xls", ".md"})


def readers_available() -> bool:
    """True once ``jixiao.readers.read_document`` exists (issue 3 lands it)."""
    try:
        module = importlib.import_module("jixiao.readers")
    except ImportError:
        return False
    return hasattr(module, "read_document")


_PROJECT_MARK = re.compile(rb'(^|[\n{,])\s*"?jixiao"?\s*:')


def is_project_file(path: Path) -> bool:
    """A YAML/JSON file in a folder is a project file only if it says so (top-level ``jixiao:``).

    Folders of reports often hold other JSON or YAML (annotations, settings); those are not
    inputs, and reading them would turn every batch into an unreadable-input exit.
    """
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return True          # let the loader report why it cannot be read
    return bool(_PROJECT_MARK.search(head))


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders walked for every suffix something can read (sorted, no hidden files)."""
    documents = DOCUMENT_SUFFIXES if readers_available() else frozenset()
    out: list[Path] = []
    for p in paths:
        if not p.is_dir():
            out.append(p)
            continue
        for f in sorted(p.rglob("*")):
            if (not f.is_file() or any(part.startswith(".") for part in f.relative_to(p).parts)
                    or f.stem.lower() == "readme"):     # a folder's own notes are not a report
                continue
            suffix = f.suffix.lower()
            if suffix in documents or (suffix in PROJECT_SUFFIXES and is_project_file(f)):
                out.append(f)
    return out


def finding_to_dict(f: Finding, default_file: str) -> dict[str, Any]:
    src = f.source or Source(file=default_file)
    return {"path": src.file if src.file not in ("<input>", "<computed>") else default_file,
            "line": src.line, "column": src.column, "code": f.code, "slug": f.slug,
            "severity": f.severity.value, "message": f.message, "message_en": f.message_en,
            "hint": f.hint, "data": _plain(dict(f.data)), "model_path": f.path,
            "page": src.page, "sheet": src.sheet, "cell": src.cell, "fragment": src.fragment}


def finding_from_dict(d: dict[str, Any]) -> Finding:
    src = Source(d["path"], d["line"], d["column"], d.get("page"), d.get("sheet"), d.get("cell"), d.get("fragment"))
    return Finding(d["code"], d["slug"], Severity(d["severity"]), d["message"], d.get("message_en", ""),
                   d.get("model_path", ""), src, d.get("hint", ""), d.get("data") or {})


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


@dataclass
class FileResult:
    file: str
    findings: list[dict[str, Any]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    unreadable: bool = False

    def finding_objects(self) -> list[Finding]:
        return [finding_from_dict(d) for d in self.findings]


def _row(file: str, project: Any, card: Any, findings: Sequence[Finding]) -> dict[str, Any]:
    s, f = project.stated, project.funding
    counts = {sev.value: sum(1 for x in findings if x.severity is sev) for sev in Severity}
    scored = card is not None and bool(card.roots)
    return {"file": file, "project": project.name, "department": project.department or project.implementing_unit,
            "year": project.year, "stated_total": fmt(s.total) if s.total is not None else None,
            "computed_total": fmt(card.total) if scored else None,
            "stated_grade": normalise_grade(s.grade), "computed_grade": card.grade if scored else None,
            "stated_execution_rate": fmt(s.execution_rate) if s.execution_rate is not None else None,
            "execution_rate": fmt(f.execution_rate) if f.execution_rate is not None else None,
            "errors": counts["error"], "warnings": counts["warning"], "infos": counts["info"]}


def check_file(path: Path, framework: str | None = None, profile: str = "default",
               select: Sequence[str] = (), ignore: Sequence[str] = ()) -> FileResult:
    """Load, score and check one file; never raises."""
    name = str(path)
    result = FileResult(name)
    try:
        loaded = load(path)
        read = [f for f in loaded.findings
                if (not select or matches(f, select)) and not (ignore and matches(f, ignore))]
        result.findings.extend(finding_to_dict(f, name) for f in read)
        if loaded.failed:
            result.unreadable = True
            return result
        for project in loaded.projects:
            card, findings = check(project, framework, profile, select, ignore)
            result.findings.extend(finding_to_dict(f, name) for f in findings)
            result.rows.append(_row(name, project, card, findings))
    except Exception as exc:   # a crash on one document is a finding, never the end of the batch
        where = traceback.extract_tb(exc.__traceback__)[-1]
        result.findings.append(finding_to_dict(issue("JX901", f"处理该文件时出错（{type(exc).__name__}: {exc}，{Path(where.filename).name}:{where.lineno}）",
            f"internal error while processing the file ({type(exc).__name__}: {exc})",
            source=Source(name), hint="这是 jixiao 的缺陷，请报告",
            data={"exception": type(exc).__name__}), name))
    return result


def _check_chunk(paths: Sequence[Path], framework: str | None, profile: str, select: Sequence[str],
                 ignore: Sequence[str]) -> list[FileResult]:
    return [check_file(p, framework, profile, select, ignore) for p in paths]


def run_batch(paths: Sequence[Path], framework: str | None = None, profile: str = "default",
              select: Sequence[str] = (), ignore: Sequence[str] = (), workers: int | None = None,
              progress: Callable[[FileResult], None] | None = None) -> Iterator[FileResult]:
    """Check files, in parallel when there are several; results in input order.

    Files go to the workers in small chunks: one task per file costs more in inter-process
    traffic than checking a short report does.
    """
    workers = workers or os.cpu_count() or 1
    if len(paths) < 2 or workers < 2:
        for p in paths:
            r = check_file(p, framework, profile, select, ignore)
            if progress:
                progress(r)
            yield r
        return
    size = max(1, min(16, len(paths) // (workers * 8)))
    chunks = [list(paths[i:i + size]) for i in range(0, len(paths), size)]
    results: dict[int, list[FileResult]] = {}
    with ProcessPoolExecutor(max_workers=min(workers, len(chunks))) as pool:
        futures = {pool.submit(_check_chunk, chunk, framework, profile, tuple(select), tuple(ignore)): i
                   for i, chunk in enumerate(chunks)}
        for fut in as_completed(futures):
            i = futures[fut]
            try:
                done = fut.result()
            except Exception as exc:  # a worker that died (e.g. out of memory): every file of its chunk
                done = [FileResult(str(p), [finding_to_dict(issue("JX901", f"处理进程异常退出：{exc}",
                    f"worker failed: {exc}", source=Source(str(p))), str(p))]) for p in chunks[i]]
            results[i] = done
            if progress:
                for r in done:
                    progress(r)
    for i in range(len(chunks)):
        yield from results[i]
