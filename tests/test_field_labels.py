"""The review document, the revision diff and the merge page name every field from one table.

Before ``core.field_labels`` held every label, each kept its own list and one field had three
names (实际完成值 / 实际完成情况, 自评等级 / 评价等级), and a key such as ``total`` could be named
after the wrong block. The hand-written expectations are the 自评表's own words; the identity
tests walk a document holding every field the schema allows and the model built from it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

import pytest

from jixiao.core import field_labels
from jixiao.core.model import Indicator, Project
from jixiao.io.build import build_project
from jixiao.io.schema import PROJECT_SCHEMA
from jixiao.publish.review import place
from jixiao.web.projects import diff, merge

DOC = {"funding": {"initial": "100.00", "adjusted": "120.00", "actual": "110.00"},
       "stated": {"total": "90", "grade": "优", "execution_rate": "91.67"},
       "targets": [{"id": "t1", "name": "培训人次", "value": "100", "actual": "120", "deviation_reason": "无"}],
       "indicators": [{"name": "产出指标", "weight": "50",
                       "children": [{"name": "培训人次", "weight": "10", "score": "8", "reason": "未达标"}]}]}


def _diff_labels(document: dict[str, Any]) -> dict[str, str]:
    return {c.path: c.where for c in diff.diff_documents({}, document)}


def test_review_document_uses_the_forms_words() -> None:
    assert place("stated.total", None) == "报告所填：自评得分"                          # type: ignore[arg-type]
    assert place("stated.grade", None) == "报告所填：评价等级"                          # type: ignore[arg-type]
    assert place("stated.execution_rate", None) == "报告所填：预算执行率"                # type: ignore[arg-type]
    assert place("funding.total.initial", None) == "项目资金：年度资金总额的年初预算数"   # type: ignore[arg-type]
    assert place("funding.total.actual", None) == "项目资金：年度资金总额的全年执行数"    # type: ignore[arg-type]
    assert place("indicators/产出指标/培训人次.reason", None) == "评分表：产出指标—培训人次的扣分原因"  # type: ignore[arg-type]
    assert place("indicators/产出指标/培训人次.weight", None) == "评分表：产出指标—培训人次的分值"     # type: ignore[arg-type]
    assert place("stated.subtotals/产出指标", None) == "报告所填：小计「产出指标」"           # type: ignore[arg-type]


def test_revision_diff_uses_the_forms_words() -> None:
    labels = _diff_labels(DOC)
    assert labels["funding.adjusted"] == "项目资金 · 全年预算数"
    assert labels["stated.grade"] == "报告所填 · 评价等级"
    assert labels["targets[t1].value"] == "绩效目标「培训人次」 · 年度指标值"
    assert labels["targets[t1].actual"] == "绩效目标「培训人次」 · 实际完成值"
    assert labels["indicators[产出指标].children[培训人次].score"] == "评分表「产出指标 › 培训人次」 · 得分"
    assert labels["indicators[产出指标].children[培训人次].reason"] == "评分表「产出指标 › 培训人次」 · 扣分原因"


def test_merge_page_uses_the_forms_words() -> None:
    assert merge.label(("funding", "initial"), DOC) == "项目资金 · 年初预算数"
    assert merge.label(("stated", "total"), DOC) == "报告所填 · 自评得分"
    assert merge.label(("targets", 0, "actual"), DOC) == "绩效目标「培训人次」 · 实际完成值"
    assert merge.label(("targets", 0, "deviation_reason"), DOC) == "绩效目标「培训人次」 · 偏差原因分析及改进措施"
    assert merge.label(("indicators", 0, "children", 0, "weight"), DOC) == "评分表「产出指标」「培训人次」 · 分值"


@pytest.mark.parametrize(("model", "document", "word"), [
    ("funding.total.initial", ("funding", "initial"), "年初预算数"),
    ("funding.total.adjusted", ("funding", "adjusted"), "全年预算数"),
    ("funding.total.actual", ("funding", "actual"), "全年执行数"),
    ("stated.execution_rate", ("stated", "execution_rate"), "预算执行率"),
    ("stated.total", ("stated", "total"), "自评得分"),
    ("stated.grade", ("stated", "grade"), "评价等级"),
    ("targets[0].value", ("targets", 0, "value"), "年度指标值"),
    ("targets[0].actual", ("targets", 0, "actual"), "实际完成值"),
    ("indicators/产出指标/培训人次.score", ("indicators", 0, "children", 0, "score"), "得分"),
])
def test_one_field_has_one_name_in_all_three(model: str, document: tuple[str | int, ...], word: str) -> None:
    project = build_project(DOC | {"project": {"name": "示例"}}, {}, "x.yaml")
    assert place(model, project).endswith((f"的{word}", f"：{word}"))
    assert merge.label(document, DOC).endswith(f" · {word}")
    shown = {path: where for path, where in _diff_labels(DOC).items()
             if field_labels.field_key(re.sub(r"\[[^]]*\]", "", path).split(".")) == field_labels.field_key(document)}
    assert shown and all(where.endswith(f" · {word}") for where in shown.values())


# --- every field the file can hold, and every field of the model built from it ---

def _sample(schema: dict[str, Any], depth: int = 0) -> Any:
    """A value for ``schema`` that fills every property (one list item, indicators two deep)."""
    if "$ref" in schema:
        return _sample(PROJECT_SCHEMA["$defs"][schema["$ref"].rsplit("/", 1)[1]], depth + 1)
    if "anyOf" in schema:
        options = [o for o in schema["anyOf"] if o.get("type") != "null"]
        return _sample(next((o for o in options if o.get("type") == "object"), options[0]), depth)
    if "const" in schema or "enum" in schema:
        return schema.get("const", (schema.get("enum") or [None])[0])
    kind = schema.get("type")
    kind = kind[0] if isinstance(kind, list) else kind
    if kind == "object":
        return {k: _sample(v, depth) for k, v in schema.get("properties", {}).items()
                if not (k == "children" and depth > 1)}
    if kind == "array":
        return [_sample(schema["items"], depth)]
    return {"integer": 2024, "boolean": True, "number": "1"}.get(kind or "", "文字一")


FULL: dict[str, Any] = _sample(PROJECT_SCHEMA)
FULL["project"]["name"] = "示例项目"


def _model_paths(value: Any, path: str) -> Iterator[str]:
    """The checker's paths into a model value: ``targets[0].actual``, ``indicators/甲/乙.score``."""
    if isinstance(value, Indicator):
        for f in dataclasses.fields(value):
            if f.name != "children":
                yield f"{path}.{f.name}"
        for child in value.children:
            yield from _model_paths(child, f"{path}/{child.name}")
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            if not (isinstance(value, Project) and f.name in ("claims", "sources", "confidence", "competing")):
                yield from _model_paths(getattr(value, f.name), f"{path}.{f.name}" if path else f.name)
    elif isinstance(value, tuple) and value and dataclasses.is_dataclass(value[0]):
        for i, item in enumerate(value):
            yield from _model_paths(item, f"indicators/{item.name}" if path == "indicators" else f"{path}[{i}]")
    else:
        yield path


