"""Figures of a scoring table read by OCR, checked against the table's own redundancy.

A recogniser can read 5 as 6 with full confidence, and no mark on the glyph says so. A printed
scoring table says most of its figures twice: a group's 分值 is the sum of its rows' 分值, the
rows' 分值 add up to 100 (or the 合计 row), and no row scores above its 分值. On a text layer a
table that breaks these is the department's own error, for the checker to report. On a page
read by OCR it is far more likely a misread, so a figure the redundancy points at is dropped
("not found", with a located note naming it) rather than passed on. Only a figure the
arithmetic can single out is dropped: when the sums disagree but do not say which figure is
off, every figure stays and the checker reports the sums.

The same redundancy also completes a figure OCR left uncertain (``1�``: a digit the recogniser
was unsure of). When the sums leave exactly one value for it (the one weight missing from its group's printed
分值 or from 100, or the one score missing from the 合计) and
that value agrees with every digit that was read, the figure is taken, with a note saying so.

A target's 指标值 or 实际完成值 that cannot be true is a misread too: a share of a whole
(合格率, 满意度: ``vocabulary.BOUNDED_RATES``) above 100% (``≥95%`` read as ``295%``) is left
out, its figure marked uncertain, rather than repaired: the mark could as well have been
a digit.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from ..core import vocabulary as vocab
from ..core.findings import Finding, Source
from ..core.model import Target
from ..core.money import HUNDRED, sum_or_none
from ..core.registry import issue
from .lattice import DOUBT
from .numbers import target_value
from .rows import Row, Table

_CELL_ROLE = {"weight": "weight", "score": "score", "l2_weight": "l2w", "l1_weight": "l1w"}   # Row.cells keys


@dataclass(frozen=True)
class Dropped:
    row: Row
    field: str             # "weight", "score", "l2_weight" or "l1_weight"
    value: Decimal
    why_zh: str
    why_en: str


def _groups(rows: list[Row], level: str) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for row in rows:
        key = row.l1 if level == "l1" else f"{row.l1}\0{row.l2}"
        if (row.l1 if level == "l1" else row.l2):
            out.setdefault(key, []).append(row)
    return out


def _stated(group: list[Row], field: str) -> Decimal | None:
    return next((getattr(r, field) for r in group if getattr(r, field) is not None), None)


def suspects(table: Table, on_page: Collection[int]) -> list[Dropped]:
    """The figures of ``table``'s rows on recognised pages that its sums single out as misread."""
    rows = [r for r in table.rows if r.source.page in on_page]
    if not rows:
        return []
    expected = table.weight_total if table.weight_total is not None else HUNDRED
    leaf_sum = sum_or_none(r.weight for r in table.rows)
    leaves_ok = leaf_sum == expected
    out: list[Dropped] = []
    for level, field in (("l2", "l2_weight"), ("l1", "l1_weight")):
        groups = _groups(table.rows, level)
        stated = {k: _stated(g, field) for k, g in groups.items()}
        groups_ok = sum_or_none(stated.values()) == expected
        for key, group in groups.items():
            want, got = stated[key], sum_or_none(r.weight for r in group)
            if want is None or got is None or want == got:
                continue
            if leaves_ok:                              # the rows agree with the total: the group figure is off
                out.extend(Dropped(r, field, want, f"分组分值{want}与其下各项分值之和{got}不符",
                                   f"the group weight {want} is not the sum {got} of its rows") for r in group[:1])
            elif groups_ok and len(group) == 1:        # the groups agree with the total: this row is off
                out.append(Dropped(group[0], "weight", group[0].weight or Decimal(0),
                                   f"分值与所在分组分值{want}不符，且各项分值合计{leaf_sum}不等于{expected}",
                                   f"the weight differs from its group's {want} and the weights add up to "
                                   f"{leaf_sum}, not {expected}"))
    for row in rows:
        if row.score is not None and row.weight is not None and row.score > row.weight and leaves_ok:
            out.append(Dropped(row, "score", row.score, f"得分{row.score}高于分值{row.weight}",
                               f"the score {row.score} is above the weight {row.weight}"))
    return [d for d in out if d.row.source.page in on_page]


