"""Normalisation undoes mirror-site and OCR damage and keeps every position in the original text."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.readers import read_bytes
from jixiao.readers.normalise import normalise


@pytest.mark.parametrize(("raw", "want"), [
    ("預(yù)算數(shù)", "预算数"),                       # traditional + pinyin after characters
    ("執(zhí)行率", "执行率"),
    ("１２３．５％", "123.5%"),                      # full-width digits and punctuation
    ("88,799,814.14元", "88799814.14元"),            # thousands separators
    ("完成率1O0%", "完成率100%"),                    # OCR look-alike inside a number
    ("(A)预算数(B)", "(A)预算数(B)"),                # letters in brackets without tone marks stay
    ("Olympic 10,20", "Olympic 10,20"),              # letters outside numbers, lists of numbers stay
])
def test_normalised_text(raw: str, want: str) -> None:
    assert normalise(raw).text == want


def test_positions_point_into_the_original() -> None:
    raw = "全文預(yù)覽結(jié)束,預(yù)算數(shù)10萬元"
    n = normalise(raw)
    assert n.text == "全文预览结束,预算数10万元"
    at = n.text.index("10")
    assert raw[n.position(at):n.position(at) + 2] == "10"
    assert raw[n.position(n.text.index("算"))] == "算"


def test_a_traditional_report_reads_like_a_simplified_one() -> None:
    simple = "项目名称:某项目\n年初预算数100万元,全年预算数120万元,全年执行数108万元,执行率90%。\n自评得分95分。\n"
    mirror = "項(xiàng)目名稱:某項(xiàng)目\n年初預(yù)算數(shù)100萬元,全年預(yù)算數(shù)120萬元,全年執(zhí)行數(shù)108萬元,執(zhí)行率90%。\n自評得分95分。\n"
    a = read_bytes(simple.encode(), "a.txt").projects[0]
    b = read_bytes(mirror.encode(), "b.txt").projects[0]
    assert (b.funding.total.initial, b.funding.total.adjusted, b.funding.total.actual) == (
        Decimal(100), Decimal(120), Decimal(108))
    assert (a.stated.total, a.stated.execution_rate) == (b.stated.total, b.stated.execution_rate) == (
        Decimal(95), Decimal(90))
    src = b.sources["funding.total.adjusted"]
    line = mirror.splitlines()[src.line - 1]
    assert line[src.column - 1:src.column + 2] == "120"
