"""How sure the reading is: rules stay silent on facts the reader was not sure of, and never state the impossible.

Two mechanisms, both general:

* gating — a figure the prose claims show to be something else (the 年初预算 that is the
  central grant '中央下达…', the 全年执行数 that is one part of a '执行数X(含中央A…)' breakdown)
  is doubtful; the rules that need it are silent and ``check_doubtful_figures`` writes one
  located note instead. A scoring table whose rows exceed their weights on two rows or more was
  not aligned with confidence: one note, no per-row errors.
* plausibility — ``implausible`` names the impossible figure in a finding (a rate above 200%,
  a deduction larger than any weight, a weight above the table's total, a year taken as a
  quantity); ``run_checks`` turns such a finding into a note, because it is a reading problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from .. import field_labels
from ..findings import Finding, Severity
from ..model import Figure, Project
from ..money import fmt_money, q2
from ..vocabulary import CONFIDENCE_THRESHOLD, FIELD_LABELS, PART_CUES
from .base import CheckContext, finding, strs

_GRANT = re.compile(r"下达|拨付|分解|转移支付|收到")
_INITIAL_WORDS = tuple(FIELD_LABELS["funding.total.initial"])
_INITIAL = re.compile("|".join(_INITIAL_WORDS))
_SPENT = re.compile(r"支出|执行|使用")
_ZH = {key: field_labels.of(f"funding.total.{key}").zh for key in ("initial", "adjusted", "actual")}
RATE_CEILING = Decimal(200)
_RATE_KEYS = ("rate", "percent", "change_rate")
_POINT_KEYS = ("lost", "weight")
_YEARS = (Decimal(1990), Decimal(2100))


def _same(a: Decimal | None, b: Decimal | None) -> bool:
    return a is not None and b is not None and q2(a) == q2(b)


def _part(label: str) -> bool:
    """A figure labelled as one part of the money ('中央下达…', '其中…')."""
    return any(cue in label for cue in PART_CUES)


def doubtful_funding(project: Project) -> dict[str, tuple[str, str, Figure]]:
    """Funding figures the prose shows to be something else: {column: (zh, en, the figure said)}.

    The initial budget is doubtful when the prose gives its amount as one level's grant
    ('中央下达…600万元') or names another amount as the 年初预算; the actual when it is one part of
    a spending breakdown. A reader's own low confidence (``Project.confidence``) counts the same.
    """
    claims, total = project.claims, project.funding.total
    out: dict[str, tuple[str, str, Figure]] = {}
    said_initial = [f for f in claims.figures if _same(f.wan, total.initial)]
    grant = next((f for f in said_initial if _GRANT.search(f.label) and (_part(f.label) or not _INITIAL.search(f.label))),
                 None)
    named = next((f for f in claims.figures if f.wan is not None and not _part(f.label) and not _same(f.wan, total.initial)
                  and _INITIAL.search(f.label) and f.label.endswith(_INITIAL_WORDS)), None)
    said = grant or named
    if said is not None:
        out["initial"] = (_ZH["initial"], "the initial budget", said)
    for claim in claims.sums:
        whole = claim.whole.wan
        if claim.kind != "breakdown" or whole is None or not _SPENT.search(claim.whole.label):
            continue
        part = next((p for p in claim.parts if _same(p.wan, total.actual)), None)
        if part is not None and total.actual is not None and whole > total.actual:
            out["actual"] = (_ZH["actual"], "actual spending", part)
    for column, en in (("initial", "the initial budget"), ("adjusted", "the budget"), ("actual", "actual spending")):
        zh = _ZH[column]
        conf = project.confidence.get(f"funding.total.{column}")
        value = getattr(total, column)
        if conf is not None and value is not None and conf < Decimal(str(CONFIDENCE_THRESHOLD)) and column not in out:
            out[column] = (zh, en, Figure(value, "万元", "（读取把握不足）", fmt_money(value), -1))
    return out


def funding_doubt(ctx: CheckContext, *columns: str) -> bool:
    """Is any of these funding columns doubtful (a rule needing it stays silent)?"""
    doubt = doubtful_funding(ctx.project)
    return any(c in doubt for c in columns)


def check_doubtful_figures(ctx: CheckContext) -> Iterator[Finding]:
    """One located note per funding figure the rules did not use because the prose says it is a part."""
    for column, (zh, en, said) in doubtful_funding(ctx.project).items():
        value = getattr(ctx.project.funding.total, column)
        yield finding(
            ctx, "JX005", f"{zh}读为{fmt_money(value)}万元，但文中该金额是“{said.label[-16:]}{said.text}”，"
            f"不一定是{zh}；依赖{zh}的复核未进行", f"{en} was read as {fmt_money(value)}, but the text gives "
            f"that amount as '{said.text}' of another kind; rules that need it were not run",
            f"funding.total.{column}", "核对资金表或在文中写明年初预算数、全年执行数",
            strs(column=column, value=value, said=said.text), severity=Severity.INFO)


def misaligned_table(ctx: CheckContext) -> list[Finding]:
    """Score-above-weight findings on two rows or more: the columns were not aligned, not the report's error."""
    if ctx.card is None:
        return []
    over = [f for f in ctx.card.findings if f.code == "JX102"]
    return over if len(over) >= 2 else []


