"""Turn JSON Schema validation errors into bilingual, located findings."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from ..core.findings import Finding, Source
from ..core.registry import issue
from .schema import PROJECT_SCHEMA
from .yamlmarks import Path, nearest_mark

if TYPE_CHECKING:     # jsonschema costs ~80 ms to import: only when a document is validated
    import jsonschema

_TYPE_ZH = {"string": "文本", "number": "数字", "integer": "整数", "boolean": "是/否(true/false)",
            "array": "列表", "object": "对象(键值)", "null": "空值"}


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    import jsonschema

    return jsonschema.Draft202012Validator(PROJECT_SCHEMA)


def _where(path: Path) -> str:
    return ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path).replace(".[", "[") or "(根)"


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "number"


def describe_error(err: jsonschema.ValidationError) -> tuple[str, str]:
    where = _where(tuple(err.absolute_path))
    v = err.validator
    if v == "required":
        field = str(err.message).split("'")[1] if "'" in err.message else err.message
        return f"{where} 缺少必填字段「{field}」", f"{where}: missing required field '{field}'"
    if v == "additionalProperties":
        extra = [k for k in err.instance if k not in err.schema.get("properties", {})]
        names = "、".join(extra)
        return (f"{where} 含未知字段「{names}」（可能拼写错误）",
                f"{where}: unknown field(s) {', '.join(extra)} (misspelt?)")
    if v in {"type", "pattern", "anyOf"}:
        expected = err.schema.get("type")
        if v == "anyOf" or expected is None:
            expected = "number" if "pattern" in str(err.schema) else "string"
        if isinstance(expected, list):
            expected = expected[0]
        got = _type_name(err.instance)
        return (f"{where} 应为{_TYPE_ZH.get(str(expected), expected)}，实际为{_TYPE_ZH.get(got, got)}「{err.instance}」",
                f"{where}: expected {expected}, got {got} {err.instance!r}")
    if v == "enum":
        options = "、".join(map(str, err.validator_value))
        return (f"{where} 的取值「{err.instance}」无效，可选：{options}",
                f"{where}: {err.instance!r} is not one of {', '.join(map(str, err.validator_value))}")
    if v in {"minimum", "maximum"}:
        return (f"{where} 的取值{err.instance}超出范围（{v} {err.validator_value}）",
                f"{where}: {err.instance} is out of range ({v} {err.validator_value})")
    if v == "minLength":
        return f"{where} 不能为空", f"{where}: must not be empty"
    if v == "const":
        return (f"{where} 应为{err.validator_value}", f"{where}: must be {err.validator_value}")
    return f"{where}：{err.message}", f"{where}: {err.message}"


def schema_findings(data: object, marks: dict[Path, tuple[int, int]], filename: str) -> list[Finding]:
    """All schema violations of ``data``, deepest first collapsed to one per location."""
    errors: Iterable[jsonschema.ValidationError] = _validator().iter_errors(data)
    out: list[Finding] = []
    seen: set[tuple[Path, str]] = set()
    for err in sorted(errors, key=lambda e: (list(map(str, e.absolute_path)), e.validator)):
        best = _deepest(err)
        path = tuple(best.absolute_path)
        if best.validator == "additionalProperties":
            extra = next((k for k in best.instance if k not in best.schema.get("properties", {})), None)
            if extra is not None:
                path = (*path, extra)
        key = (path, str(best.validator))
        if key in seen:
            continue
        seen.add(key)
        zh, en = describe_error(best)
        line, col = nearest_mark(marks, path)
        out.append(issue("JX001", zh, en, path=_where(path),
                           source=Source(filename, line, col),
                           hint="对照 `jixiao schema` 或 `jixiao init` 生成的模板修改"))
    return out


def _deepest(err: jsonschema.ValidationError) -> jsonschema.ValidationError:
    """For anyOf failures, report the branch that got furthest rather than 'not valid under any'."""
    if err.validator == "anyOf" and err.context:
        candidates = [e for e in err.context if e.validator != "type"] or list(err.context)
        return max(candidates, key=lambda e: len(e.absolute_path))
    return err
