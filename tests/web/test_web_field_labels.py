"""Every field the edit form and the project page show is named as ``core.field_labels`` names it.

The expectations are built from ``FIELDS`` alone (the block's name before a field where the
page shows it outside its block, the 自评表's short word where the table prints one), and the
pages are read as a person reads them: the words of the ``<label>`` around an input, or the
input's ``aria-label`` inside a table cell, with a trailing hint （…） left off. A label written
into a template or a list of its own that drifts from the table fails here.
"""

from __future__ import annotations

import html
import re

from jixiao.core import field_labels as fl
from jixiao.web import engine
from jixiao.web.projects import views
from jixiao.web.projects.models import ProjectRecord

MONEY = ("initial", "adjusted", "actual")


def _zh(key: str) -> str:
    return fl.of(key).zh


EXPECTED: dict[str, str] = {
    **{key: _zh(f"project.{key}") for key in ("name", "year", "implementing_unit", "leads", "preparer", "phone")},
    "framework": _zh("framework"),
    **{f"funding.{key}": _zh(f"funding.total.{key}") for key in MONEY},
    **{f"procurement.{key}": _zh("funding.procurement") + _zh(f"funding.procurement.{key}") for key in MONEY},
    "adjustment.reason": _zh("funding.adjustments.reason"), "adjustment.document": _zh("funding.adjustments.document"),
    "low_execution_reason": _zh("funding.low_execution_reason"),
    "stated.total": _zh("stated.total"), "stated.grade": _zh("stated.grade"),
    "stated.execution_rate": _zh("stated") + _zh("stated.execution_rate"),     # shown in the funds sheet
    "n.goal": fl.of("narrative.goal").brief, "n.achievement": _zh("narrative.achievement"),
    **{f"n.{key}": _zh(f"narrative.{key}") for key in ("background", "conclusion", "experiences", "problems",
                                                        "measures", "suggestions")},
    **{f"funding.{key}": _zh(f"funding.{key}") for key in ("purposes", "notes")},
    # the grid's cells
    "r-n": _zh("indicators.name"), "r-c": fl.of("targets.comparator").brief, "r-v": _zh("targets.value"),
    "r-u": fl.of("targets.unit").brief, "r-a": _zh("targets.actual"), "r-w": _zh("indicators.weight"),
    "r-s": _zh("indicators.score"), "r-t": _zh("indicators.tier"),
}
# inputs whose label is per item: a prose section under its block's name, a unit's duties after its name
STARTS = {"sec-analysis-": _zh("narrative.analysis") + "：", "sec-sections-": _zh("narrative.sections") + "："}
ENDS = {"unit-": _zh("units.duties")}
HINT = re.compile(r"（[^（）]*）$")


def _inputs(page: str) -> list[tuple[str, str]]:
    """(input name, the words a person reads for it) for every visible input, select and textarea."""
    out = []
    for m in re.finditer(r"<(input|select|textarea)\b([^>]*)>", page):
        attrs = m.group(2)
        name = re.search(r'\bname="([^"]+)"', attrs)
        if name is None or 'type="hidden"' in attrs:
            continue
        aria = re.search(r'\baria-label="([^"]*)"', attrs)
        if aria is not None:
            words = aria.group(1)
        else:
            opened = page.rfind("<label", 0, m.start())
            if opened < 0 or page.rfind("</label>", 0, m.start()) > opened:
                continue        # not inside a label (the save note, the 修改说明): not a field
            words = re.sub(r"<[^>]+>", "", page[page.index(">", opened) + 1:m.start()])
        out.append((name.group(1), HINT.sub("", html.unescape(words).strip())))
    return out


def _check_inputs(page: str) -> set[str]:
    seen = set()
    for name, words in _inputs(page):
        prefix = next((p for p in (*STARTS, *ENDS) if name.startswith(p)), None)
        if prefix in STARTS:
            assert words.startswith(STARTS[prefix]), (name, words)
        elif prefix in ENDS:
            assert words.endswith(ENDS[prefix]), (name, words)
        elif name in EXPECTED:
            assert words == EXPECTED[name], (name, words, EXPECTED[name])
        else:
            continue
        seen.add(prefix or name)
    return seen


