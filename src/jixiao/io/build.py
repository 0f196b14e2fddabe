"""Build core objects from a schema-valid project-file mapping, recording each value's source."""

from __future__ import annotations

from decimal import Decimal
from types import MappingProxyType
from typing import Any

from ..core.findings import Source
from ..core.model import (
    Adjustment,
    Amounts,
    BasisDocument,
    Comparator,
    Deduction,
    Evidence,
    Funding,
    FundingSource,
    Indicator,
    Narrative,
    Problem,
    Project,
    ProjectKind,
    Record,
    Rule,
    RuleKind,
    Section,
    Stated,
    Target,
    Tier,
    Unit,
    positional_constructor,
)
from ..core.money import to_decimal, yuan_to_wan
from ..core.paths import child
from .yamlmarks import Path

# builders of the two most numerous objects, writing slots directly (see positional_constructor)
_new_indicator = positional_constructor(Indicator)
_new_target = positional_constructor(Target)

COMPARATOR_ALIASES = {">=": Comparator.GE, "<=": Comparator.LE, "qualitative": Comparator.QUALITATIVE}


class Builder:
    def __init__(self, marks: dict[Path, tuple[int, int]], filename: str, money_in_yuan: bool) -> None:
        self.marks = marks
        self.filename = filename
        self.yuan = money_in_yuan
        self.sources: dict[str, Source] = {}

    def note(self, model_path: str, file_path: Path) -> None:
        if file_path in self.marks:
            line, col = self.marks[file_path]
            self.sources[model_path] = Source(self.filename, line, col)

    def num(self, value: Any) -> Decimal | None:
        return to_decimal(value.strip() if isinstance(value, str) else value)

    def money(self, value: Any) -> Decimal | None:
        amount = self.num(value)
        return yuan_to_wan(amount) if amount is not None and self.yuan else amount

    def amounts(self, raw: dict[str, Any], model: str, path: Path) -> Amounts:
        for key in ("initial", "adjusted", "actual"):
            self.note(f"{model}.{key}", (*path, key))
        self.note(model, path)
        return Amounts(self.money(raw.get("initial")), self.money(raw.get("adjusted")),
                       self.money(raw.get("actual")))

    def funding(self, raw: dict[str, Any]) -> Funding:
        p: Path = ("funding",)
        self.note("funding", p)
        sources = []
        for i, s in enumerate(raw.get("sources") or []):
            row: Path = (*p, "sources", i)
            sources.append(FundingSource(s["name"], self.amounts(s, f"funding.sources[{i}].amounts", row),
                                         self.num(s.get("stated_rate"))))
            self.note(f"funding.sources[{i}]", row)
            self.note(f"funding.sources[{i}].stated_rate", (*row, "stated_rate"))
        adjustments = []
        for i, a in enumerate(raw.get("adjustments") or []):
            self.note(f"funding.adjustments[{i}]", (*p, "adjustments", i))
            adjustments.append(Adjustment(self.money(a.get("amount")), a.get("reason") or "",
                                          a.get("document") or "", a.get("applies_to") or "total"))
        self.note("funding.low_execution_reason", (*p, "low_execution_reason"))
        return Funding(
            total=self.amounts(raw, "funding.total", p),
            sources=tuple(sources),
            procurement=self.amounts(raw.get("procurement") or {}, "funding.procurement", (*p, "procurement")),
            adjustments=tuple(adjustments),
            low_execution_reason=raw.get("low_execution_reason") or "",
            purposes=raw.get("purposes") or "",
            notes=raw.get("notes") or "",
        )

    def target(self, raw: dict[str, Any], i: int) -> Target:
        p: Path = ("targets", i)
        if self.marks:
            self.note(f"targets[{i}]", p)
            for key in ("value", "actual", "deviation_reason", "name"):
                self.note(f"targets[{i}].{key}", (*p, key))
        comp = raw.get("comparator") or "="
        comparator = COMPARATOR_ALIASES.get(comp) or Comparator(comp)
        return _new_target(
            id=str(raw["id"]), name=raw["name"], category=raw.get("category") or "",
            subcategory=raw.get("subcategory") or "", comparator=comparator,
            value=self.num(raw.get("value")), upper=self.num(raw.get("upper")), unit=raw.get("unit") or "",
            actual=self.num(raw.get("actual")), actual_unit=raw.get("actual_unit") or "",
            value_text=raw.get("value_text") or "", actual_text=raw.get("actual_text") or "",
            deviation_reason=raw.get("deviation_reason") or "", evidence=tuple(raw.get("evidence") or ()),
        )

    def indicator(self, raw: dict[str, Any], path: Path, model: str) -> Indicator:
        model = child(model, raw["name"])
        if self.marks:   # documents from a store have no positions to record
            self.note(model, path)
            for key in ("weight", "score", "reason", "tier", "explanation"):
                self.note(f"{model}.{key}", (*path, key))
        rule_raw = raw.get("rule")
        rule = None
        if isinstance(rule_raw, str):
            rule = Rule(RuleKind(rule_raw))
        elif isinstance(rule_raw, dict):
            params = {k: v for k, v in rule_raw.items() if k != "kind"}
            rule = Rule(RuleKind(rule_raw["kind"]), MappingProxyType(params))
        children = tuple(self.indicator(c, (*path, "children", j), model)
                         for j, c in enumerate(raw.get("children") or []))
        return _new_indicator(
            name=raw["name"], weight=self.num(raw.get("weight")), children=children,
            explanation=raw.get("explanation") or "", rule=rule, target=raw.get("target"),
            score=self.num(raw.get("score")), reason=raw.get("reason") or "",
            tier=Tier(raw["tier"]) if raw.get("tier") else None,
            deductions=tuple(Deduction(self.num(d["points"]) or Decimal(0), d.get("reason") or "")
                             for d in raw.get("deductions") or []),
            answer=raw.get("answer"), completed=self.num(raw.get("completed")),
            planned=self.num(raw.get("planned")), applicable=raw.get("applicable", True),
            open=raw.get("open", False), evidence=tuple(raw.get("evidence") or ()),
        )

    def stated(self, raw: dict[str, Any]) -> Stated:
        p: Path = ("stated",)
        for key in ("total", "grade", "execution_rate", "procurement_execution_rate", "execution_score"):
            self.note(f"stated.{key}", (*p, key))
        subtotals = {}
        for name, value in (raw.get("subtotals") or {}).items():
            self.note(f"stated.subtotals/{name}", (*p, "subtotals", name))
            subtotals[name] = self.num(value)
        return Stated(
            total=self.num(raw.get("total")), grade=raw.get("grade"),
            execution_rate=self.num(raw.get("execution_rate")),
            procurement_execution_rate=self.num(raw.get("procurement_execution_rate")),
            execution_score=self.num(raw.get("execution_score")),
            weight_total=self.num(raw.get("weight_total")),
            subtotals=MappingProxyType({k: v for k, v in subtotals.items() if v is not None}),
        )

    def narrative(self, raw: dict[str, Any]) -> Narrative:
        p: Path = ("narrative",)
        for key in ("goal", "achievement", "conclusion", "background"):
            self.note(f"narrative.{key}", (*p, key))

        def sections(key: str) -> tuple[Section, ...]:
            out = []
            for i, s in enumerate(raw.get(key) or []):
                self.note(f"narrative.{key}[{i}]", (*p, key, i))
                out.append(Section(s["heading"], s.get("text") or ""))
            return tuple(out)

        def texts(key: str) -> tuple[str, ...]:
            for i, _ in enumerate(raw.get(key) or []):
                self.note(f"narrative.{key}[{i}]", (*p, key, i))
            return tuple(raw.get(key) or ())

        problems = []
        for i, item in enumerate(raw.get("problems") or []):
            self.note(f"narrative.problems[{i}]", (*p, "problems", i))
            problems.append(Problem(item) if isinstance(item, str)
                            else Problem(item["text"], item.get("cause") or ""))
        return Narrative(
            background=raw.get("background") or "", goal=raw.get("goal") or "",
            achievement=raw.get("achievement") or "", conclusion=raw.get("conclusion") or "",
            analysis=sections("analysis"), experiences=texts("experiences"), problems=tuple(problems),
            measures=texts("measures"), suggestions=texts("suggestions"), sections=sections("sections"),
        )


