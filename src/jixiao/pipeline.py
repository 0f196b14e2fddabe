"""The one path every front end takes: load → frame → score → check, as ``run(source, options)``.

The CLI commands, the batch runner (``jixiao.batch``) and the web app (``jixiao.web.engine``)
all call ``run``; a number shown in the browser and one printed in the terminal come from the
same calls in the same order. ``run`` never raises: an exception while reading or evaluating
becomes a JX901 internal-error finding on that input or project.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from .core.checks import matches, run_checks
from .core.findings import Finding, Severity, Source
from .core.framework import Framework
from .core.model import Project
from .core.registry import issue
from .core.scoring import ScoreCard, score_project
from .core.validation import input_problems
from .io.frameworks import named_only, resolve_framework
from .io.loading import PROJECT_SUFFIXES, LoadResult, load_project_file, parse_project_bytes, unreadable


@dataclass(frozen=True, slots=True)
class Upload:
    """Bytes received under a file name (web and API uploads); never a path on the server."""

    data: bytes
    name: str


Input = Path | Upload | Project | LoadResult
"""What ``run`` accepts: a file, uploaded bytes, a built project, or projects loaded elsewhere."""


@dataclass(frozen=True, slots=True)
class Options:
    framework: str | None = None        # name or YAML path; overrides the project's own framework
    profile: str = "default"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    check: bool = True                  # False: score only (``jixiao score``/``report``)


@dataclass
class ProjectResult:
    """One project: its score card and every finding about it, in checker order."""

    project: Project
    card: ScoreCard | None
    findings: list[Finding] = field(default_factory=list)
    input_findings: list[Finding] = field(default_factory=list)   # why a draft is refused as input

    @property
    def ok(self) -> bool:
        """Scored, and acceptable as input (a draft without blocking scoring problems)."""
        return self.card is not None and not any(f.is_error for f in self.input_findings)


@dataclass
class Result:
    """Everything one input gave: load/read findings, then one ``ProjectResult`` per project."""

    label: str
    findings: list[Finding] = field(default_factory=list)
    projects: list[ProjectResult] = field(default_factory=list)

    @property
    def unreadable(self) -> bool:
        """Nothing usable was read (exit code 2); a crash of ours (JX901) is a bug, not bad input."""
        return not self.projects and any(f.is_error and f.code != "JX901" for f in self.findings)

    @property
    def cards(self) -> list[ScoreCard]:
        return [p.card for p in self.projects if p.card is not None]

    @property
    def read_notes(self) -> list[tuple[str, Source | None]]:
        """What the readers could read only in part, with where, over every project."""
        return [(n, p.project.sources.get(n)) for p in self.projects for n in p.project.read_notes]

    def all_findings(self) -> Iterator[Finding]:
        yield from self.findings
        for p in self.projects:
            yield from p.findings


def load(source: Path | Upload) -> LoadResult:
    """Project files by extension through ``io.loading``; every other file through the readers."""
    if isinstance(source, Upload):
        if source.name.lower().endswith(tuple(PROJECT_SUFFIXES)):
            return parse_project_bytes(source.data, source.name)
        from .readers import read_bytes
        return read_bytes(source.data, source.name)
    if not source.exists():
        return LoadResult([], [unreadable(str(source), "文件不存在", "no such file")])
    if source.is_dir():
        return LoadResult([], [unreadable(str(source), "这是一个文件夹，不是文件", "this is a folder, not a file")])
    if source.suffix.lower() in PROJECT_SUFFIXES:
        return load_project_file(source)
    from .readers import read_document
    return read_document(source)


def framework_for(project: Project, override: str | None) -> tuple[Framework | None, bool, list[Finding]]:
    """(framework, framework_wins, findings): an explicit override wins over the file's own."""
    name = override or project.framework
    if not name:
        return None, False, []
    framework, findings = resolve_framework(name)
    if framework is None and not override:
        # the file names a framework we do not have: score on the file's own tree, and say so
        return None, False, [f.with_severity(Severity.WARNING) for f in findings]
    return framework, bool(override), findings


