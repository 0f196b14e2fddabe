"""Pieces under the pages: migrations, the serve command, revisions diff, the save race, demo data."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from django.core.management import call_command

from jixiao.web.projects.diff import diff_documents, flatten
from jixiao.web.projects.editor import anchor, nearest_anchor
from jixiao.web.projects.models import ProjectRecord, Revision
from jixiao.web.projects.workflow import StaleWrite, WorkflowError, save_document, submit


def test_migrations_match_models(django_db) -> None:
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_serve_command_help() -> None:
    from jixiao.cli.main import main
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--demo" in result.output and "--port" in result.output


def test_diff_reads_list_items_by_id() -> None:
    before = {"targets": [{"id": "a", "actual": "1"}, {"id": "b", "actual": "2"}]}
    after = {"targets": [{"id": "b", "actual": "2"}, {"id": "a", "actual": "3"}], "stated": {"total": "90"}}
    changes = {c.path: c for c in diff_documents(before, after)}
    assert set(changes) == {"targets[a].actual", "stated.total"}    # reordering is not a change
    assert changes["targets[a].actual"].kind == "changed" and changes["stated.total"].label == "新增"
    assert flatten({"leads": ["甲", "乙"]}) == {"leads": "甲、乙"}


def test_finding_paths_link_to_the_nearest_field() -> None:
    known = {p: anchor(p) for p in ("targets[0]", "funding.total.actual", "indicators/产出指标/数量指标/培训人次")}
    assert nearest_anchor("targets[0].actual", known) == anchor("targets[0]")
    assert nearest_anchor("indicators/产出指标/数量指标/培训人次.score", known) == \
        anchor("indicators/产出指标/数量指标/培训人次")
    assert nearest_anchor("narrative.problems[2]", known) == ""


def test_two_saves_from_the_same_revision_one_wins(world) -> None:
    rec = world.project_a
    doc_a = {**rec.document, "stated": {"total": "61"}}
    doc_b = {**rec.document, "stated": {"total": "62"}}
    save_document(rec, doc_a, 1, world.users["prep_a"])
    with pytest.raises(StaleWrite) as info:
        save_document(rec, doc_b, 1, world.users["adm"])
    assert info.value.current.revision == 2 and "prep_a" in info.value.message
    rec.refresh_from_db()
    assert rec.document["stated"]["total"] == "61" and rec.revisions.count() == 2


def test_locked_after_submit(world) -> None:
    rec = submit(world.project_a, world.users["prep_a"])
    with pytest.raises(WorkflowError):
        save_document(rec, rec.document, rec.revision, world.users["prep_a"])
    assert Revision.objects.filter(project=rec).count() == 1


def test_submit_with_errors_needs_reason(world) -> None:
    with pytest.raises(WorkflowError) as info:
        submit(world.project_a, world.users["prep_a"], errors=2)
    assert "2个错误" in info.value.zh and "2 error(s)" in info.value.en


def test_demo_data_loads_and_is_idempotent(db) -> None:
    from jixiao.web.demo import DEMO_USERS, load_demo
    load_demo()
    count = ProjectRecord.objects.count()
    assert count >= 24
    load_demo()
    assert ProjectRecord.objects.count() == count
    from django.contrib.auth import authenticate
    assert authenticate(username=DEMO_USERS[0].username, password="jixiao-demo") is not None

