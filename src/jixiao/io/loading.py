"""Load anything the CLI or web accepts: project files (YAML/JSON) or published documents.

Every entry point returns a ``LoadResult`` (projects plus findings) and never raises for
bad input. Published documents are read by ``jixiao.readers``; ``jixiao.pipeline.load`` picks
between the two.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.findings import Finding, Source
from ..core.model import Project
from ..core.money import q2, to_decimal
from ..core.registry import issue
from .build import build_project
from .schema_messages import schema_findings
from .yamlmarks import YamlSyntaxError, load_located_all

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
    return issue("JX002", zh, en, source=Source(path, line, column))


def parse_project_text(text: str, filename: str) -> LoadResult:
    """Parse, validate and build a project file's text: one project per ``---``-separated document.

    Any invalid document fails the whole file, so a half-loaded file is never checked as if complete.
    """
    try:
        documents = load_located_all(text)
    except YamlSyntaxError as exc:
        return LoadResult([], [unreadable(filename, exc.zh, exc.en, exc.line, exc.column)])
    if not all(isinstance(d.data, dict) for d in documents):
        return LoadResult([], [unreadable(filename, "项目文件应为键值结构（YAML 映射或 JSON 对象）",
                                          "a project file must be a mapping (YAML) or an object (JSON)", 1, 1)])
    problems = [f for d in documents for f in schema_findings(d.data, d.marks, filename)]
    if problems:
        return LoadResult([], problems)
    return LoadResult([build_project(d.data, d.marks, filename) for d in documents],
                      [f for d in documents for f in money_precision(d.data, d.marks, filename)])


_MONEY_KEYS = frozenset({"initial", "adjusted", "actual", "amount"})


def money_precision(data: dict[str, Any], marks: Mapping[tuple[Any, ...], tuple[int, int]],
                    filename: str) -> list[Finding]:
    """A located JX006 warning for every amount under ``funding`` written with more than 2 decimals.

    Amounts stay exact in the model, but every report shows them rounded half up to 2 places, so
    the author should learn which digits will not appear instead of finding a different figure.
    """
    unit = "元" if data.get("money_unit") == "元" else "万元"
    out: list[Finding] = []

    def walk(value: Any, path: tuple[Any, ...]) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*path, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, (*path, i))
        elif path and path[-1] in _MONEY_KEYS:
            amount = to_decimal(value.strip() if isinstance(value, str) else value)
            exponent = amount.as_tuple().exponent if amount is not None else 0
            if amount is not None and isinstance(exponent, int) and exponent < -2:
                line, column = marks.get(path, (0, 0))
                shown = q2(amount)
                where = ".".join(str(p) for p in path)
                out.append(issue(
                    "JX006",
                    f"{where}：{amount} {unit}超过两位小数，报告和表格中四舍五入显示为 {shown}",
                    f"{where}: {amount} {unit} has more than 2 decimal places; reports and tables show it "
                    f"rounded to {shown}", path=where, source=Source(filename, line, column),
                    hint="金额以万元填写时保留两位小数（到百元）；以元填写时保留到分",
                    data={"value": str(amount), "rounded": str(shown)}))

    walk(data.get("funding"), ("funding",))
    return out


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
