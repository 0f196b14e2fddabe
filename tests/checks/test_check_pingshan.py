"""Seed acceptance (docs seed-walkthrough.md, 'What a careful reviewer finds') on the example file,
and on the seed text itself once ``jixiao.readers`` exists."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.core.checks.base import narrative_texts
from jixiao.core.findings import Finding
from jixiao.pipeline import check, load

PINGSHAN = Path(__file__).resolve().parents[2] / "examples" / "pingshan-2021-zhaoshang.yaml"


@pytest.fixture(scope="module")
def findings() -> list[Finding]:
    loaded = load(PINGSHAN)
    assert not loaded.failed
    card, found = check(loaded.projects[0])
    assert card is not None and card.total == 98
    return found


def by(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def assert_seed_defects(found: list[Finding]) -> None:
    # 1. budget and procurement cut without a reason, while 预算调整的及时规范性 has full marks
    adj = " ".join(f.message for f in by(found, "JX201"))
    assert "-47.99" in adj and "-3.37%" in adj and "-112.75" in adj and "-20.74%" in adj
    assert "预算调整的及时规范性" in adj
    # 2. four targets without actuals, by name
    missing = " ".join(f.message for f in by(found, "JX305"))
    for name in ("会议次数", "宣传折页", "宣传册", "验收通过率"):
        assert name in missing
    assert len(by(found, "JX305")) == 4
    # 3. the satisfaction leaf lost a point without reason, its only figure met its target
    satisfaction = [f for f in by(found, "JX301") if "满意" in f.path]
    assert len(satisfaction) == 1 and "98%" in satisfaction[0].message and "95%" in satisfaction[0].message
    assert by(found, "JX310"), "the staff survey does not measure service objects"
    # 4. 100% claimed, 99.80% computed
    claims = by(found, "JX401")
    assert any("100%" in f.message and "99.80%" in f.message for f in claims)
    # 5. figure conflicts: 1 vs 2+5, and 6 vs 73
    conflicts = by(found, "JX403")
    assert any(f.data.get("parts") == ["2", "5"] and f.data["reported"] == "1" for f in conflicts)
    assert any(f.data.get("other") == "73" and f.data["reported"] == "6" for f in conflicts)
    # 6. the two units with identical duties
    dup = by(found, "JX404")
    assert any("产业空间统筹部" in f.message and "发展规划部" in f.message for f in dup)
    # 7. the deduction of 绩效目标明确性 has its reason: not flagged
    assert not [f for f in found if "绩效目标明确性" in f.path or "绩效目标明确性" in f.message]
    # 8. execution rate not scored: informational only
    (note,) = by(found, "JX207")
    assert note.severity.value == "info"


def test_seed_defects_on_example(findings: list[Finding]) -> None:
    assert_seed_defects(findings)


def test_findings_are_located_in_the_example(findings: list[Finding]) -> None:
    for f in findings:
        assert f.source is not None and f.source.file.endswith("pingshan-2021-zhaoshang.yaml"), f
        assert f.source.line > 0, f
    (cut,) = [f for f in by(findings, "JX201") if f.path == "funding.total.adjusted"]
    assert cut.source is not None and "1375.72" in Path(PINGSHAN).read_text(encoding="utf-8").splitlines()[cut.source.line - 1]


def test_no_false_alarms_on_example(findings: list[Finding]) -> None:
    """What the seed does *not* contain must not be reported."""
    unexpected = {"JX202", "JX211", "JX212", "JX203", "JX204", "JX205", "JX307", "JX309", "JX402", "JX901"}
    assert not [f for f in findings if f.code in unexpected]
    assert all(f.severity.value != "error" or f.code == "JX301" for f in findings)


def test_seed_defects_on_seed_text(seed_path: Path) -> None:
    loaded = load(seed_path)
    assert loaded.projects, loaded.findings
    project = loaded.projects[0]
    prose = "".join(text for _, text in narrative_texts(project))
    if "百亿级" not in prose.replace(" ", ""):
        pytest.xfail("the reader drops the paragraph of 项目绩效情况 that lists 百亿级/十亿级 projects and the 73 "
                     "企业 (seed lines 118-120), so defect 5 cannot be seen in the read project yet")
    _card, found = check(project)
    assert_seed_defects(found)