def internal_error(exc: BaseException, source: Source | None, what: str, what_en: str) -> Finding:
    """A JX901 finding for a crash, saying where in jixiao it happened (a bug to report)."""
    import traceback  # only on a crash

    frames = traceback.extract_tb(exc.__traceback__) if exc.__traceback__ else []
    at = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return issue("JX901", f"{what}出错（{type(exc).__name__}: {exc}，{at}）",
                   f"{what_en} failed ({type(exc).__name__}: {exc} at {at})",
                   source=source, hint="这是 jixiao 的缺陷，请报告 / a jixiao bug: please report it",
                   data={"exception": type(exc).__name__, "at": at})


def _wanted(f: Finding, options: Options) -> bool:
    return (not options.select or matches(f, options.select)) and not (options.ignore and matches(f, options.ignore))


def evaluate(project: Project, options: Options = Options()) -> ProjectResult:
    """Frame, score once, then check (unless ``options.check`` is False) one project."""
    framework, wins, framed = framework_for(project, options.framework)
    where = project.source_of("framework") or project.source_of("name")
    framed = [f.located(where) for f in framed]
    if framework is None and any(f.is_error for f in framed):
        findings = framed + (run_checks(project, None, options.profile, options.select, options.ignore)
                             if options.check else [])
        return ProjectResult(project, None, [f for f in findings if _wanted(f, options)], framed)
    try:
        card: ScoreCard | None = score_project(project, framework, framework_wins=wins)
    except Exception as exc:   # a scoring bug is a finding on this project, never a vanished result
        crash = internal_error(exc, where, "计分", "scoring")
        return ProjectResult(project, None, [*framed, crash], [*framed, crash])
    assert card is not None
    refused = input_problems(project, card.findings)
    if options.check:
        findings = framed + run_checks(project, card, options.profile, options.select, options.ignore)
    else:
        blocking = {(f.code, f.path, f.message) for f in refused}
        findings = framed + refused + [f for f in card.findings if (f.code, f.path, f.message) not in blocking]
    return ProjectResult(project, card, [f for f in findings if _wanted(f, options)], framed + refused)


def run(source: Input, options: Options = Options()) -> Result:
    """Load ``source`` and evaluate every project in it; never raises."""
    label = _label(source)
    try:
        if isinstance(source, Project):
            loaded = LoadResult([source], [])
        elif isinstance(source, LoadResult):
            loaded = source
        else:
            loaded = load(source)
    except Exception as exc:
        return Result(label, [internal_error(exc, Source(label), "读取文件", "reading the file")])
    result = Result(label, [f for f in loaded.findings if _wanted(f, options)])
    # uploaded bytes come from someone else: their framework is a registered name, never a server path
    with named_only() if isinstance(source, Upload) else nullcontext():
        for project in loaded.projects:
            try:
                result.projects.append(evaluate(project, options))
            except Exception as exc:
                crash = internal_error(exc, project.source_of("name") or Source(label), "复核", "checking")
                result.projects.append(ProjectResult(project, None, [crash], [crash]))
    return result


def _label(source: Input) -> str:
    if isinstance(source, Upload):
        return source.name
    if isinstance(source, Project):
        located = source.source_of("name")
        return located.file if located is not None else "<input>"
    if isinstance(source, LoadResult):
        first = next((f.source.file for f in source.findings if f.source), None)
        return first or (_label(source.projects[0]) if source.projects else "<input>")
    return str(source)


def score(project: Project, framework: str | None = None) -> ProjectResult:
    """``evaluate`` without the checker: the card and why a draft would be refused (``.ok``)."""
    return evaluate(project, Options(framework=framework, check=False))


def check(project: Project, framework: str | None = None, profile: str = "default",
          select: tuple[str, ...] | list[str] = (), ignore: tuple[str, ...] | list[str] = (),
          ) -> tuple[ScoreCard | None, list[Finding]]:
    """``evaluate`` with the checker, as (card, findings): the shape tests and benchmarks use."""
    result = evaluate(project, Options(framework, profile, tuple(select), tuple(ignore)))
    return result.card, result.findings


def ocr_status() -> tuple[str | None, Path | None]:
    """Whether the readers can recognise scans (None, or why not) and where their OCR cache is;
    ``jixiao doctor`` asks here, front ends never import the readers themselves."""
    from .readers.ocr import cache_dir, unavailable

    return unavailable(), cache_dir()
