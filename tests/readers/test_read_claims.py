"""Prose claims read once by the readers (readers/claims.py). Invented texts, in the layouts reports use."""

from __future__ import annotations

from decimal import Decimal as D

from jixiao.core.model import Claims
from jixiao.readers import read_bytes


def claims_of(text: str) -> tuple[Claims, dict]:
    loaded = read_bytes(text.encode("utf-8"), "report.txt")
    project = loaded.projects[0]
    return project.claims, dict(project.sources)


def test_figures_keep_their_unit_label_and_year() -> None:
    claims, sources = claims_of("一、基本情况\n2023年中央下达补助资金１２０．５万元，惠及困难群众300人。\n")
    money = [f for f in claims.figures if f.unit == "万元"]
    assert [(f.value, f.label, f.year) for f in money] == [(D("120.5"), "2023年中央下达补助资金", 2023)]
    assert money[0].wan == D("120.5")
    assert [f.value for f in claims.figures if f.unit == "人"] == [D(300)]
    assert not [f for f in claims.figures if f.value == 2023]          # a year is not a quantity
    assert sources["claims.sentences[1]"].line == 2


def test_breakdowns_in_the_sentence_in_parentheses_and_opening_the_next_sentence() -> None:
    text = ("一、资金情况\n全年收到资金共200万元，其中省级资金120万元，县级资金50万元，其他资金30万元。"
            "全区执行数180(含省级资金110万元,县级资金40万元,其他资金30万元)。"
            "下达甲单位预算资金90万元。具体是：道路工程40万元；桥梁工程30万元；照明工程15万元。\n")
    claims, _ = claims_of(text)
    got = {(s.whole.text, tuple(p.text for p in s.parts)) for s in claims.sums if s.kind == "breakdown"}
    assert ("200万元", ("120万元", "50万元", "30万元")) in got
    assert ("180", ("110万元", "40万元", "30万元")) in got        # a bare whole takes its parts' unit
    assert ("90万元", ("40万元", "30万元", "15万元")) in got
    bare = next(s for s in claims.sums if s.whole.text == "180")
    assert bare.whole.wan == D(180)


def test_numbered_items_under_a_whole_named_like_their_lead_in() -> None:
    text = ("一、资金情况\n全市下达资金共500万元，其中下达区县200万元；市直单位300万元。"
            "市直单位项目有：一是图书馆，下达资金180万元。二是文化馆，下达资金150万元。\n")
    claims, _ = claims_of(text)
    items = [s for s in claims.sums if s.kind == "enumeration"]
    assert len(items) == 1 and items[0].whole.text == "300万元"
    assert [p.text for p in items[0].parts] == ["180万元", "150万元"]


def test_counts_lists_document_numbers_dates_and_titles() -> None:
    text = ("某县民政局2023年度项目支出绩效自评报告\n一、基本情况\n本年度实施项目共9个，年初安排5个项目，年中新增5个项目。\n"
            "依据《资金管理办法》（民财2022〕15号）和民财〔2023〕8号执行。项目起止时间：2023年1月1日-2023年12月31日。\n"
            "1.完成培训。\n2.完成宣传。\n3.完成验收。\n3.完成审计。\n4.完成总结。\n填报日期：2023年11月20日\n")
    claims, _ = claims_of(text)
    count = next(s for s in claims.sums if s.kind == "count")
    assert count.whole.value == 9 and [p.value for p in count.parts] == [5, 5]
    assert [m for _, m in claims.lists] == [("1", "2", "3", "3", "4")]
    numbers = [n for _, n in claims.numbers]
    assert len(numbers) == 2 and numbers[0].endswith("民财2022〕15号") and numbers[1].endswith("民财〔2023〕8号")
    roles = {d.role: (d.year, d.month, d.day) for d in claims.dates if d.role != "event"}
    assert roles == {"period_end": (2023, 12, 31), "report": (2023, 11, 20)}
    assert [(y, t) for _, y, t in claims.titles] == [(2023, "2023年度项目支出绩效自评报告")]


def test_blank_cells_and_template_prompts() -> None:
    text = ("项目支出绩效自评表\n单位 | | |\n资金管理情况 | 情况说明 |\n分配科学性 | 按因素法分配到各乡镇，优先保障困难群众 |\n"
            "下达及时性 | | |\n一级 指标 |\n二级 指标 |\n评价结论 |\n结合自评情况,说明项目自评总分。(200字以内) |\n")
    claims, _ = claims_of(text)
    assert claims.blanks == ("单位", "下达及时性")
    assert [label for _, label in claims.instructions] == ["评价结论"]


def test_claims_are_built_only_when_asked_for_and_stand_for_plain_claims() -> None:
    """``read`` and ``score`` never build the claims; the checker's first access does, with the same
    claims and sources (in the same order) that reading them at once gave."""
    import pickle
    from types import MappingProxyType

    from jixiao import pipeline
    from jixiao.readers.claims import read_claims
    from jixiao.readers.layout import paragraphs

    text = "一、基本情况\n全年收到资金共200万元，其中省级资金120万元，县级资金80万元。\n单位 | | |\n"
    scored = pipeline.run(pipeline.Upload(text.encode(), "r.txt"), pipeline.Options(check=False))
    project = scored.projects[0].project
    prose = object.__getattribute__(project.claims, "_source")
    assert prose._done is None                                   # read and scored, not built
    assert project.source_of("name") == project.sources.get("name") and prose._done is None
    assert "claims.sentences[0]" in project.sources and prose._done is not None
    from jixiao.readers import read_layout
    from jixiao.readers.normalise import normalise_document
    doc = normalise_document(read_layout(text.encode(), "r.txt")[0])
    eager, located = read_claims(doc, paragraphs(doc))
    assert project.claims == eager and eager == project.claims and hash(project.claims) == hash(eager)
    assert pickle.loads(pickle.dumps(project.claims)) == eager
    assert type(pickle.loads(pickle.dumps(project.claims))) is Claims
    assert {k: v for k, v in project.sources.items() if k.startswith("claims.")} == located
    keys = list(project.sources)
    at = keys.index(next(iter(located)))
    assert keys[at:at + len(located)] == list(located)          # where assemble always put them
    assert project.sources == MappingProxyType(dict(project.sources))
    assert project.claims.figures and project.evolve(name="x").claims is project.claims
