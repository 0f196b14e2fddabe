"""Parse YAML (and JSON, a subset of it) keeping the line and column of every value.

Decimal-looking scalars become ``Decimal`` from their printed digits, never via float.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Located:
    data: Any
    marks: dict[Path, tuple[int, int]]   # path -> (line, column) of its key or item, 1-based


class YamlSyntaxError(ValueError):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"


def _scalar(node: yaml.ScalarNode) -> Any:
    if node.tag == _INT:
        try:
            return int(node.value.replace("_", ""), 0)
        except ValueError:
            return node.value
    if node.tag == _FLOAT:
        try:
            return Decimal(node.value.replace("_", ""))
        except InvalidOperation:
            return node.value
    if node.tag == _BOOL:
        return node.value.lower() in {"true", "yes", "on", "y"}
    if node.tag == _NULL:
        return None
    return node.value


def _walk(node: yaml.Node, path: Path, marks: dict[Path, tuple[int, int]]) -> Any:
    marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(_scalar(key_node)) if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            # a field is located at its key, where an editor should put the cursor
            marks[(*path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = _walk(value_node, (*path, key), marks)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_walk(item, (*path, i), marks) for i, item in enumerate(node.value)]
    if not isinstance(node, yaml.ScalarNode):     # compose() builds only these three node kinds
        raise TypeError(f"unexpected YAML node {type(node).__name__}")
    return _scalar(node)


def load_located(text: str) -> Located:
    """Parse ``text``; raise ``YamlSyntaxError`` with the position of a syntax error."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlSyntaxError(str(exc.problem or exc), line, col) from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(str(exc), 1, 1) from exc
    marks: dict[Path, tuple[int, int]] = {}
    data = _walk(node, (), marks) if node is not None else None
    return Located(data, marks)


def nearest_mark(marks: dict[Path, tuple[int, int]], path: Path) -> tuple[int, int]:
    """The mark of ``path`` or of its closest ancestor that has one."""
    probe = tuple(path)
    while probe and probe not in marks:
        probe = probe[:-1]
    return marks.get(probe, (1, 1))
