"""Parse YAML (and JSON, a subset of it) keeping the line and column of every value.

Decimal-looking scalars become ``Decimal`` from their printed digits, never via float.

Untrusted text is bounded before it can cost memory or time (``YamlLimitError``, located):
the document size (``MAX_TEXT``), nodes composed (``MAX_NODES``), nesting depth
(``MAX_DEPTH``), aliases (``MAX_ALIASES``) and values produced once aliases are expanded
(``MAX_VALUES``) — a "billion laughs" file is refused at its first alias past the budget.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Located:
    data: Any
    marks: dict[Path, tuple[int, int]]   # path -> (line, column) of its key or item, 1-based


MAX_TEXT = 2 * 1024 * 1024      # a project file is ~10 KB; frameworks smaller still
MAX_NODES = 10_000               # the reference project has ~550 nodes
MAX_DEPTH = 50                   # the deepest real file nests ~8 levels
MAX_ALIASES = 20                 # project files need none; a few are harmless
MAX_VALUES = 100_000             # values after alias expansion


class YamlSyntaxError(ValueError):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.zh = f"语法错误：{message}"
        self.en = f"syntax error: {message}"


class YamlLimitError(YamlSyntaxError):
    """The text is refused because it exceeds a limit; ``zh`` / ``en`` say which, ``line``/``column`` where."""

    def __init__(self, zh: str, en: str, line: int = 1, column: int = 1) -> None:
        super().__init__(en, line, column)
        self.zh, self.en = zh, en


def _at(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


_Parser: Any = getattr(getattr(yaml, "_yaml", None), "CParser", None)   # libyaml, when PyYAML has it


class _BoundedComposer(yaml.composer.Composer):
    """PyYAML's composer with budgets: counts nodes, aliases and depth as events arrive."""

    def _init_budget(self) -> None:
        self.jx_nodes = 0
        self.jx_aliases = 0
        self.jx_depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[attr-defined]  # the parser mixed in beside it
        if isinstance(event, yaml.AliasEvent):
            self.jx_aliases += 1
            if self.jx_aliases > MAX_ALIASES:
                raise YamlLimitError(f"别名（*引用）超过{MAX_ALIASES}个，疑为“别名炸弹”，拒绝读取",
                                     f"more than {MAX_ALIASES} aliases (*refs): alias bomb suspected; refused",
                                     *_at(event.start_mark))
        else:
            self.jx_nodes += 1
            if self.jx_nodes > MAX_NODES:
                raise YamlLimitError(f"文件包含的值超过{MAX_NODES}个，拒绝读取",
                                     f"more than {MAX_NODES} values in the file; refused", *_at(event.start_mark))
        self.jx_depth += 1
        try:
            if self.jx_depth > MAX_DEPTH:
                raise YamlLimitError(f"嵌套层数超过{MAX_DEPTH}层，拒绝读取",
                                     f"nesting deeper than {MAX_DEPTH} levels; refused", *_at(event.start_mark))
            return super().compose_node(parent, index)
        finally:
            self.jx_depth -= 1


if _Parser is not None:
    class _Loader(_BoundedComposer, yaml.constructor.SafeConstructor, yaml.resolver.Resolver, _Parser):
        """libyaml's parser (fast events) feeding the bounded Python composer."""

        def __init__(self, stream: str) -> None:
            _Parser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            yaml.composer.Composer.__init__(self)
            self._init_budget()
else:   # pragma: no cover - PyYAML built without libyaml
    class _Loader(_BoundedComposer, yaml.SafeLoader):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            yaml.SafeLoader.__init__(self, stream)
            self._init_budget()


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


