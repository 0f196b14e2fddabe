"""The shared vocabulary: labels classify by the longest match; grades and qualitative results."""

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
