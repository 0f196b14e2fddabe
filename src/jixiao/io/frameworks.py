"""Load indicator frameworks from YAML: the shipped ones by name, or a user's copy by path.

A broken framework yields located findings (file:line, which weights disagree and by how
much), never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any

from ..core.findings import Finding, Source
from ..core.framework import ExecutionCap, Framework, Policy, weight_problems
from ..core.grades import GradeBand
from ..core.money import to_decimal
from ..core.registry import issue
from .build import Builder
from .schema import INDICATOR, NUMBER
from .schema_messages import describe_error
from .yamlmarks import YamlSyntaxError, load_located, nearest_mark

if TYPE_CHECKING:     # imported when a framework file is first validated (see _validator)
    import jsonschema

FRAMEWORK_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["name", "indicators"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string", "minLength": 1},
        "title": {"type": "string"},
        "description": {"type": "string"},
        "basis": {"type": "string"},
        "policy": {
            "type": "object", "additionalProperties": False,
            "properties": {
                "grade_bands": {"type": "array", "minItems": 1, "items": {
                    "type": "object", "required": ["min", "label"], "additionalProperties": False,
                    "properties": {"min": NUMBER, "label": {"type": "string"}}}},
                "overachieve_threshold": NUMBER,
                "execution_caps": {"type": "array", "items": {
                    "type": "object", "required": ["below", "cap"], "additionalProperties": False,
                    "properties": {"below": NUMBER, "cap": NUMBER}}},
                "rescale_not_applicable": {"type": "boolean"},
                "inverse_method": {"type": "string", "enum": ["ratio", "linear"]},
                "weight_total": NUMBER,
                "tolerance": NUMBER,
                "low_execution_threshold": NUMBER,
            },
        },
        "indicators": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/indicator"}},
    },
    "$defs": {"indicator": INDICATOR},
}


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    import jsonschema

    return jsonschema.Draft202012Validator(FRAMEWORK_SCHEMA)


def builtin_names() -> list[str]:
    root = resources.files("jixiao.frameworks")
    return sorted(p.name.removesuffix(".yaml") for p in root.iterdir() if p.name.endswith(".yaml"))


def _dec(value: Any, default: Decimal) -> Decimal:
    result = to_decimal(value)
    return default if result is None else result


def parse_framework(text: str, filename: str) -> tuple[Framework | None, list[Finding]]:
    try:
        located = load_located(text)
    except YamlSyntaxError as exc:
        return None, [issue("JX003", f"指标体系文件 YAML 语法错误：{exc}", f"framework YAML syntax error: {exc}",
                              source=Source(filename, exc.line, exc.column))]
    data, marks = located.data, located.marks
    problems: list[Finding] = []
    for err in _validator().iter_errors(data):
        zh, en = describe_error(err)
        line, col = nearest_mark(marks, tuple(err.absolute_path))
        problems.append(issue("JX003", f"指标体系：{zh}",
                                f"framework: {en}", source=Source(filename, line, col)))
    if problems:
        return None, problems
    builder = Builder(marks, filename, money_in_yuan=False)
    nodes = tuple(builder.indicator(n, ("indicators", i), "indicators") for i, n in enumerate(data["indicators"]))
    raw = data.get("policy") or {}
    defaults = Policy()
    policy = Policy(
        grade_bands=tuple(GradeBand(_dec(b["min"], Decimal(0)), b["label"]) for b in raw["grade_bands"])
        if raw.get("grade_bands") else defaults.grade_bands,
        overachieve_threshold=_dec(raw.get("overachieve_threshold"), defaults.overachieve_threshold),
        execution_caps=tuple(ExecutionCap(_dec(c["below"], Decimal(0)), _dec(c["cap"], Decimal(100)))
                             for c in raw.get("execution_caps") or []),
        rescale_not_applicable=raw.get("rescale_not_applicable", defaults.rescale_not_applicable),
        inverse_method=raw.get("inverse_method", defaults.inverse_method),
        weight_total=_dec(raw.get("weight_total"), defaults.weight_total),
        tolerance=_dec(raw.get("tolerance"), defaults.tolerance),
        low_execution_threshold=_dec(raw.get("low_execution_threshold"), defaults.low_execution_threshold),
    )
    for f in weight_problems(nodes, policy.weight_total):
        source = builder.sources.get(f.path.rsplit("/", 1)[0] if f.path == "indicators" else f.path)
        source = source or Source(filename, 1, 1)
        problems.append(issue("JX003", f"指标体系：{f.message}",
                                f"framework: {f.message_en}", path=f.path, source=source, data=f.data))
    if problems:
        return None, problems
    return Framework(data["name"], data.get("title", ""), data.get("description", ""), data.get("basis", ""),
                     nodes, policy), []


@lru_cache(maxsize=32)
def _load_builtin(name: str) -> tuple[Framework | None, tuple[Finding, ...]]:
    text = resources.files("jixiao.frameworks").joinpath(f"{name}.yaml").read_text("utf-8")
    framework, findings = parse_framework(text, f"<framework {name}>")
    return framework, tuple(findings)


StoredLookup = Callable[[str], str | None]
_CONFINED: ContextVar[StoredLookup | None] = ContextVar("jixiao_frameworks_confined", default=None)


def _no_stored(name: str) -> str | None:
    return None


_REGISTRY: StoredLookup | None = None


def use_registry(lookup: StoredLookup) -> None:
    """The process's registered frameworks (the web app's database), used wherever ``named_only`` applies.

    Registering confines nothing by itself: the CLI in the same process still reads paths.
    """
    global _REGISTRY
    _REGISTRY = lookup


@contextmanager
def named_only(stored: StoredLookup | None = None) -> Iterator[None]:
    """Within this block a framework is a shipped name or one ``stored(name)`` returns, never a path.

    The web app wraps every request in it, so no project file can make the server open a file
    (the CLI keeps ``--framework PATH``: there the user is on their own machine).
    """
    token = _CONFINED.set(stored or _CONFINED.get() or _REGISTRY or _no_stored)
    try:
        yield
    finally:
        _CONFINED.reset(token)


def confined() -> bool:
    return _CONFINED.get() is not None


def known_names() -> list[str]:
    """The shipped names, then those the confining lookup registers (its optional ``names()``)."""
    stored = _CONFINED.get()
    extra = list(getattr(stored, "names", lambda: [])()) if stored is not None else []
    shipped = builtin_names()
    return shipped + [n for n in extra if n not in shipped]


def looks_like_path(name: str) -> bool:
    """A framework reference that names a file rather than a registered framework."""
    return any(ch in name for ch in "/\\:") or name.lower().endswith((".yaml", ".yml", ".json")) or name.startswith(".")


def _refused(name: str) -> Finding:
    shown = name if len(name) <= 60 else name[:60] + "…"
    names = "、".join(builtin_names())
    return issue("JX003", f"指标体系「{shown}」不可用：在线系统只接受内置或管理员登记的指标体系名称（内置：{names}），不读取文件路径",
                 f"framework '{shown}' is not available: the web app accepts only built-in or "
                 f"administrator-registered framework names (built-in: {', '.join(builtin_names())}), never a path",
                 source=Source("<framework>", 0, 0))


def resolve_framework(name_or_path: str) -> tuple[Framework | None, list[Finding]]:
    """A shipped framework by name, else a YAML file by path; findings explain any failure.

    Inside ``named_only`` a path is refused without touching the file system.
    """
    if name_or_path in builtin_names():
        framework, findings = _load_builtin(name_or_path)
        return framework, list(findings)
    stored = _CONFINED.get()
    if stored is not None:
        text = None if looks_like_path(name_or_path) else stored(name_or_path)
        if text is None:
            return None, [_refused(name_or_path)]
        return parse_framework(text, f"<framework {name_or_path}>")
    path = FsPath(name_or_path)
    if not path.is_file():
        names = "、".join(builtin_names())
        return None, [issue("JX003", f"找不到指标体系「{name_or_path}」（内置：{names}；或给出 YAML 文件路径）",
                              f"framework '{name_or_path}' not found (built-in: {', '.join(builtin_names())}; or a YAML path)",
                              source=Source(str(path), 0, 0))]
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [issue("JX003", f"无法读取指标体系文件：{exc}",
                              f"cannot read framework file: {exc}", source=Source(str(path), 0, 0))]
    return parse_framework(text, str(path))
