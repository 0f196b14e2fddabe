"""The reference report read as data: every fact of seed-walkthrough.md, located, and scorable."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core.model import Comparator, Indicator, Project, Record
from jixiao.core.scoring import score_project
from jixiao.io.loading import parse_project_text
from jixiao.io.serialize import dump_json, dump_yaml, project_to_dict
from jixiao.readers import read_bytes, read_document

D = Decimal


@pytest.fixture
def seed_project(seed_path: Path) -> Project:
    result = read_document(seed_path)
    assert len(result.projects) == 1
    assert not any(f.is_error for f in result.findings)
    return result.projects[0]


def leaves(nodes: tuple[Indicator, ...], prefix: str = "") -> list[tuple[str, Indicator]]:
    out: list[tuple[str, Indicator]] = []
    for n in nodes:
        path = f"{prefix}/{n.name}" if prefix else n.name
        out.extend(leaves(n.children, path) if n.children else [(path, n)])
    return out


def test_header(seed_project: Project) -> None:
    p = seed_project
    assert (p.name, p.year, p.department) == ("招商引资", 2021, "深圳市坪山区投资推广服务署")
    assert p.leads == ("刘海兰", "马路漫", "朱运凯")
    assert (p.preparer, p.phone) == ("王美娴", "0755-28339251")
    assert p.record is Record.PUBLISHED


def test_basis_and_units(seed_project: Project) -> None:
    assert [b.number for b in seed_project.basis] == ["深坪府规〔2020〕6号", "深坪府规〔2018〕9号", "深坪府办规〔2018〕14号"]
    assert seed_project.basis[0].title == "坪山区重点产业项目遴选管理办法"
    names = [u.name for u in seed_project.units]
    assert names == ["招商引资部", "产业空间统筹部", "投资促进部", "发展规划部", "综合部"]
    # the duty of 招商引资部 wraps over a page break: joined back into one sentence
    assert "咨询和服务；组织开展招商引资工作" in seed_project.units[0].duties
    assert seed_project.units[1].duties == seed_project.units[3].duties


def test_funding(seed_project: Project) -> None:
    f = seed_project.funding
    assert (f.total.initial, f.total.adjusted, f.total.actual) == (D("1423.71"), D("1375.72"), D("1372.97"))
    assert (f.procurement.initial, f.procurement.adjusted, f.procurement.actual) == (
        D("543.64"), D("430.89"), D("430.89"))
    assert seed_project.stated.execution_rate == D("99.80")
    assert seed_project.stated.procurement_execution_rate == D("100")


def test_targets_and_actuals(seed_project: Project) -> None:
    got = {t.name: (t.comparator, t.value, t.unit, t.actual) for t in seed_project.targets}
    assert got == {
        "召开市级生物医药产业会议次数": (Comparator.EQ, D(1), "次", None),
        "宣传折页制作": (Comparator.EQ, D(5000), "份", None),
        "宣传册制作": (Comparator.EQ, D(3000), "本", None),
        "验收通过率": (Comparator.GE, D(98), "%", None),
        "引进注册资金2000万元以上项目": (Comparator.EQ, D(6), "个", D(6)),
        "引进10亿元以上项目数": (Comparator.EQ, D(1), "个", D(1)),
        "就业增加比例": (Comparator.EQ, D(3), "%", D(3)),
        "单位干部职工满意度": (Comparator.GE, D(95), "%", D(98)),
    }


def test_scoring_table(seed_project: Project) -> None:
    rows = leaves(seed_project.indicators)
    assert len(rows) == 16
    assert [r.score for _, r in rows] == [D(x) for x in ["5", "5", "4", "5", "5", "5", "5", "5", "5", "3", "2", "10", "10", "5", "20", "4"]]
    assert [r.weight for _, r in rows] == [D(x) for x in ["5", "5", "5", "5", "5", "5", "5", "5", "5", "3", "2", "10", "10", "5", "20", "5"]]
    names = dict(rows)
    assert "项目决策/立项程序/过程规范性" in names                      # the stray "5 " is gone
    assert names["项目管理/财务管理/会计核算规范性"].explanation == "是否严格财务管理规范开展会计核算工作。"
    assert names["项目决策/项目立项/立项依据充分性"].explanation.endswith("发展规划以及部门职责，用以反映和考核项目立项依据情况。")
    assert [(n.name, n.weight) for n in seed_project.indicators] == [
        ("项目决策", D(15)), ("项目管理", D(35)), ("项目产出", D(25)), ("项目效益", D(25))]
    assert (seed_project.stated.total, seed_project.stated.grade) == (D(98), "优")


def test_score_card_matches_the_report(seed_project: Project) -> None:
    card = score_project(seed_project)
    assert (card.total, card.grade) == (D(98), "优")
    assert [r.score for r in card.roots] == [D(14), D(35), D(25), D(24)]


def test_narrative(seed_project: Project) -> None:
    n = seed_project.narrative
    assert [s.heading for s in n.sections] == ["基本情况", "项目绩效评价结论和分析", "主要经验及做法",
                                               "存在的问题及整改措施", "有关建议"]
    assert "综合评分为98分" in n.sections[1].text
    assert n.goal.startswith("聚焦发力于经济增量") and "单位干部职工满意度达95%以上" in n.goal
    assert "单位干部职工满意度达98%" in n.achievement
    assert len(n.experiences) == 2 and len(n.measures) == 2 and len(n.suggestions) == 2
    assert [p.cause for p in n.problems] == ["绩效培训次数较少，关键岗位的专业知识提升受限。",
                                             "项目绩效量化值对佐证资料要求较高，且提供的数据较难佐证真实、有效。"]
    assert [a.heading for a in n.analysis][:2] == ["项目决策情况", "项目过程情况"]


def test_sources_point_at_the_text(seed_project: Project, seed_path: Path) -> None:
    lines = seed_path.read_text("utf-8").splitlines()
    for path, needle in [("funding.total.adjusted", "1375.72"), ("stated.execution_rate", "执行率"),
                         ("funding.procurement.initial", "543.64"), ("name", "招商引资"),
                         ("indicators/项目效益/群众满意度/社会公众或服务对象对项目实施效果的满意程度.score", "4"),
                         ("targets[7].actual", "满意度"), ("basis[2]", "深坪府办规")]:
        src = seed_project.source_of(path)
        assert src is not None and src.file == str(seed_path), path
        line = lines[src.line - 1]
        assert (src.fragment and src.fragment in line.strip()) or line.strip().startswith(src.fragment[:20])
        assert needle in line[src.column - 1:], (path, src)
    score_src = seed_project.sources["indicators/项目决策/立项程序/过程规范性.score"]
    assert lines[score_src.line - 1].split("\t")[-1] == "5" and score_src.column > 1


def test_round_trip_through_the_project_file(seed_project: Project) -> None:
    for text in (dump_yaml(project_to_dict(seed_project)), dump_json(project_to_dict(seed_project))):
        loaded = parse_project_text(text, "seed.yaml")
        assert loaded.findings == [] and len(loaded.projects) == 1
        again = loaded.projects[0]
        assert project_to_dict(again) == project_to_dict(seed_project)
        assert score_project(again).total == D(98)


def test_gb18030_and_bytes_entry_point(seed_path: Path) -> None:
    text = seed_path.read_text("utf-8")
    result = read_bytes(text.encode("gb18030"), "seed.txt")
    p = result.projects[0]
    assert (p.stated.total, p.funding.total.adjusted, len(leaves(p.indicators))) == (D(98), D("1375.72"), 16)
    assert any(f.slug == "read-partial" and "gb18030" in f.message for f in result.findings)
