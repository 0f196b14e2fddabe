"""Authoring and the review workflow through real HTTP requests: edit, live score, stale writes,
submit (with acknowledged errors), return with a comment, resubmit, approve, revisions and diff."""

from __future__ import annotations

from decimal import Decimal

from jixiao.web.audit.models import AuditEvent
from jixiao.web.projects.models import ProjectRecord, Revision


def _form(client, pk: int) -> dict[str, str]:
    """Every named field of the edit form with its current value, as a browser would post it."""
    import re
    html = client.get(f"/projects/{pk}/edit/").content.decode()
    data: dict[str, str] = {}
    for m in re.finditer(r'<input([^>]*)>', html):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', m.group(1)))
        if "name" in attrs and attrs.get("type") not in ("checkbox", "file", "radio"):
            data[attrs["name"]] = attrs.get("value", "")
    for m in re.finditer(r'<select name="([^"]+)">(.*?)</select>', html, re.S):
        chosen = re.search(r'<option(?: value="([^"]*)")? selected>([^<]*)<', m.group(2))
        data[m.group(1)] = (chosen.group(1) if chosen.group(1) is not None else chosen.group(2)) if chosen else ""
    for m in re.finditer(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[m.group(1)] = m.group(2)
    data.pop("csrfmiddlewaretoken", None)
    return data


def _target_row(form: dict[str, str], target_id: str) -> str:
    return next(k[: -len("id")] for k, v in form.items() if k.endswith("-id") and k.startswith("t-") and v == target_id)


def test_edit_actual_changes_score_and_makes_revision(world) -> None:
    c = world.client("prep_a")
    rec = world.project_a
    before = rec.computed_total
    form = _form(c, rec.pk)
    row = _target_row(form, "t1")
    form[row + "actual"] = "0"
    preview = c.post(f"/projects/{rec.pk}/preview/", form)
    assert preview.status_code == 200
    assert 'hx-swap-oob="true"' in preview.content.decode()
    assert Revision.objects.filter(project=rec).count() == 1        # preview never saves
    response = c.post(f"/projects/{rec.pk}/edit/", {**form, "note": "改实际值"})
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
    form = _form(c, rec.pk)
    for k in list(form):
        if k.endswith("-actual") and form[k]:
            form[k] = "0"
    html = c.post(f"/projects/{rec.pk}/preview/", form).content.decode()
    import re
    total = Decimal(re.search(r'id="live-total">([\d.]+)<', html).group(1))
    assert total < rec.computed_total
    # only the budget-execution leaf still scores: the total is its score
    execution = rec.execution_rate * 10 / 100
    assert abs(total - min(execution, Decimal(10))) < Decimal("0.01")
    assert html.count('hx-swap-oob="true"') >= 5


def test_bad_number_is_refused_bilingually_and_nothing_saved(world) -> None:
    c = world.client("prep_a")
    rec = world.project_a
    form = _form(c, rec.pk)
    form["funding.actual"] = "十二万"
    response = c.post(f"/projects/{rec.pk}/edit/", form)
    assert response.status_code == 400
    html = response.content.decode()
    assert "应为数字" in html and "must be a number" in html
    assert 'value="十二万"' in html                   # what the user typed is kept
    rec.refresh_from_db()
    assert rec.revision == 1


def test_document_that_fails_to_load_is_refused_bilingually(world, monkeypatch) -> None:
    """A form that reads cleanly but builds no project (schema errors) is refused like a field error."""
    from jixiao.core.findings import Finding, Severity
    from jixiao.io.loading import LoadResult
    from jixiao.web import engine

    problem = Finding("JX001", "input-invalid", Severity.ERROR, "指标值格式不对", "the target value is malformed",
                      path="targets[0].value")
    monkeypatch.setattr(engine, "from_document", lambda document, *a, **k: LoadResult([], [problem]))
    c = world.client("prep_a")
    rec = world.project_a
    response = c.post(f"/projects/{rec.pk}/edit/", _form(c, rec.pk))
    assert response.status_code == 400
    assert '<p class="error">指标值格式不对 / the target value is malformed</p>' in response.content.decode()
    rec.refresh_from_db()
    assert rec.revision == 1


def test_stale_write_is_rejected_and_kept(world) -> None:
    c = world.client("prep_a")
    rec = world.project_a
    first = _form(c, rec.pk)
    second = dict(first)
    first["funding.actual"] = "11"
    assert c.post(f"/projects/{rec.pk}/edit/", first).status_code == 302
    second["funding.actual"] = "22"                    # still says revision 1
    response = c.post(f"/projects/{rec.pk}/edit/", second)
    assert response.status_code == 409
    html = response.content.decode()
    assert "保存未成功" in html and "第1版" in html and "第2版" in html
    assert "22" in html and "11" in html              # both edits are shown: theirs and the losing one
    rec.refresh_from_db()
    assert rec.revision == 2 and rec.document["funding"]["actual"] == "11"


def test_add_target_and_indicator(world) -> None:
    c = world.client("prep_a")
    rec = world.project_a
    form = _form(c, rec.pk)
    new = next(k[: -len("id")] for k, v in form.items() if k.startswith("t-") and k.endswith("-id") and v == "")
    form.update({new + "id": "new1", new + "name": "新增目标", new + "comparator": "≥", new + "value": "10",
                 new + "actual": "5", "new-parent": "indicators/产出指标/数量指标", "new-name": "新增指标",
                 "new-weight": "0", "new-target": "new1"})
    assert c.post(f"/projects/{rec.pk}/edit/", form).status_code == 302
    rec.refresh_from_db()
    assert any(t["id"] == "new1" for t in rec.document["targets"])
    html = c.get(f"/projects/{rec.pk}/").content.decode()
    assert "新增目标" in html and "新增指标" in html


def test_submit_with_errors_needs_acknowledgement(world) -> None:
    c = world.client("prep_a")
    rec = world.project_a
    form = _form(c, rec.pk)
    leaf = next(k for k in form if k.startswith("i-") and k.endswith("-weight"))
    form[leaf] = "99"                                 # weights no longer add up: an error
    assert c.post(f"/projects/{rec.pk}/edit/", form).status_code == 302
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
    form = _form(prep, rec.pk)
    form[_target_row(form, "t1") + "deviation_reason"] = "已补充说明"
    assert prep.post(f"/projects/{rec.pk}/edit/", form).status_code == 302
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
