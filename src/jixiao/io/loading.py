"""Load anything the CLI or web accepts: project files (YAML/JSON) or published documents.

Every entry point returns a ``LoadResult`` (projects plus findings) and never raises for
bad input. Published documents are read by ``jixiao.readers``; ``jixiao.pipeline.load`` picks
between the two.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.findings import Finding, Severity, Source
from ..core.model import Project
from .build import build_project
from .schema_messages import schema_findings
from .yamlmarks import YamlSyntaxError, load_located

PROJECT_SUFFIXES = {".yaml", ".yml", ".json"}
MAX_PROJECT_FILE = 20 * 1024 * 1024


@dataclass
class LoadResult:
    projects: list[Project] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """True when nothing usable was read (exit code 2 territory)."""
        return not self.projects and any(f.is_error for f in self.findings)


def unreadable(path: str, zh: str, en: str, line: int = 0, column: int = 0) -> Finding:
    return Finding("JX002", "input-unreadable", Severity.ERROR, zh, en, source=Source(path, line, column))


def parse_project_text(text: str, filename: str) -> LoadResult:
    """Parse, validate and build one project file's text."""
    try:
        located = load_located(text)
    except YamlSyntaxError as exc:
        return LoadResult([], [unreadable(filename, f"语法错误：{exc}", f"syntax error: {exc}",
                                          exc.line, exc.column)])
    if not isinstance(located.data, dict):
        return LoadResult([], [unreadable(filename, "项目文件应为键值结构（YAML 映射或 JSON 对象）",
                                          "a project file must be a mapping (YAML) or an object (JSON)", 1, 1)])
    problems = schema_findings(located.data, located.marks, filename)
    if problems:
        return LoadResult([], problems)
    return LoadResult([build_project(located.data, located.marks, filename)], [])


def load_project_file(path: Path) -> LoadResult:
    name = str(path)
    try:
        if path.stat().st_size > MAX_PROJECT_FILE:
            return LoadResult([], [unreadable(name, "项目文件超过20MB，拒绝读取", "project file larger than 20 MB; refused")])
        raw = path.read_bytes()
    except OSError as exc:
        return LoadResult([], [unreadable(name, f"无法读取文件：{exc.strerror or exc}", f"cannot read file: {exc}")])
    return parse_project_bytes(raw, name)


def parse_project_bytes(raw: bytes, filename: str) -> LoadResult:
    """Decode a project file (UTF-8, BOM allowed) and parse it; other encodings are refused clearly."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return LoadResult([], [unreadable(filename, f"文件不是 UTF-8 编码（第{exc.start}字节）",
                                          f"file is not UTF-8 (byte {exc.start})")])
    return parse_project_text(text, filename)


def load_path(path: Path) -> LoadResult:
    """A project file from disk. Published documents go through ``jixiao.pipeline.load`` (the readers
    sit above this layer, so io never imports them)."""
    if not path.exists():
        return LoadResult([], [unreadable(str(path), "文件不存在", "no such file")])
    if path.suffix.lower() not in PROJECT_SUFFIXES:
        return LoadResult([], [unreadable(str(path), f"不是项目文件（{path.suffix or '无扩展名'}）",
                                          f"not a project file ({path.suffix or 'no extension'})")])
    return load_project_file(path)