def build_project(data: dict[str, Any], marks: dict[Path, tuple[int, int]], filename: str) -> Project:
    """Build a ``Project`` from a mapping that already passed the schema."""
    b = Builder(marks, filename, data.get("money_unit") == "元")
    head = data["project"]
    for key in ("name", "year", "department", "implementing_unit", "leads", "preparer", "phone"):
        b.note(key, ("project", key))
    overview = data.get("overview") or {}
    basis = []
    for i, d in enumerate(overview.get("basis") or []):
        b.note(f"basis[{i}]", ("overview", "basis", i))
        basis.append(BasisDocument(d["title"], d.get("number") or ""))
    units = []
    for i, u in enumerate(data.get("units") or []):
        b.note(f"units[{i}]", ("units", i))
        b.note(f"units[{i}].duties", ("units", i, "duties"))
        units.append(Unit(u["name"], u.get("duties") or ""))
    narrative_raw = dict(data.get("narrative") or {})
    if overview.get("background") and not narrative_raw.get("background"):
        narrative_raw["background"] = overview["background"]
        b.note("narrative.background", ("overview", "background"))
    project = Project(
        name=head["name"], year=head.get("year"), department=head.get("department") or "",
        implementing_unit=head.get("implementing_unit") or "", leads=tuple(head.get("leads") or ()),
        preparer=head.get("preparer") or "", phone=str(head.get("phone") or ""),
        kind=ProjectKind(head.get("kind") or "project"), record=Record(data.get("record") or "draft"),
        framework=data.get("framework"), basis=tuple(basis), units=tuple(units),
        funding=b.funding(data.get("funding") or {}),
        targets=tuple(b.target(t, i) for i, t in enumerate(data.get("targets") or [])),
        indicators=tuple(b.indicator(n, ("indicators", i), "indicators")
                         for i, n in enumerate(data.get("indicators") or [])),
        stated=b.stated(data.get("stated") or {}),
        narrative=b.narrative(narrative_raw),
        evidence=tuple(Evidence(e["name"], e.get("kind") or "", e.get("supports") or "", e.get("file") or "")
                       for e in data.get("evidence") or []),
        read_notes=tuple(data.get("read_notes") or ()),
        confidence=MappingProxyType({str(k): d for k, v in (data.get("read_confidence") or {}).items()
                                     if (d := to_decimal(v)) is not None}),
    )
    return project.evolve(sources=MappingProxyType(b.sources))
