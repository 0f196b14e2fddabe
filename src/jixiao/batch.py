"""Check many files: one worker per core, results as plain data, never dying on one document.

Each file goes through ``pipeline.run`` in a worker process (``check_file``); what comes back
is picklable (``FileResult`` of finding dicts and summary rows), so the parent only formats
and aggregates. ``run`` turns a crash on one file into a JX901 finding for it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import pipeline
from .core.findings import Finding, Severity, Source
from .core.grades import normalise_grade
from .core.money import fmt
from .core.registry import issue
from .io.findings import finding_from_dict, finding_to_dict
from .io.loading import PROJECT_SUFFIXES
from .pipeline import Options, ProjectResult

DOCUMENT_SUFFIXES = frozenset({".txt", ".docx", ".pdf", ".html", ".htm", ".xlsx", ".xls", ".md",
                               ".doc", ".wps", ".et", ".rtf",
                               ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"})   # images: OCR
"""Files a folder walk hands to the readers; a format they cannot read yet is reported, not skipped."""

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


def walk(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """(inputs, skipped): files as given; folders walked (sorted, no hidden files) for every suffix
    something can read. ``skipped`` are the folder files that are not reports, so a caller can say so."""
    out: list[Path] = []
    skipped: list[Path] = []
    for p in paths:
        if not p.is_dir():
            out.append(p)
            continue
        for f in sorted(p.rglob("*")):
            if not f.is_file() or any(part.startswith(".") for part in f.relative_to(p).parts):
                continue
            suffix = f.suffix.lower()
            if f.stem.lower() != "readme" and (     # a folder's own notes are not a report
                    suffix in DOCUMENT_SUFFIXES or (suffix in PROJECT_SUFFIXES and is_project_file(f))):
                out.append(f)
            else:
                skipped.append(f)
    return out, skipped


def expand(paths: Iterable[Path]) -> list[Path]:
    """The inputs of ``walk``."""
    return walk(paths)[0]


@dataclass
class FileResult:
    file: str
    findings: list[dict[str, Any]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    unreadable: bool = False

    def finding_objects(self) -> list[Finding]:
        return [finding_from_dict(d) for d in self.findings]


def summary_row(file: str, result: ProjectResult) -> dict[str, Any]:
    """One line of the review workbook's Reports sheet and of ``check --format json``'s projects."""
    project, card, findings = result.project, result.card, result.findings
    s, f = project.stated, project.funding
    counts = {sev.value: sum(1 for x in findings if x.severity is sev) for sev in Severity}
    scored = card is not None and bool(card.roots)
    return {"file": file, "status": "read", "project": project.name,
            "department": project.department or project.implementing_unit,
            "year": project.year, "stated_total": fmt(s.total) if s.total is not None else None,
            "computed_total": fmt(card.total) if card is not None and scored else None,
            "stated_grade": normalise_grade(s.grade), "computed_grade": card.grade if card is not None and scored
            else None,
            "stated_execution_rate": fmt(s.execution_rate, 2) if s.execution_rate is not None else None,
            "execution_rate": fmt(f.execution_rate, 2) if f.execution_rate is not None else None,
            "errors": counts["error"], "warnings": counts["warning"], "infos": counts["info"]}


def unread_row(result: FileResult) -> dict[str, Any]:
    """The Reports-sheet line of a file that gave no project, so no input drops out of the workbook."""
    counts = {sev: sum(1 for d in result.findings if d["severity"] == sev) for sev in ("error", "warning", "info")}
    reason = next((d["message"] for d in result.findings if d["severity"] == "error"), "")
    return {"file": result.file, "status": "unreadable", "project": reason, "errors": counts["error"],
            "warnings": counts["warning"], "infos": counts["info"]}


def file_result(result: pipeline.Result) -> FileResult:
    """A pipeline result as plain data for the parent process."""
    name = result.label
    out = FileResult(name, [finding_to_dict(f, name) for f in result.findings], [], result.unreadable)
    for project in result.projects:
        out.findings.extend(finding_to_dict(f, name) for f in project.findings)
        out.rows.append(summary_row(name, project))
    return out


def check_file(path: Path, framework: str | None = None, profile: str = "default",
               select: Sequence[str] = (), ignore: Sequence[str] = ()) -> FileResult:
    """Load, score and check one file through the pipeline; never raises."""
    return file_result(pipeline.run(path, Options(framework, profile, tuple(select), tuple(ignore))))


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
    from concurrent.futures import ProcessPoolExecutor, as_completed  # ~30 ms, only for a pool

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
                done = [file_result(pipeline.Result(str(p), [issue("JX901", f"处理进程异常退出：{exc}",
                    f"worker failed: {exc}", source=Source(str(p)))])) for p in chunks[i]]
            results[i] = done
            if progress:
                for r in done:
                    progress(r)
    for i in range(len(chunks)):
        yield from results[i]