class _Walk:
    """Node graph -> Python values, counting values produced so shared (aliased) nodes stay bounded."""

    def __init__(self) -> None:
        self.values = 0

    def __call__(self, node: yaml.Node, path: Path, marks: dict[Path, tuple[int, int]]) -> Any:
        self.values += 1
        if self.values > MAX_VALUES or len(path) > MAX_DEPTH:
            raise YamlLimitError(f"别名展开后的值超过{MAX_VALUES}个或嵌套超过{MAX_DEPTH}层（疑为“别名炸弹”），拒绝读取",
                                 f"aliases expand beyond {MAX_VALUES} values or {MAX_DEPTH} levels "
                                 "(alias bomb suspected); refused", *_at(node.start_mark))
        return _walk(node, path, marks, self)


def _walk(node: yaml.Node, path: Path, marks: dict[Path, tuple[int, int]], walk: _Walk) -> Any:
    marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(_scalar(key_node)) if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            # a field is located at its key, where an editor should put the cursor
            marks[(*path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = walk(value_node, (*path, key), marks)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [walk(item, (*path, i), marks) for i, item in enumerate(node.value)]
    if not isinstance(node, yaml.ScalarNode):     # compose() builds only these three node kinds
        raise TypeError(f"unexpected YAML node {type(node).__name__}")
    return _scalar(node)


_QUOTED_OR_COMMENT = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\n]|\'\')*\'|(?:^|(?<=\s))#[^\n]*', re.M)
_BRACKET = re.compile(r"[\[\]{}]")


def _flow_depth_check(text: str) -> None:
    """Refuse deep ``[[[[…`` / ``{{{…`` before libyaml sees them (its scanner is slow on long runs).

    Brackets inside quotes and comments are ignored; the rest is counted as nesting.
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    masked = _QUOTED_OR_COMMENT.sub(lambda m: " " * len(m.group()), text)
    depth = 0
    for m in _BRACKET.finditer(masked):
        depth += 1 if m.group() in "[{" else -1
        if depth > MAX_DEPTH:
            line = masked.count("\n", 0, m.start()) + 1
            column = m.start() - (masked.rfind("\n", 0, m.start()) + 1) + 1
            raise YamlLimitError(f"嵌套层数超过{MAX_DEPTH}层，拒绝读取", f"nesting deeper than {MAX_DEPTH} levels; refused",
                                 line, column)


def load_located(text: str) -> Located:
    """Parse ``text``; raise ``YamlSyntaxError`` with the position of a syntax error or exceeded limit."""
    (located,) = _load(text, many=False)
    return located


def load_located_all(text: str) -> list[Located]:
    """Every document of a ``---``-separated stream (``jixiao read`` writes one per project), each located
    in the whole text; the limits hold for the stream as a whole."""
    return _load(text, many=True)


def _load(text: str, many: bool) -> list[Located]:
    if len(text) > MAX_TEXT:
        raise YamlLimitError(f"项目文件超过{MAX_TEXT // 1048576}MB，拒绝读取",
                             f"file larger than {MAX_TEXT // 1048576} MB; refused")
    _flow_depth_check(text)
    loader = _Loader(text)
    try:
        nodes = [loader.get_single_node()] if not many else []
        while many and loader.check_node():
            nodes.append(loader.get_node())
    except YamlSyntaxError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlSyntaxError(str(exc.problem or exc), line, col) from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(str(exc), 1, 1) from exc
    except RecursionError as exc:   # only if MAX_DEPTH were raised past Python's stack
        raise YamlLimitError("嵌套层数过深，拒绝读取", "nesting too deep; refused") from exc
    finally:
        loader.dispose()
    out = []
    for node in nodes or [None]:
        marks: dict[Path, tuple[int, int]] = {}
        out.append(Located(_Walk()(node, (), marks) if node is not None else None, marks))
    return out


def nearest_mark(marks: dict[Path, tuple[int, int]], path: Path) -> tuple[int, int]:
    """The mark of ``path`` or of its closest ancestor that has one."""
    probe = tuple(path)
    while probe and probe not in marks:
        probe = probe[:-1]
    return marks.get(probe, (1, 1))