def drop_suspects(tables: list[Table], on_page: Collection[int]) -> list[Finding]:
    """Remove the misread figures from the rows (in place) and say which, where."""
    findings: list[Finding] = []
    seen: set[tuple[int, str]] = set()
    for table in tables:
        for d in suspects(table, on_page):
            if (id(d.row), d.field) in seen:
                continue
            seen.add((id(d.row), d.field))
            if d.field in ("l1_weight", "l2_weight"):
                level = d.row.l1 if d.field == "l1_weight" else d.row.l2
                for row in table.rows:
                    if (row.l1 if d.field == "l1_weight" else row.l2) == level:
                        setattr(row, d.field, None)
            else:
                setattr(d.row, d.field, None)
            source: Source = d.row.cells.get(_CELL_ROLE[d.field], d.row.source)
            findings.append(issue("JX005", f"文字识别读出的“{d.row.name}”{d.value}未采用：{d.why_zh}，可能是识别错误",
                                  f"'{d.row.name}' {d.value} read by OCR was left out: {d.why_en}, "
                                  "probably a misread", path=f"indicators/{d.row.name}", source=source))
    return findings


def _fits(value: Decimal, shown: str) -> bool:
    """``value`` printed as the cell prints figures agrees with every character read in ``shown``."""
    text = shown.strip().rstrip("分").strip()
    pattern = "".join("." if ch == DOUBT else re.escape(ch) for ch in text)
    plain = format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    return any(re.fullmatch(pattern, form) for form in {plain, format(value, "f")})


def _completion(table: Table, row: Row, field: str) -> tuple[Decimal, str, str] | None:
    """The one value the table's sums leave for ``row``'s uncertain ``field``, and why."""
    rows = table.rows
    found: list[tuple[Decimal, str, str]] = []
    if field == "weight":
        for name, level, members in (
                (row.l2, "l2_weight", [r for r in rows if r.l1 == row.l1 and r.l2 == row.l2] if row.l2 else []),
                (row.l1, "l1_weight", [r for r in rows if r.l1 == row.l1] if row.l1 else [])):
            stated = _stated(members, level)            # printed once for the group (a merged cell)
            rest = sum_or_none(r.weight for r in members if r is not row)
            if stated is not None and rest is not None and stated > rest:
                found.append((stated - rest, f"所在分组“{name}”分值{stated}", f"its group's weight ({name} {stated})"))
        expected = table.weight_total if table.weight_total is not None else HUNDRED
        others = sum_or_none(r.weight for r in rows if r is not row)
        if others is not None and expected > others:
            found.append((expected - others, f"各项分值合计{expected}", f"the weights' total {expected}"))
    elif field == "score" and table.total is not None:
        others = sum_or_none(r.score for r in rows if r is not row)
        if others is not None and table.total >= others:
            found.append((table.total - others, f"合计得分{table.total}", f"the total score {table.total}"))
    values = {v for v, _, _ in found}
    if len(values) != 1:
        return None
    value = values.pop()
    if field == "score" and row.weight is not None and value > row.weight:
        return None
    return value, "、".join(z for _, z, _ in found), " and ".join(e for _, _, e in found)


def fill_uncertain(tables: list[Table], on_page: Collection[int]) -> list[Finding]:
    """Complete the uncertain weights and scores of recognised rows the sums decide (in place)."""
    findings: list[Finding] = []
    for table in tables:
        for row in table.rows:
            if row.source.page not in on_page:
                continue
            for field in ("weight", "score"):
                shown = row.unread.get(field)
                if shown is None or getattr(row, field) is not None:
                    continue
                got = _completion(table, row, field)
                if got is None or not _fits(got[0], shown):
                    continue
                setattr(row, field, got[0])
                source: Source = row.cells.get(field, row.source)
                findings.append(issue(
                    "JX005", f"“{row.name}”{'分值' if field == 'weight' else '得分'}识别不清（{shown}），按{got[1]}补为{got[0]}",
                    f"'{row.name}' {field} was unclear to OCR ({shown}); {got[0]} from {got[2]}",
                    path=f"indicators/{row.name}", source=source))
    return findings


