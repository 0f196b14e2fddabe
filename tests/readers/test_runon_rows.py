"""Run-on scoring tables (cells printed with no boundary): cut by type changes and by the arithmetic."""

from __future__ import annotations

from decimal import Decimal

from measure import leaves

from jixiao.readers import read_bytes, read_layout

HEADER = "一级指标二级指标三级指标年度指标值实际完成值分值得分偏差原因分析及改进措施"


def _read(body: str) -> list[tuple[str, Decimal | None, Decimal | None]]:
    text = "2023年度项目支出绩效自评表\n项目名称路灯养护项目\n" + HEADER + "\n" + body
    result = read_bytes(text.encode(), "t.txt")
    rows = leaves(result.projects[0].indicators)
    return [(getattr(n, "name", ""), getattr(n, "weight", None), getattr(n, "score", None)) for n in rows]


def test_rows_are_cut_into_weight_and_score_by_the_arithmetic() -> None:
    got = _read("产出指标数量指标路灯修复数≥120盏125盏3030\n"
                "质量指标修复合格率≥95%97%3027.5\n"
                "满意度指标服务对象满意度指标居民满意度≥90%92%3030\n"
                "总分10097.5\n")
    assert [(w, s) for _, w, s in got] == [(Decimal(30), Decimal(30)), (Decimal(30), Decimal("27.5")),
                                            (Decimal(30), Decimal(30))]
    assert got[1][0] == "修复合格率"


def test_a_cut_table_carries_its_confidence_and_targets() -> None:
    text = "\n".join(["表", HEADER, "产出指标数量指标路灯修复数≥120盏125盏3030", "质量指标修复合格率≥95%97%6054.5",
                      "总分10094.5"]) + "\n"
    p = read_bytes(text.encode(), "t.txt").projects[0]
    assert p.confidence["indicators"] == Decimal("0.95")            # the total row checked the cut
    t = p.targets[0]
    assert (t.name, t.comparator.value, t.value, t.unit, t.actual) == ("路灯修复数", "≥", Decimal(120), "盏",
                                                                       Decimal(125))


def test_levels_and_targets_become_cells() -> None:
    text = "\n".join(["表", HEADER, "产出指标数量指标路灯修复数≥120个125个3030", "合计3030"]) + "\n"
    doc, _ = read_layout(text.encode(), "t.txt")
    row = [c.text for c in doc.lines[2].cells]
    assert row == ["产出指标", "数量指标", "路灯修复数", "≥120个", "125个", "30", "30", ""]
    assert doc.lines[2].cells[5].column == text.splitlines()[2].index("3030") + 1     # located in the line


def test_an_ambiguous_run_is_not_read_and_says_why() -> None:
    """'12.512.5' is 12.5 + 12.5 or 12.51 + 2.5: with no total row to check, nothing is read."""
    text = "表\n" + HEADER + "\n产出指标数量指标路灯修复数≥120个125个12.512.5\n"
    result = read_bytes(text.encode(), "t.txt")
    rows = leaves(result.projects[0].indicators)
    assert all(getattr(n, "score", None) is None and getattr(n, "weight", None) is None for n in rows)
    assert any(f.code == "JX005" and "拆分" in f.message and f.source is not None and f.source.line == 3 for f in result.findings)


def test_the_total_row_decides_between_cuts() -> None:
    got = _read("产出指标数量指标路灯修复数≥120个125个12.512.5\n"
                "质量指标修复合格率≥95%97%7.57.5\n"
                "总分2020\n")
    assert [(w, s) for _, w, s in got] == [(Decimal("12.5"), Decimal("12.5")), (Decimal("7.5"), Decimal("7.5"))]


def test_prose_after_the_table_is_no_row() -> None:
    got = _read("产出指标数量指标路灯修复数≥120个125个3030\n经自评，该项目自评得分为90分，等级为优。\n")
    assert len(got) == 1


def test_a_nested_score_header_checks_the_raw_points() -> None:
    """自评得分 over 单项得分/权重/折算得分: the run holds three figures, raw ≈ score / weight × 100."""
    text = ("表\n一级指标二级指标三级指标年度指标值实际完成值自评得分偏差原因分析及改进措施\n单项得分权重折算得分\n"
            "产出指标数量指标路灯修复数≥120个125个1003030\n质量指标修复合格率≥95%97%80.36048.2工期延误\n"
            "总分10088.2\n")
    result = read_bytes(text.encode(), "t.txt")
    got = [(getattr(n, "weight", None), getattr(n, "score", None)) for n in leaves(result.projects[0].indicators)]
    assert got == [(Decimal(30), Decimal(30)), (Decimal(60), Decimal("48.2"))]
    assert result.projects[0].stated.total == Decimal("88.2")


def test_a_bare_actual_glued_to_the_points_refuses_the_table() -> None:
    """'≥5个' then actual 1 then 5 and 5: '155' would cut as 15|5; the missing actual says its digits are in the run."""
    got = _read("产出指标数量指标路灯修复数≥120个125个3030\n质量指标修复点数≥5个155\n")
    assert all(w is None and s is None for _, w, s in got)


def test_a_score_must_be_the_rounded_product_of_raw_and_weight() -> None:
    """'99.519.519.4' under 单项得分 | 权重 | 折算得分: 99.5 × 19.5 / 100 = 19.4025 prints 19.4; the
    other cut, 99.51 | 9.51 | 9.4, is 9.4634 and would print 9.5 (a property test found it)."""
    from jixiao.readers.runon_rows import _points

    cuts = _points("99.519.519.4", ["raw", "weight", "score"])
    assert [(c["raw"][1], c["weight"][1], c["score"][1]) for c in cuts] == [("99.5", "19.5", "19.4")]
    assert [(c["weight"][1], c["score"][1]) for c in _points("10011", ["raw", "weight", "score"])] == [("1", "1")]