def test_every_field_of_the_file_and_the_model_has_a_label() -> None:
    project = build_project(FULL, {}, "full.yaml")
    document = [c.path for c in diff.diff_documents({}, FULL)]
    model = list(_model_paths(project, ""))
    assert len(document) > 80 and len(model) > 80
    for path in (*[re.sub(r"\[[^]]*\]", "", p) for p in document],
                 *[re.sub(r"\[\d+\]", "", p) for p in model if not p.startswith("indicators/")]):
        assert field_labels.label(path.split(".")) is not None, path


def test_review_names_every_model_field_from_the_table() -> None:
    project = build_project(FULL, {}, "full.yaml")
    for path in _model_paths(project, ""):
        if path.startswith("indicators/"):
            steps: tuple[str, ...] = ("indicators", path.rsplit(".", 1)[1])
        else:
            steps = tuple(re.sub(r"\[\d+\]", "", path).split("."))
        expected = field_labels.label(steps)
        assert expected is not None and place(path, project).endswith(expected.zh), path


def test_diff_names_every_field_from_the_table() -> None:
    for change in diff.diff_documents({}, FULL):
        steps = re.sub(r"\[[^]]*\]", "", change.path).split(".")
        expected = field_labels.label(steps)
        assert expected is not None and change.where.split(" · ")[-1] == expected.zh, change.path


def _blank(value: Any) -> Any:
    """The same structure with every value emptied, so each leaf differs from ``FULL``'s."""
    if isinstance(value, dict):
        return {k: _blank(v) for k, v in value.items()}
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
        return [_blank(v) for v in value]
    return None


def test_merge_names_every_field_from_the_table() -> None:
    fields = merge.changed_fields(_blank(FULL), FULL)
    assert len(fields) > 80
    for f in fields:
        expected = field_labels.label(f.path)
        assert expected is not None and merge.label(f.path, FULL).split(" · ")[-1] == expected.zh, f.path