def completes(marked: str, clean: str, drops: int = 1) -> bool:
    """``clean`` is what ``marked`` would read with each uncertain mark as one character and at
    most ``drops`` characters the recogniser skipped without a mark; every character read
    with certainty must be there, in order."""
    if not marked:
        return len(clean) <= drops
    if not clean:
        return False
    if marked[0] in (DOUBT, clean[0]) and completes(marked[1:], clean[1:], drops):
        return True
    return drops > 0 and completes(marked, clean[1:], drops - 1)


def _named(marked: str, names: Iterable[str]) -> str | None:
    """The one certain name an uncertain one completes to (an indicator and its target are
    printed twice on such pages: in the scoring table and in the targets table)."""
    if DOUBT not in marked or len(marked) < 4 or marked.count(DOUBT) * 3 > len(marked):
        return None
    found = {n for n in names if DOUBT not in n and len(n) >= 4 and completes(marked, n)}
    return found.pop() if len(found) == 1 else None


def reconcile_names(rows: list[Row], targets: list[Target], sources: dict[str, Source], on_page: Collection[int],
                    printed: Iterable[str] = ()) -> tuple[list[Target], list[Finding]]:
    """An indicator name OCR left uncertain takes the one certain name it fits among its targets'
    names and the ``printed`` cell texts of the document (a 自评表 prints each indicator in the
    scoring table and again in the targets table), and a target's name the same way among the
    indicators'; each change is said where it was made."""
    findings: list[Finding] = []
    row_names = {r.name for r in rows}
    target_names = {t.name for t in targets}
    elsewhere = (target_names | {t.strip() for t in printed}) - row_names
    for row in rows:
        if row.source.page in on_page and row.name not in target_names and (name := _named(row.name, elsewhere)):
            findings.append(_renamed(row.name, name, row.source))
            row.name = name
    out: list[Target] = []
    row_names = {r.name for r in rows}
    for k, target in enumerate(targets):
        source = sources.get(f"targets[{k}]")
        if source is not None and source.page in on_page and target.name not in row_names and (
                name := _named(target.name, row_names - target_names)):
            findings.append(_renamed(target.name, name, source))
            target = replace(target, name=name)
        out.append(target)
    return out, findings


def _renamed(old: str, new: str, source: Source) -> Finding:
    return issue("JX005", f"文字识别读出的名称“{old}”有字识别不清，按同页另一处的“{new}”读取",
                 f"the name '{old}' read by OCR had uncertain characters; read as '{new}', as printed elsewhere "
                 "on the page", source=source)


_FIGURE = re.compile(r"[\d.,，．%％]*\d[\d.,，．%％]*")


def _bounded(name: str) -> bool:
    return "".join(name.split()).endswith(vocab.BOUNDED_RATES)


def drop_impossible(targets: list[Target], sources: dict[str, Source], on_page: Collection[int]
                    ) -> tuple[list[Target], list[Finding]]:
    """Targets read by OCR with a share of a whole (``BOUNDED_RATES``) above 100% in their
    指标值 or 实际完成值: that figure becomes uncertain (marked, "not found"), with a note."""
    out: list[Target] = []
    findings: list[Finding] = []
    for k, target in enumerate(targets):
        source = sources.get(f"targets[{k}]")
        if source is not None and source.page in on_page and _bounded(target.name):
            for field, unit, text in (("value", target.unit, target.value_text),
                                      ("actual", target.actual_unit, target.actual_text)):
                figure = getattr(target, field)
                if figure is None or figure <= HUNDRED or unit.strip() not in {"%", "％"}:
                    continue
                marked = _FIGURE.sub(lambda m: DOUBT * len(m.group()), text)
                if field == "value":
                    comparator, _, _ = target_value(marked)
                    target = replace(target, value=None, comparator=comparator, value_text=marked)
                else:
                    target = replace(target, actual=None, actual_text=marked)
                label = "指标值" if field == "value" else "实际完成值"
                findings.append(issue(
                    "JX005", f"文字识别读出的“{target.name}”{label}{text}超过100%，不可能，可能是识别错误，未采用",
                    f"'{target.name}' {field} {text} read by OCR is above 100%, impossible for a share of a whole: "
                    "probably a misread, left out", source=sources.get(f"targets[{k}].{field}", source)))
        out.append(target)
    return out, findings
