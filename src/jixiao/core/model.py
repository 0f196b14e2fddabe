"""The project model: what a 绩效自评 says, as immutable values.

Facts are stored once; rates, subtotals and grades are derived (see ``scoring``), and what
a document merely *claims* lives apart in ``Stated`` so the checker can compare the two.
Provenance is a side table ``Project.sources`` from model path to ``Source``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from .findings import Source
from .money import rate
from .slots import positional_constructor as positional_constructor
from .statements import Claims as Claims
from .statements import DateClaim as DateClaim
from .statements import Figure as Figure
from .statements import RateClaim as RateClaim
from .statements import SumClaim as SumClaim

_NO_SOURCES: Mapping[str, Source] = MappingProxyType({})
_NO_CLAIMS = Claims()
_NO_CONFIDENCE: Mapping[str, Decimal] = MappingProxyType({})
_NO_COMPETING: Mapping[str, tuple[str, ...]] = MappingProxyType({})


_NO_PARAMS: Mapping[str, Any] = MappingProxyType({})


class ProjectKind(StrEnum):
    PROJECT = "project"            # 项目支出
    DEPARTMENT = "department"      # 部门整体支出


class Record(StrEnum):
    """Why a file exists: a draft being authored, or the faithful record of a published report.

    A draft with a deduction lacking its reason is refused; a published record keeps the
    defect as it was printed so the checker can report it.
    """

    DRAFT = "draft"
    PUBLISHED = "published"


class Comparator(StrEnum):
    EQ = "="
    GE = "≥"
    LE = "≤"
    RANGE = "range"
    QUALITATIVE = "定性"


class RuleKind(StrEnum):
    RATIO = "ratio"                  # 正向: full when met, else weight × actual / target
    INVERSE = "inverse"              # 反向: full when met, else weight × target / actual (or linear)
    EQUAL = "equal"                  # 等于
    RANGE = "range"                  # 区间: full inside [value, upper]
    COMPLETION = "completion"        # completed / planned × weight
    EXECUTION_RATE = "execution-rate"  # 预算执行率: actual / adjusted × weight, capped
    TIERS = "tiers"                  # 定性三档: 达成 / 部分达成 / 未达成
    DEDUCTIONS = "deductions"        # 扣分制
    YES_NO = "yes-no"
    JUDGED = "judged"                # manual score; reason required below full marks


class Tier(StrEnum):
    MET = "达成"
    PARTIAL = "部分达成"
    UNMET = "未达成"


@dataclass(frozen=True, slots=True)
class BasisDocument:
    """A 立项依据: title and its 文号 (e.g. 深坪府规〔2020〕6号)."""

    title: str
    number: str = ""


@dataclass(frozen=True, slots=True)
class Unit:
    """An organisational unit taking part in the project, with its duties (职责)."""

    name: str
    duties: str = ""


@dataclass(frozen=True, slots=True)
class Amounts:
    """The three money columns of a 自评表 row, in 万元: 年初预算数, 全年预算数, 全年执行数."""

    initial: Decimal | None = None
    adjusted: Decimal | None = None
    actual: Decimal | None = None

    @property
    def execution_rate(self) -> Decimal | None:
        """全年执行数 / 全年预算数 × 100 (the adjusted budget, never the initial one)."""
        return rate(self.actual, self.adjusted)

    @property
    def adjustment(self) -> Decimal | None:
        """全年预算数 − 年初预算数, or None when either is unknown."""
        if self.initial is None or self.adjusted is None:
            return None
        return self.adjusted - self.initial

    @property
    def is_empty(self) -> bool:
        return self.initial is None and self.adjusted is None and self.actual is None


@dataclass(frozen=True, slots=True)
class FundingSource:
    """A 资金来源 row (本年财政拨款 / 上年结转资金 / 其他资金): no score of its own.

    ``stated_rate`` is the 执行率 the row prints (with its % sign), compared with its own figures.
    """

    name: str
    amounts: Amounts = Amounts()
    stated_rate: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Adjustment:
    """A budget change during the year (追加/调减) and why; ``amount`` is signed, 万元."""

    amount: Decimal | None = None
    reason: str = ""
    document: str = ""
    applies_to: str = "total"   # "total" or "procurement"


@dataclass(frozen=True, slots=True)
class Funding:
    total: Amounts = Amounts()
    sources: tuple[FundingSource, ...] = ()
    procurement: Amounts = Amounts()
    adjustments: tuple[Adjustment, ...] = ()
    low_execution_reason: str = ""
    purposes: str = ""
    notes: str = ""

    @property
    def execution_rate(self) -> Decimal | None:
        return self.total.execution_rate

    @property
    def procurement_execution_rate(self) -> Decimal | None:
        return self.procurement.execution_rate

    def adjustment_reasons(self, applies_to: str = "total") -> tuple[str, ...]:
        return tuple(a.reason for a in self.adjustments if a.applies_to == applies_to and a.reason.strip())


@dataclass(frozen=True, slots=True)
class Target:
    """A 绩效目标 / 绩效指标 with its 指标值 and the reported 实际完成值.

    ``value``/``actual`` are numbers when the text gives one; ``value_text``/``actual_text``
    keep the words as printed (qualitative targets, or '≥98%' before parsing).
    """

    id: str
    name: str
    category: str = ""           # 产出 / 效益 / 满意度 / 成本
    subcategory: str = ""        # 数量 / 质量 / 时效 / 成本 / 经济效益 / 社会效益 / ... / 服务对象满意度
    comparator: Comparator = Comparator.EQ
    value: Decimal | None = None
    upper: Decimal | None = None   # upper bound for a range target
    unit: str = ""
    actual: Decimal | None = None
    actual_unit: str = ""
    value_text: str = ""
    actual_text: str = ""
    deviation_reason: str = ""
    evidence: tuple[str, ...] = ()

    @property
    def has_actual(self) -> bool:
        return self.actual is not None or bool(self.actual_text.strip())


@dataclass(frozen=True, slots=True)
class Rule:
    kind: RuleKind = RuleKind.JUDGED
    params: Mapping[str, Any] = field(default_factory=lambda: _NO_PARAMS)


@dataclass(frozen=True, slots=True)
class Deduction:
    points: Decimal
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Indicator:
    """A node of the indicator tree (一级/二级/三级, any depth).

    Inner nodes carry a weight and children. Leaves carry the scoring rule and its inputs:
    a bound target, a judged ``score`` with ``reason``, a ``tier``, deductions, a yes/no
    answer, or completed/planned counts. In a published record ``score`` is what the
    table printed, which the engine may recompute and the checker compares.
    """

    name: str
    weight: Decimal | None = None
    children: tuple[Indicator, ...] = ()
    explanation: str = ""
    rule: Rule | None = None
    target: str | None = None
    score: Decimal | None = None
    reason: str = ""
    tier: Tier | None = None
    deductions: tuple[Deduction, ...] = ()
    answer: bool | None = None
    completed: Decimal | None = None
    planned: Decimal | None = None
    applicable: bool = True
    open: bool = False            # framework only: projects may add their own leaves here
    evidence: tuple[str, ...] = ()

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def child(self, name: str) -> Indicator | None:
        key = normalise_name(name)
        return next((c for c in self.children if normalise_name(c.name) == key), None)


_NAME_TABLE = str.maketrans({"（": "(", "）": ")", "／": "/", "\u3000": None, " ": None, "\t": None})


@lru_cache(maxsize=4096)
def normalise_name(name: str) -> str:
    """Compare indicator names the way a reader would: ignore spaces, full/half-width brackets and slashes."""
    return name.translate(_NAME_TABLE).strip()


@dataclass(frozen=True, slots=True)
class Stated:
    """What a document claims, kept apart from what we compute.

    ``subtotals`` maps an indicator path (``项目决策/项目立项``) to the printed score;
    ``weight_total`` is the printed 合计 of 分值.
    """

    total: Decimal | None = None
    grade: str | None = None
    execution_rate: Decimal | None = None
    procurement_execution_rate: Decimal | None = None
    execution_score: Decimal | None = None
    weight_total: Decimal | None = None
    subtotals: Mapping[str, Decimal] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class Section:
    """A narrative section or sub-section as written: heading and body text."""

    heading: str
    text: str = ""


@dataclass(frozen=True, slots=True)
class Problem:
    text: str
    cause: str = ""


@dataclass(frozen=True, slots=True)
class Narrative:
    """The prose of a report, by section (一、基本情况 … 五、有关建议).

    ``goal``/``achievement`` are the 年度总体目标 预期目标 / 实际完成情况; ``analysis`` holds
    the per-dimension analysis (决策/过程/产出/效益); ``sections`` keeps every section of an
    imported document verbatim, so text checks see exactly what was published.
    """

    background: str = ""
    goal: str = ""
    achievement: str = ""
    conclusion: str = ""
    analysis: tuple[Section, ...] = ()
    experiences: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    measures: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()


@dataclass(frozen=True, slots=True)
class Evidence:
    """A 佐证材料 reference: what it is and which indicator or target it supports."""

    name: str
    kind: str = ""
    supports: str = ""       # an indicator path or a target id
    file: str = ""


@dataclass(frozen=True, slots=True)
class Project:
    name: str
    year: int | None = None
    department: str = ""           # 主管部门
    implementing_unit: str = ""    # 实施单位
    leads: tuple[str, ...] = ()    # 项目负责人
    preparer: str = ""             # 填报人
    phone: str = ""
    kind: ProjectKind = ProjectKind.PROJECT
    record: Record = Record.DRAFT
    framework: str | None = None
    basis: tuple[BasisDocument, ...] = ()
    units: tuple[Unit, ...] = ()
    funding: Funding = Funding()
    targets: tuple[Target, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    stated: Stated = Stated()
    narrative: Narrative = Narrative()
    evidence: tuple[Evidence, ...] = ()
    # what a reader could read only in part (e.g. "read.scrambled_table"), so the checker
    # weighs findings on that part accordingly; kept in project files, unlike positions
    read_notes: tuple[str, ...] = ()
    claims: Claims = _NO_CLAIMS    # prose facts read once by the readers (readers/claims.py)
    sources: Mapping[str, Source] = field(default_factory=lambda: _NO_SOURCES)
    # readers only: how sure the reader is of each value it read (model path -> 0..1, see
    # jixiao.core.vocabulary.CONFIDENCE_THRESHOLD), and for each path the candidates it weighed
    # and did not take ("1088 (计划安排资金) at file:12:5"); empty for authored projects
    confidence: Mapping[str, Decimal] = field(default_factory=lambda: _NO_CONFIDENCE)
    competing: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: _NO_COMPETING)

    def target(self, target_id: str) -> Target | None:
        return next((t for t in self.targets if t.id == target_id), None)

    def source_of(self, path: str) -> Source | None:
        """The source of a model path, falling back to the nearest located parent path."""
        probe = path
        while probe:
            if probe in self.sources:
                return self.sources[probe]
            cut = max(probe.rfind("."), probe.rfind("["), probe.rfind("/"))
            if cut <= 0:
                break
            probe = probe[:cut]
        return self.sources.get(probe)

    def evolve(self, **changes: Any) -> Project:
        return replace(self, **changes)
