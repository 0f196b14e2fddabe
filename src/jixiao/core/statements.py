"""What the prose of a report states, as values: figures and the claims built on them (``Project.claims``).

Kept apart from ``model`` so the project model stays one screen per concept; ``model`` re-exports
these names. The readers fill them (``readers/claims.py`` via ``core.claims``), the checker reads them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from .mentions import Mention

_TO_WAN: Mapping[str, Decimal] = MappingProxyType({"亿元": Decimal(10000), "万元": Decimal(1), "元": Decimal("0.0001")})


@dataclass(frozen=True, slots=True)
class Figure:
    """A number the prose states, with the words before it that say what it is ('省级补助资金')."""

    value: Decimal
    unit: str                 # as printed, normalised: 万元 元 亿元 % 个 人 …
    label: str                # the phrase before the number, up to the previous punctuation or figure
    text: str                 # the figure as printed ('120.5万元')
    sentence: int             # index into ``Claims.sentences``
    year: int | None = None   # the last year its sentence names before it ('2022年下达…')

    @property
    def wan(self) -> Decimal | None:
        """Money in 万元 (exact), None for a figure that is not money."""
        factor = _TO_WAN.get(self.unit)
        return None if factor is None else self.value * factor


@dataclass(frozen=True, slots=True)
class SumClaim:
    """A whole stated with its parts: 'a＋b＝c', '共X万元，其中A、B…', '一是…二是…', '年初8个，新增8个…共15个'."""

    kind: str                 # equation | breakdown | enumeration | count
    whole: Figure
    parts: tuple[Figure, ...]
    minus: tuple[Figure, ...] = ()     # subtracted parts of a count (取消/减少)


@dataclass(frozen=True, slots=True)
class RateClaim:
    """A percentage the prose states and, when the same sentence gives them, the two figures it divides."""

    rate: Figure
    numerator: Figure | None = None
    denominator: Figure | None = None


@dataclass(frozen=True, slots=True)
class DateClaim:
    """A date with its role: the report's own date (落款/填报日期), the end of the evaluated period, or an event."""

    role: str                 # report | period_end | event
    year: int
    month: int | None
    day: int | None
    text: str
    sentence: int


@dataclass(frozen=True, slots=True)
class Claims:
    """Facts stated in the prose, read once by the readers so rules never re-parse text.

    ``sentences`` are the prose sentences in reading order (located as ``claims.sentences[i]`` in
    ``Project.sources``); every other claim points into them. ``lists`` are the item numbers
    printed in one paragraph ('1.', '2.', '4.', '4.'), ``numbers`` the 文号 as printed, ``titles``
    the document titles naming a year, ``instructions`` the template prompts left in ('…(200字以内)').
    """

    sentences: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()
    sums: tuple[SumClaim, ...] = ()
    rates: tuple[RateClaim, ...] = ()
    dates: tuple[DateClaim, ...] = ()
    lists: tuple[tuple[int, tuple[str, ...]], ...] = ()     # (sentence of the first item, markers)
    numbers: tuple[tuple[int, str], ...] = ()               # (sentence, 文号 as printed)
    titles: tuple[tuple[int, int, str], ...] = ()           # (sentence, year, '…2023年度…自评表' as printed)
    instructions: tuple[tuple[int, str], ...] = ()          # (sentence, the label above it): template prompts
    blanks: tuple[str, ...] = ()          # header labels printed with an empty cell (located claims.blanks[i])
    statuses: tuple[tuple[int, str], ...] = ()  # (sentence, '全部支付'…): the money said to be wholly spent or paid
    goal_cells: tuple[tuple[int, str], ...] = ()  # (sentence, text) of the 年度总体目标 block (预期目标 | 实际完成情况)
    repeats: tuple[tuple[int, int], ...] = ()     # (first, again): a long sentence printed twice (page break, footer)
    reasons: tuple[tuple[int, str, str], ...] = ()  # (sentence, kind, clause): a reason given (``core.reasons``)
    scores: tuple[tuple[int, str, Decimal, str], ...] = ()  # (sentence, keyword, points, text): '综合评分96分'
    grades: tuple[tuple[int, str, str], ...] = ()   # (sentence, grade, text): '评价等级为优'
    completions: tuple[tuple[int, str], ...] = ()   # (sentence, phrase): '全面完成…目标' (``core.verdicts``)
    note_weights: tuple[tuple[int, str, str], ...] = ()  # (sentence, name, points): '注:产出指标50分,…'
    dated_documents: tuple[tuple[int, str, int, str, int], ...] = ()  # (sentence, date, year, 〔year〕, year)
    placeholders: tuple[tuple[int, str, str], ...] = ()  # (sentence, token, words around it): '≥**平方米'
    mentions: tuple[tuple[int, int, Mention], ...] = ()  # (sentence, paragraph, count): '引进…项目2个'
