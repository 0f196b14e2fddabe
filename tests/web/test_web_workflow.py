"""Authoring and the review workflow through real HTTP requests: edit, live score, stale writes,
submit (with acknowledged errors), return with a comment, resubmit, approve, revisions and diff."""

from __future__ import annotations

from decimal import Decimal

from jixiao.web.audit.models import AuditEvent
from jixiao.web.projects.models import ProjectRecord, Revision
from webform import Sheet, post_data


def _sheet(client, pk: int) -> Sheet:
    return Sheet(client.get(f"/projects/{pk}/edit/").content.decode())


def _row_of(sheet: Sheet, target_id: str) -> dict[str, str]:
    return next(r for r in sheet.rows if r["tid"] == target_id)


def test_edit_actual_changes_score_and_makes_revision(world) -> None:
    c = world.client("prep_a")
    rec = world.project_a
    before = rec.computed_total
    sheet = _sheet(c, rec.pk)
    _row_of(sheet, "t1")["a"] = "0"
    preview = c.post(f"/projects/{rec.pk}/preview/", post_data(sheet.data()))
    assert preview.status_code == 200
    assert 'hx-swap-oob="true"' in preview.content.decode()
    assert Revision.objects.filter(project=rec).count() == 1        # preview never saves
    response = c.post(f"/projects/{rec.pk}/edit/", post_data(sheet.data(note="改实际值")))
    assert response.status_code == 302
    rec.refresh_from_db()
    assert rec.revision == 2
    assert rec.computed_total < before
    latest = rec.revisions.first()
    assert latest.number == 2 and latest.note == "改实际值" and latest.author == world.users["prep_a"]
    assert next(t for t in latest.document["targets"] if t["id"] == "t1")["actual"] == "0"
    # the first revision is immutable: it still holds the old value
    first = rec.revisions.get(number=1)
    assert next(t for t in first.document["targets"] if t["id"] == "t1")["actual"] != "0"


def test_live_preview_shows_new_total(world) -> None:
    c = world.client("prep_a")
    rec = world.project_a
    sheet = _sheet(c, rec.pk)
    for row in sheet.rows:
        if row["a"]:
            row["a"] = "0"
    html = c.post(f"/projects/{rec.pk}/preview/", post_data(sheet.data())).content.decode()
    import re
    total = Decimal(re.search(r'id="live-total">([\d.]+)<', html).group(1))
    assert total < rec.computed_total
    # only the budget-execution leaf still scores: the total is its score
    execution = rec.execution_rate * 10 / 100
    assert abs(total - min(execution, Decimal(10))) < Decimal("0.01")
    assert html.count('hx-swap-oob="true"') >= 5


def test_bad_number_is_refused_in_chinese_and_nothing_saved(world) -> None:
    c = world.client("prep_a")
    rec = world.project_a
    sheet = _sheet(c, rec.pk)
    response = c.post(f"/projects/{rec.pk}/edit/", post_data(sheet.data(**{"funding.actual": "十二万"})))
    assert response.status_code == 400
    html = response.content.decode()
    assert "应为数字" in html and "must be a number" not in html      # the UI speaks Chinese only
    assert 'value="十二万"' in html                   # what the user typed is kept
    rec.refresh_from_db()
    assert rec.revision == 1


def test_document_that_fails_to_load_is_refused(world, monkeypatch) -> None:
    """A form that reads cleanly but builds no project (schema errors) is refused like a field error."""
    from jixiao.core.findings import Finding, Severity
    from jixiao.io.loading import LoadResult
    from jixiao.web import engine

    problem = Finding("JX001", "input-invalid", Severity.ERROR, "指标值格式不对", "the target value is malformed",
                      path="targets[0].value")
    monkeypatch.setattr(engine, "from_document", lambda document, *a, **k: LoadResult([], [problem]))
    c = world.client("prep_a")
    rec = world.project_a
    response = c.post(f"/projects/{rec.pk}/edit/", post_data(_sheet(c, rec.pk).data()))
    assert response.status_code == 400
    assert '<p class="error">指标值格式不对</p>' in response.content.decode()
    rec.refresh_from_db()
    assert rec.revision == 1


def test_stale_write_is_rejected_and_kept(world) -> None:
    c = world.client("prep_a")
    rec = world.project_a
    sheet = _sheet(c, rec.pk)
    assert c.post(f"/projects/{rec.pk}/edit/", post_data(sheet.data(**{"funding.actual": "11"}))).status_code == 302
    response = c.post(f"/projects/{rec.pk}/edit/", post_data(sheet.data(**{"funding.actual": "22"})))  # revision 1
    assert response.status_code == 409
    html = response.content.decode()
    assert "保存未成功" in html and "第1版" in html and "第2版" in html
    assert "22" in html and "11" in html              # both edits are shown: theirs and the losing one
    rec.refresh_from_db()
    assert rec.revision == 2 and rec.document["funding"]["actual"] == "11"


