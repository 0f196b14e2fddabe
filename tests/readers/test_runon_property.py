"""Property: a run-on scoring table (no cell boundary at all) reads back its points or nothing, never others."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from measure import leaves

from jixiao.readers import read_bytes

_NAMES = ("路灯修复数", "巡查覆盖率", "培训人次", "设备完好率", "投诉办结率", "台账完整率", "抽检合格率", "维护里程")


def _fmt(v: Decimal) -> str:
    return format(v.normalize(), "f")


@st.composite
def tables(draw: st.DrawFn) -> tuple[str, list[tuple[Decimal, Decimal]]]:
    n = draw(st.integers(2, 7))
    halves = draw(st.booleans())
    weights = [Decimal(draw(st.integers(2, 60 if halves else 30))) / (2 if halves else 1) for _ in range(n)]
    scores = [w - Decimal(draw(st.integers(0, int(w * 10)))) / 10 if draw(st.booleans()) else w for w in weights]
    raw = draw(st.booleans())
    rows = []
    for k, (w, s) in enumerate(zip(weights, scores, strict=True)):
        points = ([_fmt((s / w * 100).quantize(Decimal("0.1")))] if raw else []) + [_fmt(w), _fmt(s)]
        lead = "产出指标数量指标" if k == 0 else ""
        why = draw(st.sampled_from(("", "工期延误"))) if s < w else ""
        rows.append(f"{lead}{_NAMES[k]}≥{10 + k}个{12 + k}个{''.join(points)}{why}")
    head = "一级指标二级指标三级指标年度指标值实际完成值" + ("自评得分偏差原因\n单项得分权重折算得分" if raw else "分值得分偏差原因")
    total = sum(scores, Decimal(0))
    tail = f"总分{_fmt(sum(weights, Decimal(0)))}{_fmt(total)}" if draw(st.booleans()) and sum(weights) <= 100 else ""
    text = "\n".join(["2023年度项目支出绩效自评表", head, *rows, tail]) + "\n"
    return text, list(zip(weights, scores, strict=True))


@settings(max_examples=150, deadline=None)
@given(tables())
def test_run_on_points_come_back_or_not_at_all(case: tuple[str, list[tuple[Decimal, Decimal]]]) -> None:
    text, facts = case
    project = read_bytes(text.encode(), "t.txt").projects[0]
    got = [(getattr(n, "weight", None), getattr(n, "score", None)) for n in leaves(project.indicators)]
    read = [g for g in got if g != (None, None)]
    assert read in ([], facts), text
