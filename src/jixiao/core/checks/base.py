"""What every check receives and how it builds a finding.

A check is ``check_x(ctx) -> Iterable[Finding]``: pure, one concern, no I/O. ``finding``
fills code metadata from the registry and the source from ``Project.source_of``, so a check
only says what is wrong, where (a model path) and with which figures.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..findings import Finding, Severity, Source
from ..framework import Policy
from ..model import Project
from ..money import q2
from ..readnotes import NO_WEIGHT_COLUMN, SCRAMBLED_TABLE, TRUNCATED_TABLE
from ..readnotes import ZERO_TOTAL_ROW as ZERO_TOTAL_ROW  # the checks name it from here
from ..reasons import INSTRUCTION as INSTRUCTION  # template prompts: one definition, with the reasons
from ..registry import issue
from ..scoring import ScoreCard, ScoredNode

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class CheckContext:
    project: Project
    card: ScoreCard | None
    policy: Policy

    def leaves(self) -> Iterator[ScoredNode]:
        """Scored leaves when a card exists (the framework-merged tree), else nothing."""
        return self.card.leaves() if self.card is not None else iter(())


Check = Callable[[CheckContext], Iterable[Finding]]


_PLACEHOLDER_NAME = re.compile(r"^(?:指标\s*\d+[:：]?|[=≥≤<>]|完成|无|%|[\d.]+%?)$")


def shown_name(path: str) -> str:
    """An indicator's name for a message: the printed name, or where it sits when the name was not read.

    A reader that could not read a row's name leaves '指标5', '=' or a value in its place; a message
    then says '「产出/时效指标」下的一项（名称未读出）' instead of naming the row by a placeholder.
    """
    parts = [p for p in path.split("/")[1:] if p]
    name = parts[-1] if parts else path
    if not _PLACEHOLDER_NAME.match(name.strip()):
        return name
    where = "/".join(parts[:-1])
    return f"{where}下的一项指标（名称未读出：{name.strip()}）" if where else f"一项指标（名称未读出：{name.strip()}）"


def document_source(project: Project) -> Source:
    """Where a finding about the whole document points: the project name as read, else the first
    heading or sentence of the text (its title), never line 0."""
    for key in ("name", "narrative.sections[0]", "claims.sentences[0]"):
        src = project.sources.get(key)
        if src is not None and (src.line > 0 or src.sheet is not None):
            return src
    located = [s for s in project.sources.values() if s.line > 0]
    return min(located, key=lambda s: (s.page or 0, s.line, s.column)) if located else Source(file="<computed>")


def finding(ctx: CheckContext, code: str, message: str, message_en: str, path: str,
            hint: str = "", data: Mapping[str, Any] | None = None, excerpt: str = "",
            severity: Severity | None = None) -> Finding:
    """A located finding. ``excerpt`` (the offending sentence of a long text) replaces the fragment,
    so the printout shows the words at fault rather than the first line of their section."""
    source = ctx.project.source_of(path) or document_source(ctx.project)
    if excerpt:
        source = replace(source, fragment=excerpt)
    return issue(code, message, message_en, path=path, source=source, hint=hint, data=data, severity=severity)


PARTIAL_TABLE: dict[str, tuple[str, str]] = {
    SCRAMBLED_TABLE: ("评分表文字顺序错乱，分值按数字对识别，可能缺漏或错位",
                             "the scoring table text is scrambled; weights were read from number pairs"),
    TRUNCATED_TABLE: ("评分表在文本末尾中断，没有合计行，其后各行未读到",
                             "the scoring table is cut off at the end of the text, without its total row"),
    NO_WEIGHT_COLUMN: ("评分表没有分值列，各行分值未印出",
                              "the scoring table has no weight column"),
}
"""``Project.sources`` keys the readers set, located at the table, when its weights cannot be trusted:
weight sums from such a table are reported for information, not as errors."""


def partial_table(project: Project) -> list[tuple[str, str]]:
    """(zh, en) reasons why the published scoring table was read only in part."""
    return [reason for key, reason in PARTIAL_TABLE.items() if key in project.read_notes]




def sentence_at(text: str, start: int, end: int | None = None) -> str:
    """The sentence of ``text`` around [start, end): from the previous 。；! ? or line break to the next."""
    end = start if end is None else end
    stops = "。；;！!？?\n"
    left = max(text.rfind(c, 0, start) for c in stops) + 1
    rights = [i for i in (text.find(c, end) for c in stops) if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()


def strs(**values: object) -> dict[str, Any]:
    """Figures for ``Finding.data``: Decimals as strings so JSON keeps every printed digit."""
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in values.items()}


def digits(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def agrees(stated: Decimal, computed: Decimal, tolerance: Decimal) -> bool:
    """Is a printed figure consistent with the computed one?

    Rounding the computed value to the printed digits is never an error ('99%' for 99.10),
    and differences within the policy tolerance pass. A printed 100 for a computed value
    below 100 is a claim of completeness, so it never passes on rounding alone.
    """
    if stated == 100 and computed < 100 and stated != q2(computed):
        return False
    rounded = computed.quantize(Decimal(1).scaleb(-digits(stated)), rounding=ROUND_HALF_UP)
    return rounded == stated or abs(stated - computed) <= tolerance


def is_full(node: ScoredNode) -> bool:
    return node.indicator.score is not None and node.indicator.score >= node.weight > 0


def top_level(path: str) -> str:
    parts = path.split("/")
    return parts[1] if len(parts) > 1 else path


def narrative_texts(project: Project) -> Iterator[tuple[str, str]]:
    """(model path, text) for every prose field, including imported sections and unit duties."""
    n = project.narrative
    for key in ("background", "goal", "achievement", "conclusion"):
        text = getattr(n, key)
        if text.strip():
            yield f"narrative.{key}", text
    for key in ("analysis", "sections"):
        for i, section in enumerate(getattr(n, key)):
            if section.text.strip():
                yield f"narrative.{key}[{i}]", section.text
    for key in ("experiences", "measures", "suggestions"):
        for i, text in enumerate(getattr(n, key)):
            if text.strip():
                yield f"narrative.{key}[{i}]", text
    for i, p in enumerate(n.problems):
        yield f"narrative.problems[{i}]", f"{p.text}{p.cause}"
    for i, unit in enumerate(project.units):
        if unit.duties.strip():
            yield f"units[{i}].duties", unit.duties
    for key in ("purposes", "notes", "low_execution_reason"):
        text = getattr(project.funding, key)
        if text.strip():
            yield f"funding.{key}", text
