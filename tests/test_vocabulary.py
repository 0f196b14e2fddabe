"""The shared vocabulary: labels classify by the longest match; grades and qualitative results."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core import vocabulary as v


def test_longest_label_wins() -> None:
    assert v.label_field("年初预算数") == "funding.total.initial"
    assert v.label_field("全年预算数") == "funding.total.adjusted"
    assert v.label_field("全年执行数") == "funding.total.actual"
    assert v.label_field("预算执行率") == "stated.execution_rate"
    assert v.label_field("自评得分合计") == "stated.total"
    assert v.label_field("绩效得分") == "stated.total"
    assert v.label_field("项目名称") is None


def test_every_label_is_found_by_its_own_field() -> None:
    for field, labels in v.FIELD_LABELS.items():
        for label in labels:
            assert v.pattern(field).search(label), (field, label)


def test_grades_and_qualitative_results() -> None:
    assert (v.grade_of("优秀"), v.grade_of("良好"), v.grade_of("较差"), v.grade_of("项目")) == ("优", "良", "差", None)
    assert v.qualitative_result("未完成") is False
    assert v.qualitative_result("已完成") is True
    assert v.qualitative_result("基本完成") is False
    assert v.qualitative_result("详见附件") is None


def _alternation(words: list[str], gap: str = "") -> str:
    """The plain form the trie replaces: every word, longest first."""
    return "|".join(gap.join(map(re.escape, w)) for w in sorted(set(words), key=len, reverse=True))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text("ab(c.", max_size=4), max_size=6), st.lists(st.text("ab(c. 1", max_size=10), max_size=8),
       st.sampled_from(["", r"\s*"]))
def test_a_words_regex_matches_as_the_alternation_longest_first(words: list[str], texts: list[str], gap: str) -> None:
    trie, plain = re.compile(v.words_regex(words, gap)), re.compile(_alternation(words, gap))
    framed = [re.compile(f"^(?:{p.pattern})(c?)(b)") for p in (trie, plain)]     # backtracking into the words
    for text in texts:
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]
        a, b = (p.match(text) for p in framed)
        assert (a and (a.span(), a.span(1))) == (b and (b.span(), b.span(1)))


def test_labels_match_longest_first_in_a_trie() -> None:
    labels = re.compile(v.words_regex(v.FIELD_LABELS["funding.total.initial"]))
    assert [m.group() for m in labels.finditer("年初预算数为100万元，年初下达80万元")] == ["年初预算数", "年初下达"]


def test_the_checker_reads_a_total_or_a_grade_under_every_label_the_reader_knows() -> None:
    """One vocabulary: prose the reader takes a total or grade from is prose the checker compares."""
    from decimal import Decimal

    from jixiao.core.claims import fold
    from jixiao.core.verdicts import grade_claims, score_claims

    for label in v.FIELD_LABELS["stated.total"]:
        got = list(score_claims([fold(f"经综合评价，该项目{label}为95.5分。")]))
        assert [(kw, n) for _, kw, n, _ in got] == [(label, Decimal("95.5"))], label
    for label in v.FIELD_LABELS["stated.grade"]:
        got = list(grade_claims([fold(f"该项目{label}“良好”。")]))
        assert [g for _, g, _ in got] == ["良好"], label
    # a word outside the four levels is no grade a score can contradict
    assert list(grade_claims([fold("评价结果较好。")])) == []
    assert [g for _, g, _ in grade_claims([fold("自评等级：优")])] == ["优"]
