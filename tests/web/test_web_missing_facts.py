"""The editor says what a draft's report still needs: the same list ``jixiao score`` prints and
``jixiao report`` refuses with, so the preparer fills it in rather than meeting a refused download."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from jixiao.core.model import Record
from jixiao.pipeline import load
from jixiao.web.projects.workflow import create_project

SELFEVAL = next((Path(__file__).resolve().parents[2] / "examples").glob("*selfeval*.yaml"))


def _draft_without_an_actual():
    """The shipped self-evaluation draft (complete: nothing missing) with one target's actual removed."""
    project = load(SELFEVAL).projects[0]
    assert project.record is Record.DRAFT
    first = project.targets[0]
    gone = dataclasses.replace(first, actual=None, actual_text="")
    return dataclasses.replace(project, targets=(gone, *project.targets[1:])), first.name


def _items(html: str) -> list[str]:
    match = re.search(r'<section class="card missing" id="missing-facts">(.*?)</section>', html, re.S)
    return re.findall(r"<li>(.*?)</li>", match.group(1)) if match else []


def test_a_complete_draft_shows_no_list(world) -> None:
    rec = create_project(load(SELFEVAL).projects[0], world.a, world.users["prep_a"])
    page = world.client("prep_a").get(f"/projects/{rec.pk}/edit/").content.decode()
    assert "生成报告前需补充" not in page


def test_the_editor_lists_what_the_report_needs(world) -> None:
    project, name = _draft_without_an_actual()
    rec = create_project(project, world.a, world.users["prep_a"])
    client = world.client("prep_a")
    for url in (f"/projects/{rec.pk}/edit/", f"/projects/{rec.pk}/"):
        page = client.get(url).content.decode()
        assert _items(page) == [f"绩效目标「{name}」的实际完成值"], url
        assert "生成报告前需补充" in page and "1 项" in page
    # the download it announces is indeed refused, with the same fact named
    refused = client.get(f"/projects/{rec.pk}/download/docx/")
    assert refused.status_code == 503 and f"绩效目标「{name}」的实际完成值" in refused.content.decode()


def test_a_published_record_is_not_asked_for_facts(world) -> None:
    project, _ = _draft_without_an_actual()
    rec = create_project(dataclasses.replace(project, record=Record.PUBLISHED), world.a, world.users["prep_a"])
    page = world.client("prep_a").get(f"/projects/{rec.pk}/").content.decode()
    assert "生成报告前需补充" not in page
