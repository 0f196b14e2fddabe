"""The implementing unit stated in prose fills Project.implementing_unit when no header field gives it."""

from __future__ import annotations

import pytest

from jixiao.readers import read_bytes

HEAD = "2023年度河道保洁项目支出绩效自评报告\n项目名称：河道保洁\n主管部门：某县水务局\n"
TAIL = "\n二、绩效评价结论\n年初预算50万元，实际支出48万元。自评得分92分，评价等级为优。\n"


def _read(body: str, head: str = HEAD) -> tuple[str, object]:
    result = read_bytes((head + "一、基本情况\n" + body + TAIL).encode("utf-8"), "r.txt")
    p = result.projects[0]
    return p.implementing_unit, p.sources.get("implementing_unit")


@pytest.mark.parametrize("sentence, unit", [
    ("某县河湖管护中心是河道保洁项目的实施单位，负责日常保洁和巡查。", "某县河湖管护中心"),
    ("2023年，某县河湖管护中心为本项目的实施单位，承担保洁工作。", "某县河湖管护中心"),
    ("本项目由县水务局主管，实施单位为某县河湖管护中心，资金按季度拨付。", "某县河湖管护中心"),
    ("项目实施单位是某县城乡环卫服务站。", "某县城乡环卫服务站"),
    ("项目由某县城乡环卫服务站负责实施，县水务局负责监督。", "某县城乡环卫服务站"),
    ("保洁工作由某县城乡环卫服务站具体组织实施。", "某县城乡环卫服务站"),
])
def test_unit_from_a_sentence(sentence: str, unit: str) -> None:
    got, where = _read(sentence + "\n")
    assert got == unit
    assert where is not None and where.line == 5          # type: ignore[attr-defined]
    assert unit in (where.fragment or "")                   # type: ignore[attr-defined]


def test_unit_sentence_wrapped_over_lines() -> None:
    got, where = _read("根据县政府安排，某县河湖管护中心是河道保洁项目的实施\n单位和资金使用单位。\n")
    assert got == "某县河湖管护中心"
    assert where.line == 5 and where.column == 9            # type: ignore[attr-defined]


@pytest.mark.parametrize("sentence", [
    "本单位是河道保洁项目的实施单位。",                       # a pronoun, not a name
    "某县河湖管护中心是河道保洁项目的主管部门。",               # not the implementing unit
    "项目按计划实施，保洁覆盖率达到98%。",
    "年度资金为项目实施单位提供保障。",                          # 为 as a preposition
    "项目资金为实施单位日常保洁经费。",
    "项目由张三负责实施。",                                    # a person, not an organisation
])
def test_no_unit(sentence: str) -> None:
    got, where = _read(sentence + "\n")
    assert got == "" and where is None


def test_header_field_wins() -> None:
    head = HEAD + "实施单位：某县水利工程管理所\n"
    got, where = _read("某县河湖管护中心是河道保洁项目的实施单位。\n", head)
    assert got == "某县水利工程管理所"
    assert where.line == 4                                  # type: ignore[attr-defined]


@pytest.mark.parametrize("cell", [
    "其中:当年财政拨款", "其中：上年结转资金", "当年财政拨款", "年度资金总额", "全年执行数", "9034", "1234-5",
])
def test_header_value_is_not_another_blocks_label_or_a_figure(cell: str) -> None:
    # text extracted from a PDF may print a unit's name before its label and the funds block's
    # label after it: that label (or a stray figure) is not the implementing unit
    head = HEAD + f"某县河湖管护中心 实施单位 {cell} 0 0\n"
    got, where = _read("项目按计划实施。\n", head)
    assert got == "" and where is None


def test_header_value_after_its_label_still_read() -> None:
    head = HEAD + "实施单位 某县河湖管护中心 其中:当年财政拨款 0 0\n"
    got, _ = _read("项目按计划实施。\n", head)
    assert got == "某县河湖管护中心"