def test_every_label_has_both_languages() -> None:
    for key, found in field_labels.FIELDS.items():
        assert re.search(r"[\u4e00-\u9fff]", found.zh) and re.fullmatch(r"[a-z][a-z -]*", found.en), key


# --- the other places a person reads a field's name: all from the same table ---

def test_the_words_printed_are_words_the_readers_know() -> None:
    """A label printed for a read field (and its short form) is one the readers and the checker
    (``core.vocabulary``, used by ``core.verdicts``) recognise for that field, so a report this
    system writes reads back into the same fields."""
    from jixiao.core import vocabulary
    for key, words in vocabulary.FIELD_LABELS.items():
        found = field_labels.of(key)
        assert found.zh in words and found.brief in words, key


def _gapped_project() -> tuple[Project, Any]:
    from jixiao.core.scoring import score_project
    doc = {"project": {"name": "示例"}, "record": "draft",
           "targets": [{"id": "t1", "name": "培训人次", "comparator": "≥", "value": "100", "unit": "人次"},
                       {"id": "t2", "name": "宣传次数", "comparator": "≥", "value": "10", "unit": "次",
                        "actual": "5"}],
           "indicators": [{"name": "产出指标", "weight": "50",
                           "children": [{"name": "数量指标", "weight": "20",
                                         "children": [{"name": "宣传质量", "weight": "10", "score": "6"}]}]}],
           "narrative": {"problems": ["问题一"]}}
    project = build_project(doc, {}, "gaps.yaml")
    return project, score_project(project, None)


def test_a_drafts_gaps_name_fields_from_the_table() -> None:
    from jixiao.publish.gaps import missing_facts
    project, card = _gapped_project()
    gaps = missing_facts(project, card)
    zh = {k: field_labels.of(k).zh for k in ("targets", "targets.actual", "targets.deviation_reason", "indicators",
                                             "indicators.reason", "narrative.problems", "narrative.measures")}
    assert f"{zh['targets']}「培训人次」的{zh['targets.actual']}" in gaps
    assert any(g.startswith(f"{zh['targets']}「宣传次数」的{zh['targets.deviation_reason']}") for g in gaps), gaps
    assert any(g.startswith(f"{zh['indicators']}「产出指标 › 数量指标 › 宣传质量」的{zh['indicators.reason']}")
               for g in gaps), gaps
    assert any(zh["narrative.problems"] in g and g.endswith(zh["narrative.measures"]) for g in gaps), gaps


def test_the_published_funds_table_heads_its_columns_from_the_table() -> None:
    from jixiao.publish.outline import funding_grid
    project = build_project(DOC | {"project": {"name": "示例"}}, {}, "x.yaml")
    grid = funding_grid(project)
    assert grid is not None
    money = tuple(field_labels.of(f"funding.total.{k}").zh for k in ("initial", "adjusted", "actual"))
    assert money == field_labels.MONEY_COLUMNS
    assert [c.text for c in grid.head[0]][1:] == [*money, field_labels.of("stated.execution_rate").brief]
    assert grid.body[0][0].text == field_labels.of("funding.total").zh


def test_the_workbook_heads_its_funds_block_from_the_table() -> None:
    import io

    import openpyxl

    from jixiao.core.scoring import score_project
    from jixiao.io.frameworks import resolve_framework
    from jixiao.publish import render
    project = build_project(DOC | {"project": {"name": "示例"}, "framework": "mof-2020-selfeval"}, {}, "x.yaml")
    card = score_project(project, resolve_framework("mof-2020-selfeval")[0])
    sheet = openpyxl.load_workbook(io.BytesIO(render(project, card, "xlsx"))).worksheets[0]
    rows = [[c for c in row if c not in (None, "")] for row in sheet.iter_rows(values_only=True)]
    head = next(r for r in rows if field_labels.MONEY_COLUMNS[0] in r)
    assert head[-6:] == [*field_labels.MONEY_COLUMNS, field_labels.of("indicators.weight").zh,
                         field_labels.of("stated.execution_rate").brief, field_labels.of("indicators.score").zh]


def test_the_checkers_column_names_are_the_tables() -> None:
    from jixiao.core.checks import budget, confidence
    for key, zh, _ in budget._COLUMNS:
        assert zh == field_labels.of(f"funding.total.{key}").zh
    assert {k: field_labels.of(f"funding.total.{k}").zh for k in ("initial", "adjusted", "actual")} == confidence._ZH
