"""The same report published as DOCX, PDF, HTML and XLSX reads to the same facts; 自评表 workbooks too."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
import synth
from measure import leaves

from jixiao.core.model import Comparator, Project, RuleKind
from jixiao.core.scoring import score_project
from jixiao.readers import read_bytes

D = Decimal


def _check_seed_facts(p: Project) -> None:
    assert (p.name, p.department, p.year) == ("招商引资", "深圳市坪山区投资推广服务署", 2021)
    t = p.funding.total
    assert (t.initial, t.adjusted, t.actual) == (D("1423.71"), D("1375.72"), D("1372.97"))
    assert p.stated.execution_rate == D("99.80")
    rows = leaves(p.indicators)
    assert len(rows) == 16 and sum(r.score or 0 for r in rows) == 98
    assert rows[1].name == "过程规范性"
    assert rows[10].explanation == "是否严格财务管理规范开展会计核算工作。"
    assert (p.stated.total, p.stated.grade) == (D(98), "优")
    assert len(p.targets) == 8 and len(p.units) == 5 and len(p.basis) == 3
    card = score_project(p)
    assert (card.total, card.grade) == (D(98), "优")
    assert [r.score for r in card.roots] == [D(14), D(35), D(25), D(24)]


MAKERS: dict[str, Callable[[str], bytes]] = {
    "seed.docx": synth.to_docx,
    "seed.html": lambda text: synth.to_html(text).encode("utf-8"),
    "seed.xlsx": synth.to_xlsx,
}


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_seed_in_every_office_format(seed_path: Path, name: str) -> None:
    data = MAKERS[name](seed_path.read_text("utf-8"))
    result = read_bytes(data, name)
    assert len(result.projects) == 1, result.findings
    _check_seed_facts(result.projects[0])


@pytest.mark.slow
def test_seed_as_pdf(seed_path: Path, tmp_path: Path) -> None:
    data = synth.to_pdf(seed_path.read_text("utf-8"))
    result = read_bytes(data, "seed.pdf")
    p = result.projects[0]
    _check_seed_facts(p)
    src = p.source_of("indicators/项目决策/项目立项/立项依据充分性.score")
    assert src is not None and src.page is not None and "(p." in src.label()


def test_docx_sources_name_rows_and_cells(seed_path: Path) -> None:
    p = read_bytes(synth.to_docx(seed_path.read_text("utf-8")), "seed.docx").projects[0]
    src = p.sources["indicators/项目效益/群众满意度/社会公众或服务对象对项目实施效果的满意程度.score"]
    assert src.column == 8 and src.fragment and src.fragment.endswith("4")


def test_html_uses_source_lines(seed_path: Path) -> None:
    page = synth.to_html(seed_path.read_text("utf-8"))
    p = read_bytes(page.encode("gb18030").replace(b"utf-8", b"gb18030"), "seed.htm").projects[0]
    src = p.sources["funding.total.adjusted"]
    assert "1375.72" in page.splitlines()[src.line - 1]


def test_selfeval_workbook_binds_targets_and_execution_rate() -> None:
    result = read_bytes(synth.selfeval_xlsx(), "table.xlsx")
    assert [p.name for p in result.projects] == ["农村实用技术培训项目1"]
    p = result.projects[0]
    assert (p.department, p.implementing_unit, p.year) == ("某县农业农村局", "某县农业技术推广中心", 2022)
    assert (p.funding.total.initial, p.funding.total.adjusted, p.funding.total.actual) == (
        D(120), D("110.5"), D("108.2"))
    assert p.funding.sources[0].name == "本年财政拨款"
    assert p.stated.execution_rate == D("97.92")          # stored as 0.9792… with a % format
    first = p.indicators[0]
    assert first.name == "预算执行率" and first.rule is not None and first.rule.kind is RuleKind.EXECUTION_RATE
    assert (first.weight, first.score, p.stated.execution_score) == (D(10), D("9.79"), D("9.79"))
    assert [(n.name, n.weight) for n in p.indicators[1:]] == [("产出指标", D(50)), ("效益指标", D(30)),
                                                               ("满意度指标", D(10))]
    bound = {leaf.name: p.target(leaf.target) for leaf in leaves(p.indicators) if leaf.target}
    assert set(bound) == {"补助村数量", "培训人次", "验收合格率", "按时完成率", "群众办事便利程度", "服务对象满意度"}
    trained = bound["培训人次"]
    assert trained is not None
    assert (trained.comparator, trained.value, trained.unit, trained.actual) == (Comparator.GE, D(100), "人次", D(90))
    assert trained.deviation_reason == "疫情影响，部分培训延期"
    quality = bound["群众办事便利程度"]
    assert quality is not None and quality.comparator is Comparator.QUALITATIVE
    assert bound["按时完成率"] is not None and bound["按时完成率"].deviation_reason == ""   # "—" means none
    assert (p.stated.total, p.stated.weight_total) == (D("95.91"), D(100))
    src = p.sources["indicators/产出指标/数量指标/培训人次.score"]
    assert (src.sheet, src.cell) == ("自评表", "H10") and src.label() == "table.xlsx:自评表!H10"
    leaf = next(x for x in leaves(p.indicators) if x.name == "培训人次")
    assert leaf.score == D(9) and leaf.reason == "疫情影响，部分培训延期"


def test_several_projects_on_one_sheet_in_order() -> None:
    result = read_bytes(synth.selfeval_xlsx(3), "three.xlsx")
    assert [p.name for p in result.projects] == [f"农村实用技术培训项目{n}" for n in (1, 2, 3)]
    assert [p.funding.total.actual for p in result.projects] == [D("108.2"), D("107.2"), D("106.2")]
    assert all(len(leaves(p.indicators)) == 7 for p in result.projects)