def test_add_target_and_indicator(world) -> None:
    c = world.client("prep_a")
    rec = world.project_a
    sheet = _sheet(c, rec.pk)
    sheet.add(sheet.group_of("数量指标"), n="新增指标", c="≥", v="10", u="项", a="5", w="0")
    assert c.post(f"/projects/{rec.pk}/edit/", post_data(sheet.data())).status_code == 302
    rec.refresh_from_db()
    added = next(t for t in rec.document["targets"] if t["name"] == "新增指标")
    assert added["value"] == "10" and added["actual"] == "5" and added["category"] == "产出"
    outputs = next(n for n in rec.document["indicators"] if n["name"] == "产出指标")
    count = next(n for n in outputs["children"] if n["name"] == "数量指标")
    assert {"name": "新增指标", "weight": "0", "target": added["id"]} in count["children"]
    html = c.get(f"/projects/{rec.pk}/").content.decode()
    assert "新增指标" in html


def test_submit_with_errors_needs_acknowledgement(world) -> None:
    c = world.client("prep_a")
    rec = world.project_a
    sheet = _sheet(c, rec.pk)
    sheet.rows[0]["w"] = "99"                          # weights no longer add up: an error
    assert c.post(f"/projects/{rec.pk}/edit/", post_data(sheet.data())).status_code == 302
    rec.refresh_from_db()
    assert rec.n_errors > 0
    c.post(f"/projects/{rec.pk}/submit/", {"revision": rec.revision})
    rec.refresh_from_db()
    assert rec.status == "draft"
    page = c.get(f"/projects/{rec.pk}/").content.decode()
    assert "坚持提交" in page
    c.post(f"/projects/{rec.pk}/submit/", {"revision": rec.revision, "acknowledge": "on", "reason": "分值按批复"})
    rec.refresh_from_db()
    assert rec.status == "submitted" and rec.acknowledgement == "分值按批复"
    event = AuditEvent.objects.get(project=rec, kind="submit")
    assert event.comment == "分值按批复" and event.detail["status_to"] == "submitted"


def test_full_cycle_return_resubmit_approve_and_diff(world) -> None:
    prep, rev = world.client("prep_a"), world.client("rev_a")
    rec = world.project_a
    assert prep.post(f"/projects/{rec.pk}/submit/", {"revision": 1}).status_code == 302
    rec.refresh_from_db()
    assert rec.status == "submitted"
    assert prep.get(f"/projects/{rec.pk}/edit/").status_code == 403        # locked
    assert rev.post(f"/projects/{rec.pk}/return/", {"comment": "", "revision": 1}).status_code == 302
    rec.refresh_from_db()
    assert rec.status == "submitted"                                         # no comment, no return
    rev.post(f"/projects/{rec.pk}/return/", {"comment": "请补充偏差原因", "revision": 1})
    rec.refresh_from_db()
    assert rec.status == "returned" and rec.return_comment == "请补充偏差原因"
    assert "请补充偏差原因" in prep.get(f"/projects/{rec.pk}/").content.decode()
    sheet = _sheet(prep, rec.pk)
    _row_of(sheet, "t1")["r"] = "已补充说明"
    assert prep.post(f"/projects/{rec.pk}/edit/", post_data(sheet.data())).status_code == 302
    prep.post(f"/projects/{rec.pk}/submit/", {"revision": 2})
    rec.refresh_from_db()
    assert rec.status == "submitted" and rec.status_label == "再提交"
    page = rev.get(f"/projects/{rec.pk}/").content.decode()
    assert f"/projects/{rec.pk}/diff/?a=1&b=2" in page and "查看退回后的修改" in page
    diff = rev.get(f"/projects/{rec.pk}/diff/?a=1&b=2").content.decode()
    assert "已补充说明" in diff and ("修改" in diff or "新增" in diff)
    rev.post(f"/projects/{rec.pk}/approve/", {"revision": 2})
    rec.refresh_from_db()
    assert rec.status == "approved"
    kinds = list(AuditEvent.objects.filter(project=rec).order_by("id").values_list("kind", flat=True))
    assert [k for k in kinds if k != "download"] == ["create", "submit", "return", "save", "resubmit", "approve"]


def test_rereview_score_recorded(world) -> None:
    rec = world.project_a
    world.client("prep_a").post(f"/projects/{rec.pk}/submit/", {"revision": 1})
    fin = world.client("fin")
    fin.post(f"/projects/{rec.pk}/rereview/", {"score": "abc", "revision": 1})
    assert ProjectRecord.objects.get(pk=rec.pk).review_score is None
    fin.post(f"/projects/{rec.pk}/rereview/", {"score": "77.5", "comment": "扣减产出分", "revision": 1})
    assert ProjectRecord.objects.get(pk=rec.pk).review_score == Decimal("77.50")
    assert AuditEvent.objects.filter(project=rec, kind="rereview").count() == 1


def test_revision_json_is_the_project_document(world) -> None:
    data = world.client("rev_a").get(f"/projects/{world.project_a.pk}/revisions/1.json").json()
    assert data["jixiao"] == 1 and data["project"]["department"] == "甲部门"
    assert data["framework"] == "mof-2020-selfeval"
