"""Figures read by OCR meet the scoring table's own sums (``readers/recognised.py``): one that
the sums single out is "not found" with a note; on a text layer the same table is read as
printed (its sums are the department's error, for the checker)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
import scanmaker

from jixiao.readers import read_layout
from jixiao.readers.assemble import assemble
from jixiao.readers.layout import Document

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def selfeval_pdf() -> bytes:
    return scanmaker.published("shequ-2023-yanglao-selfeval")


def _leaf(project: object, name: str) -> object:
    stack = list(project.indicators)           # type: ignore[attr-defined]
    while stack:
        node = stack.pop()
        if node.name == name:
            return node
        stack.extend(node.children)
    raise AssertionError(name)


def _misprint(doc: Document, name: str, column: str, new: str) -> Document:
    """The scoring-table row of ``name`` (a row of six or more cells) with its weight (the cell
    after the name) or its score (the last cell) printed as ``new``."""
    lines = []
    done = False
    for line in doc.lines:
        texts = [c.text for c in line.cells]
        if not done and name in texts and len(texts) >= 6:
            k = texts.index(name) + 1 if column == "weight" else len(texts) - 1
            cells = tuple(replace(c, text=new) if j == k else c for j, c in enumerate(line.cells))
            line = replace(line, cells=cells, text=" ".join(c.text for c in cells))
            done = True
        lines.append(line)
    assert done, name
    return replace(doc, lines=lines)


def _read(doc: Document, recognised: frozenset[int]) -> tuple[object, list[str]]:
    doc = replace(doc, recognised=recognised)
    project, findings = assemble(doc, Path(doc.file))
    return project, [f.message for f in findings if f.code == "JX005"]


def test_a_weight_the_sums_single_out_is_dropped_when_read_by_ocr(selfeval_pdf: bytes) -> None:
    doc, _ = read_layout(selfeval_pdf, "scan.pdf")
    # 补贴按月拨付及时率 is the only row of 时效指标 (分值 5): printed 6, the group says 5 and the
    # weights then add up to 101
    bad = _misprint(doc, "补贴按月拨付及时率", "weight", "6")
    pages = frozenset(line.page for line in doc.lines if line.page)
    project, notes = _read(bad, pages)
    assert _leaf(project, "补贴按月拨付及时率").weight is None            # type: ignore[attr-defined]
    assert _leaf(project, "补贴按月拨付及时率").score == Decimal("5")    # type: ignore[attr-defined]
    assert any("补贴按月拨付及时率" in n and "6" in n for n in notes), notes
    assert _leaf(project, "受益老年人数").weight == Decimal(10)         # type: ignore[attr-defined]
    # the same table on a text layer is read as printed
    project, _ = _read(bad, frozenset())
    assert _leaf(project, "补贴按月拨付及时率").weight == Decimal(6)    # type: ignore[attr-defined]


def test_a_score_above_its_weight_is_dropped_and_a_consistent_table_is_untouched(selfeval_pdf: bytes) -> None:
    doc, _ = read_layout(selfeval_pdf, "scan.pdf")
    pages = frozenset(line.page for line in doc.lines if line.page)
    project, notes = _read(doc, pages)
    assert not any("未采用" in n for n in notes)
    assert _leaf(project, "受益老年人数").score == Decimal(10)           # type: ignore[attr-defined]
    bad = _misprint(doc, "受益老年人数", "score", "18")                   # its weight is 10
    project, notes = _read(bad, pages)
    assert _leaf(project, "受益老年人数").score is None                  # type: ignore[attr-defined]
    assert _leaf(project, "受益老年人数").weight == Decimal(10)          # type: ignore[attr-defined]
    assert any("受益老年人数" in n and "18" in n for n in notes), notes


def test_an_uncertain_figure_the_sums_decide_is_completed_and_said(selfeval_pdf: bytes) -> None:
    doc, _ = read_layout(selfeval_pdf, "scan.pdf")
    pages = frozenset(line.page for line in doc.lines if line.page)
    # 受益老年人数: weight 10 printed as "1?" by OCR; the other weights add up to 90
    unsure = _misprint(doc, "受益老年人数", "weight", "1\ufffd")
    project, notes = _read(unsure, pages)
    assert _leaf(project, "受益老年人数").weight == Decimal(10)           # type: ignore[attr-defined]
    assert any("受益老年人数" in n and "1\ufffd" in n and "100" in n for n in notes), notes
    # the same value does not fit "2?": the figure stays not found
    project, _ = _read(_misprint(doc, "受益老年人数", "weight", "2\ufffd"), pages)
    assert _leaf(project, "受益老年人数").weight is None                  # type: ignore[attr-defined]
    # 补贴按月拨付及时率 scored 5 (total 94.14, the other scores 89.14), read as one uncertain mark
    project, notes = _read(_misprint(doc, "补贴按月拨付及时率", "score", "\ufffd"), pages)
    assert _leaf(project, "补贴按月拨付及时率").score == Decimal(5)       # type: ignore[attr-defined]
    # on a text layer nothing is completed
    project, _ = _read(unsure, frozenset())
    assert _leaf(project, "受益老年人数").weight is None                  # type: ignore[attr-defined]


def test_two_uncertain_weights_are_completed_from_their_groups(selfeval_pdf: bytes) -> None:
    doc, _ = read_layout(selfeval_pdf, "scan.pdf")
    pages = frozenset(line.page for line in doc.lines if line.page)
    # with two weights uncertain the total of 100 decides neither; their groups do:
    # 数量指标 25 = 15 (居家养老上门服务人次) + 10, and 时效指标 5 has one row
    unsure = _misprint(_misprint(doc, "受益老年人数", "weight", "1\ufffd"), "补贴按月拨付及时率", "weight", "\ufffd")
    project, notes = _read(unsure, pages)
    assert _leaf(project, "受益老年人数").weight == Decimal(10)           # type: ignore[attr-defined]
    assert _leaf(project, "补贴按月拨付及时率").weight == Decimal(5)      # type: ignore[attr-defined]
    assert sum("识别不清" in n for n in notes) == 2, notes


def test_an_uncertain_name_completes_only_to_the_one_certain_name_it_fits() -> None:
    from jixiao.readers.recognised import _named, completes

    assert completes("居家\ufffd老上门服人次", "居家养老上门服务人次")        # a mark, and 务 skipped unmarked
    assert not completes("居家\ufffd老上门服人次", "居家养老上门服务人数")    # 次 was read with certainty
    assert not completes("居家\ufffd老上门人次", "居家养老上门服务人次")      # two characters skipped
    assert _named("预算执行\ufffd", ["预算执行率", "预算执行数"]) is None     # two names fit: neither
    assert _named("预算执行\ufffd", ["预算执行率", "资金到位率"]) == "预算执行率"
    assert _named("合同签订管理规花", ["合同签订管理规范"]) is None          # nothing marked: left as read


def test_an_uncertain_indicator_name_takes_the_name_printed_in_the_targets_table(selfeval_pdf: bytes) -> None:
    doc, _ = read_layout(selfeval_pdf, "scan.pdf")
    pages = frozenset(line.page for line in doc.lines if line.page)
    lines = []
    for line in doc.lines:         # the scoring table's copy read uncertain; the targets table's is clean
        texts = [c.text for c in line.cells]
        if "受益老年人数" in texts and len(texts) >= 6:
            line = replace(line, cells=tuple(replace(c, text="受益老\ufffd人数") if c.text == "受益老年人数" else c
                                             for c in line.cells))
        lines.append(line)
    marked = replace(doc, lines=lines)
    project, notes = _read(marked, pages)
    leaf = _leaf(project, "受益老年人数")
    assert leaf.weight == Decimal(10)                                   # type: ignore[attr-defined]
    assert any("受益老\ufffd人数" in n for n in notes), notes
    project, _ = _read(marked, frozenset())                            # a text layer: as printed
    assert _leaf(project, "受益老\ufffd人数").weight == Decimal(10)     # type: ignore[attr-defined]