def _full_record(world) -> ProjectRecord:
    rec = world.project_a
    doc = dict(rec.document)
    doc["narrative"] = {**doc.get("narrative", {}), "analysis": [{"heading": "产出", "text": "完成"}],
                        "sections": [{"heading": "一、概况", "text": "文字"}], "background": "背景",
                        "conclusion": "结论", "experiences": ["经验"], "problems": ["问题"], "measures": ["措施"],
                        "suggestions": ["建议"], "goal": "目标", "achievement": "完成"}
    doc["units"] = [{"name": "某单位", "duties": "实施"}]
    doc["funding"] = {**doc.get("funding", {}), "purposes": "用途", "notes": "说明"}
    rec.document = doc
    rec.save()
    return rec


def test_the_edit_form_names_every_field_from_the_table(world) -> None:
    rec = _full_record(world)
    page = world.client("prep_a").get(f"/projects/{rec.pk}/edit/").content.decode()
    seen = _check_inputs(page)
    assert seen >= set(EXPECTED) | set(STARTS) | set(ENDS), sorted(set(EXPECTED) - seen)
    legends = set(re.findall(r"<legend>([^<]*)</legend>", page))
    assert {_zh("stated"), _zh("narrative"), _zh("units")} <= legends


def test_the_project_page_names_every_field_from_the_table(world) -> None:
    rec = _full_record(world)
    page = world.client("rev_a").get(f"/projects/{rec.pk}/").content.decode()
    seen = _check_inputs(page)          # the funds sheet, read-only
    assert {"funding.initial", "procurement.actual", "stated.execution_rate", "r-v", "r-a"} <= seen
    heads = [html.unescape(h) for h in re.findall(r"<th>([^<]*)</th>", page)]
    for key in ("name", "year", "implementing_unit", "leads", "preparer", "phone"):
        assert _zh(f"project.{key}") in heads, key
    assert _zh("stated") + _zh("stated.total") in heads and _zh("stated") + _zh("stated.grade") in heads
    assert _zh("funding.total") in heads and f"其中：{_zh('funding.procurement')}" in heads
    assert _zh("narrative.goal") in re.findall(r'<th class="side">([^<]*)</th>', page)
    titles = set(re.findall(r'<h3 id="[^"]*">([^<]*)</h3>', page))
    assert {_zh(f"narrative.{k}") for k in ("background", "conclusion", "experiences", "problems", "measures",
                                            "suggestions")} <= titles
    assert {_zh("funding.purposes"), _zh("funding.notes"), _zh("units")} <= titles
    columns = re.findall(r'<th class="c-[a-z]+">([^<]*)</th>', page)
    for word in (_zh("targets.value"), _zh("targets.actual"), _zh("indicators.weight"), _zh("indicators.score"),
                 _zh("targets.deviation_reason"), fl.of("targets.unit").brief, fl.of("targets.comparator").brief):
        assert word in columns, word
    funds = re.search(r'<table class="head-block">.*?</thead>', page, re.S)
    assert funds is not None
    assert re.findall(r'<th class="num">([^<]*)</th>', funds.group(0)) == [
        *fl.MONEY_COLUMNS, _zh("indicators.weight"), fl.of("stated.execution_rate").brief, _zh("indicators.score")]


def test_the_evidence_list_names_what_it_supports_from_the_table(world) -> None:
    evaluation = engine.evaluate_record(world.project_a)
    labels = views.support_labels(evaluation)
    assert evaluation.project is not None and evaluation.card is not None
    for t in evaluation.project.targets:
        assert labels[t.id] == f"{_zh('targets')}「{t.name}」"
    leaf = next(iter(evaluation.card.leaves()))
    assert labels[leaf.path].startswith(f"{_zh('indicators')}「") and labels[leaf.path].endswith(f"{leaf.name}」")
