"""Round trip: the readers read our own DOCX, XLSX, HTML, Markdown and PDF back to the same facts."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.model import Project
from jixiao.core.scoring import ScoreCard
from jixiao.pipeline import score
from jixiao.publish import render
from jixiao.publish.xlsx_writer import official_source
from jixiao.readers import read_document

FAST = ["docx", "xlsx", "html", "md"]


def read_back(project: Project, card: ScoreCard, fmt: str, tmp_path: Path) -> Project:
    suffix = {"md": ".md", "html": ".html"}.get(fmt, f".{fmt}")
    path = tmp_path / f"report{suffix}"
    path.write_bytes(render(project, card, fmt, charts=False))
    loaded = read_document(path)
    assert len(loaded.projects) == 1, loaded.findings
    return loaded.projects[0]


def assert_same_facts(original: ScoreCard, back: Project, fmt: str) -> None:
    p = original.project
    assert back.name == p.name
    f, g = p.funding.total, back.funding.total
    assert (g.initial, g.adjusted, g.actual) == (f.initial, f.adjusted, f.actual)
    # the 自评表 prints the form's labels (本年财政拨款 → 当年财政拨款); the report keeps the project's own
    label = official_source if fmt == "xlsx" else (lambda name: name)
    assert [(s.name, s.amounts) for s in back.funding.sources] == [(label(s.name), s.amounts)
                                                                    for s in p.funding.sources]
    assert back.stated.total == original.total
    assert back.stated.execution_rate == p.funding.execution_rate
    assert back.department == p.department
    assert back.year == p.year
    assert back.leads == p.leads and back.preparer == p.preparer and back.phone == p.phone
    rescored = score(back).card
    assert rescored is not None
    assert rescored.total == original.total, f"{fmt}: the table read back scores {rescored.total}"


@pytest.mark.parametrize("fmt", FAST)
def test_pingshan_round_trip(pingshan, fmt, tmp_path):
    project, card = pingshan
    back = read_back(project, card, fmt, tmp_path)
    assert_same_facts(card, back, fmt)
    assert back.stated.grade == card.grade


@pytest.mark.parametrize("fmt", FAST)
def test_selfeval_round_trip(selfeval, fmt, tmp_path):
    project, card = selfeval
    back = read_back(project, card, fmt, tmp_path)
    assert_same_facts(card, back, fmt)
    assert back.stated.grade == card.grade
    if fmt == "xlsx":
        by_name = {t.name: t for t in back.targets}
        visits = by_name["居家养老上门服务人次"]
        assert (visits.value, visits.actual) == (Decimal(12000), Decimal(11400))


@pytest.mark.slow
@pytest.mark.parametrize("example", ["pingshan", "selfeval"])
def test_pdf_round_trip(example, request, tmp_path):
    project, card = request.getfixturevalue(example)
    back = read_back(project, card, "pdf", tmp_path)
    assert_same_facts(card, back, "pdf")
