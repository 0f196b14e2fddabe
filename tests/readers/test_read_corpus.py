"""Real published texts: every annotated figure is read, and nothing ever fails."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.model import Indicator, RuleKind
from jixiao.readers import read_document

FIELDS = {
    "total_score": lambda p: p.stated.total,
    "grade": lambda p: p.stated.grade,
    "initial_budget": lambda p: p.funding.total.initial,
    "adjusted_budget": lambda p: p.funding.total.adjusted,
    "actual_spent": lambda p: p.funding.total.actual,
    "execution_rate_stated": lambda p: p.stated.execution_rate,
}


def scored(nodes: tuple[Indicator, ...]) -> list[Indicator]:
    out: list[Indicator] = []
    for n in nodes:
        if n.children:
            out.extend(scored(n.children))
        elif n.score is not None and not (n.rule and n.rule.kind is RuleKind.EXECUTION_RATE):
            out.append(n)
    return out


def _want(value: object) -> object:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    if isinstance(value, str) and (m := re.search(r"\d+(?:\.\d+)?", value)):
        return Decimal(m.group())
    return value


def test_every_annotated_figure(dev_corpus: Path) -> None:
    misses = []
    checked = 0
    for ann_path in sorted(dev_corpus.glob("*.json")):
        ann = json.loads(ann_path.read_text("utf-8"))["annotation"]
        result = read_document(ann_path.with_suffix(".txt"))
        assert result.projects, (ann_path.stem, result.findings)
        p = result.projects[0]
        got = {k: f(p) for k, f in FIELDS.items()}
        rows = scored(p.indicators)
        got["scored_indicator_rows"] = len(rows) if p.indicators else None
        got["indicator_scores_sum"] = sum((r.score for r in rows if r.score is not None), Decimal(0)) if rows else None
        for key, value in got.items():
            want = _want(ann.get(key))
            if want is None:
                continue
            checked += 1
            if want != value:
                misses.append(f"{ann_path.stem}.{key}: want {want}, got {value}")
    assert checked >= 40
    assert len(misses) <= 0.05 * checked, misses


def test_partial_texts_say_what_is_missing(dev_corpus: Path) -> None:
    result = read_document(dev_corpus / "009.txt")        # a narrative cut before any figure
    assert result.projects and not any(f.is_error for f in result.findings)
    slugs = {(f.code, f.path) for f in result.findings}
    assert ("JX005", "indicators") in slugs and ("JX005", "funding") in slugs
    assert all(f.source is not None and f.source.file.endswith("009.txt") for f in result.findings)


def test_scrambled_table_is_flagged(dev_corpus: Path) -> None:
    result = read_document(dev_corpus / "006.txt")
    p = result.projects[0]
    assert p.stated.total == Decimal(94) and p.stated.weight_total == Decimal(100)
    assert any("scrambled" in f.message_en for f in result.findings)


def test_flattened_sichuan_table(dev_corpus: Path) -> None:
    p = read_document(dev_corpus / "018.txt").projects[0]
    assert (p.name, p.department) == ("51000021R000000019951-工资性支出", "青神县发展和改革局本级")
    assert p.implementing_unit == "青神县发展和改革局"
    rows = [leaf for root in p.indicators for mid in root.children for leaf in mid.children]
    assert [(r.name, r.weight, r.score) for r in rows] == [
        ("发放(缴纳)覆盖率", Decimal(60), None), ("足额保障率(参保率)", Decimal(30), None)]
    t = p.target(rows[0].target or "")
    assert t is not None and (t.comparator.value, t.value, t.unit) == ("=", Decimal(100), "%")
    assert p.indicators[0].name == "预算执行率" and p.indicators[0].weight == Decimal(10)


@pytest.mark.parametrize("stem", ["001", "004", "014", "016", "021", "023", "025", "041"])
def test_narrative_reports_read_without_errors(dev_corpus: Path, stem: str) -> None:
    result = read_document(dev_corpus / f"{stem}.txt")
    assert len(result.projects) == 1 and not result.failed
    assert result.projects[0].name


def test_narrative_target_sentences(dev_corpus: Path) -> None:
    p = read_document(dev_corpus / "021.txt").projects[0]
    got = [(t.name, t.comparator.value, t.value, t.unit, t.actual) for t in p.targets]
    assert got == [
        ("有需求的困难残疾人得到残疾人基本康复服务比例", "≥", Decimal(85), "%", Decimal(100)),
        ("资助接受托养服务人次数", "≥", Decimal(105), "人", Decimal(116)),
        ("发放残疾人机动轮椅车燃油补贴人次数", "≥", Decimal(180), "人", Decimal(164)),
    ]
    src = p.sources["targets[2]"]
    assert "燃油补贴人次数年初指标值" in (dev_corpus / "021.txt").read_text("utf-8").splitlines()[src.line - 1]


def test_names_from_titles(dev_corpus: Path) -> None:
    names = {stem: read_document(dev_corpus / f"{stem}.txt").projects[0].name for stem in ("021", "023", "041")}
    assert names == {"021": "残疾人事业发展补助资金", "023": "优抚对象生活补助经费转移支付", "041": "春节慰问经费项目"}