def _decimal(value: object) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


_BUDGET_CODES = frozenset({"JX201", "JX202", "JX203", "JX204", "JX206", "JX208", "JX414", "JX415"})


def implausible_funding(project: Project) -> str | None:
    """Budget figures that are other columns' numbers: the 执行率 read as the 执行数, a section's points as the budget."""
    total, stated = project.funding.total, project.stated
    if stated.execution_rate is not None and total.actual is not None and total.adjusted not in (None, Decimal(100)) \
            and q2(total.actual) == q2(stated.execution_rate) and rate_differs(total.actual, total.adjusted,
                                                                          stated.execution_rate):
        return f"执行数{fmt_money(total.actual)}与执行率{stated.execution_rate}%数值相同"
    points = {i.weight for i in project.indicators if i.weight is not None and i.children}
    for value in (total.initial, total.adjusted):
        if value is not None and value in points and (total.actual is None or total.actual > value * 2):
            return f"预算数{fmt_money(value)}等于一级指标的分值"
    return None


def rate_differs(actual: Decimal, adjusted: Decimal | None, stated: Decimal) -> bool:
    return adjusted is None or adjusted == 0 or q2(actual * 100 / adjusted) != q2(stated)


def implausible(f: Finding, weight_total: Decimal, project: Project | None = None) -> str | None:
    """Why a finding's own figures cannot be a fact of the report (then it is a reading problem), or None."""
    data = f.data
    if project is not None and f.code in _BUDGET_CODES and (why := implausible_funding(project)) is not None:
        return why
    for key in _RATE_KEYS:
        v = _decimal(data.get(key)) if key in data else None
        if v is not None and abs(v) > RATE_CEILING and f.code != "JX308":
            return f"比率{v}%超过{RATE_CEILING}%"
    if f.code in {"JX202", "JX401"}:
        for key in ("stated", "computed", "claimed"):
            v = _decimal(data.get(key)) if key in data else None
            if v is not None and v > RATE_CEILING:
                return f"执行率{v}%超过{RATE_CEILING}%"
    for key in _POINT_KEYS:
        v = _decimal(data.get(key)) if key in data else None
        if v is not None and v > weight_total:
            return f"分值{v}大于总分{weight_total}"
    value, actual = _decimal(data.get("value")), _decimal(data.get("actual"))
    if value is not None and actual is not None and all(_YEARS[0] <= v <= _YEARS[1] for v in (value, actual)) \
            and f.code in {"JX307", "JX308", "JX213", "JX301"}:
        return "目标值与完成值都是年份，不能相除"
    if f.code == "JX305" and value is not None and str(data.get("unit", "")) in ("", "%") \
            and value > RATE_CEILING and "率" in str(data.get("target", "")):
        return f"比率目标{value}不合常理"
    return None


def as_note(f: Finding, why: str) -> Finding:
    """A finding whose figures are impossible: kept for the reviewer as a note about the reading."""
    return replace(f, severity=Severity.INFO, message=f"{f.message}（数值不合常理：{why}，可能是读取错误，仅供参考）",
                   message_en=f"{f.message_en} (implausible figure: probably a reading error)",
                   data={**f.data, "implausible": why})


CHECKS = (check_doubtful_figures,)
