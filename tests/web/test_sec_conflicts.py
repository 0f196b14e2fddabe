"""No lost update: the 409 page shows theirs against yours, keeps the base, and merges only explicitly.

Approve, return and re-review name the revision the reviewer saw; a stale one is a 409.
"""

from __future__ import annotations

from sec_helpers import edit_form, form_fields

from jixiao.web.audit.models import AuditEvent
from jixiao.web.projects.models import ProjectRecord, Revision


def _conflict(world, first_change: dict[str, str], second_change: dict[str, str]):
    """Two tabs open revision 1; the first saves; the second's save answers 409."""
    c = world.client("prep_a")
    pk = world.project_a.pk
    first, second = edit_form(c, pk), edit_form(c, pk)
    assert first["revision"] == "1"
    first.update(first_change)
    assert c.post(f"/projects/{pk}/edit/", first).status_code == 302
    second.update(second_change)
    response = c.post(f"/projects/{pk}/edit/", second)
    assert response.status_code == 409
    return c, pk, second, response.content.decode()


def test_conflict_page_shows_both_sides_with_chinese_labels(world) -> None:
    _, _, _, html = _conflict(world, {"funding.actual": "11"}, {"n.goal": "我的目标描述"})
    theirs = html.split('id="theirs"')[1].split("</table>")[0]
    yours = html.split('id="yours"')[1].split("</table>")[0]
    assert "全年执行数" in theirs and "11" in theirs
    assert "年度总体目标" in yours and "我的目标描述" in yours
    assert "第1版" in html and "第2版" in html


def test_saving_the_stale_form_again_never_overwrites(world) -> None:
    import re
    c, pk, second, html = _conflict(world, {"funding.actual": "11"}, {"funding.actual": "22"})
    assert 'name="revision" value="2"' not in html       # the base is never moved to the newest revision
    for _ in range(3):                                  # the user presses 保存 again and again
        assert c.post(f"/projects/{pk}/edit/", second).status_code == 409
    # whatever form the 409 page offers for saving, pressing it does not overwrite the other save
    for form_html in re.findall(r'<form[^>]*action="/projects/\d+/edit/"[^>]*>.*?</form>', html, re.S):
        assert c.post(f"/projects/{pk}/edit/", form_fields(form_html)).status_code in (400, 409)
    rec = ProjectRecord.objects.get(pk=pk)
    assert rec.revision == 2 and rec.document["funding"]["actual"] == "11"


def test_merge_of_different_fields_keeps_both(world) -> None:
    c, pk, _, html = _conflict(world, {"funding.actual": "11"}, {"n.goal": "我的目标描述"})
    merge = form_fields(html, "merge-form")
    assert merge["current"] == "2"
    response = c.post(f"/projects/{pk}/merge/", merge)
    assert response.status_code == 302
    rec = ProjectRecord.objects.get(pk=pk)
    assert rec.revision == 3
    assert rec.document["funding"]["actual"] == "11"                 # theirs survives
    assert rec.document["narrative"]["goal"] == "我的目标描述"        # and so does mine
    assert AuditEvent.objects.filter(project=rec, kind="merge").count() == 1


def test_same_field_needs_an_explicit_choice(world) -> None:
    c, pk, _, html = _conflict(world, {"funding.actual": "11"}, {"funding.actual": "22"})
    conflicts = html.split('id="conflicts"')[1].split("</table>")[0]
    assert "全年执行数" in conflicts and "11" in conflicts and "22" in conflicts
    merge = form_fields(html, "merge-form")
    refused = c.post(f"/projects/{pk}/merge/", merge)            # no choice made
    assert refused.status_code == 409 and "请为每个" in refused.content.decode()
    assert ProjectRecord.objects.get(pk=pk).revision == 2
    assert c.post(f"/projects/{pk}/merge/", {**merge, "c-0": "yours"}).status_code == 302
    rec = ProjectRecord.objects.get(pk=pk)
    assert rec.revision == 3 and rec.document["funding"]["actual"] == "22"


def test_choosing_theirs_keeps_their_value(world) -> None:
    c, pk, _, html = _conflict(world, {"funding.actual": "11"}, {"funding.actual": "22"})
    merge = form_fields(html, "merge-form")
    assert c.post(f"/projects/{pk}/merge/", {**merge, "c-0": "theirs"}).status_code == 302
    assert ProjectRecord.objects.get(pk=pk).document["funding"]["actual"] == "11"


def test_merge_against_a_newer_save_is_a_new_conflict(world) -> None:
    c, pk, _, html = _conflict(world, {"funding.actual": "11"}, {"n.goal": "我的目标"})
    merge = form_fields(html, "merge-form")
    third = edit_form(c, pk)                            # someone saves revision 3 meanwhile
    third["funding.initial"] = "999"
    assert c.post(f"/projects/{pk}/edit/", third).status_code == 302
    again = c.post(f"/projects/{pk}/merge/", merge)
    assert again.status_code == 409
    rec = ProjectRecord.objects.get(pk=pk)
    assert rec.revision == 3 and rec.document["funding"]["initial"] == "999"
    merge = form_fields(again.content.decode(), "merge-form")
    assert c.post(f"/projects/{pk}/merge/", merge).status_code == 302
    rec = ProjectRecord.objects.get(pk=pk)
    assert (rec.document["funding"]["initial"], rec.document["funding"]["actual"],
            rec.document["narrative"]["goal"]) == ("999", "11", "我的目标")


def test_tampered_merge_payload_is_refused(world) -> None:
    c, pk, _, html = _conflict(world, {"funding.actual": "11"}, {"n.goal": "x"})
    merge = form_fields(html, "merge-form")
    merge["payload"] = merge["payload"][:-3] + "abc"
    assert c.post(f"/projects/{pk}/merge/", merge).status_code == 400
    assert ProjectRecord.objects.get(pk=pk).revision == 2


def _returned_edited_resubmitted(world):
    """Revision 1 submitted and returned; edited into revision 2 and submitted again."""
    prep, rev = world.client("prep_a"), world.client("rev_a")
    pk = world.project_a.pk
    ack = {"acknowledge": "on", "reason": "已说明"}
    assert prep.post(f"/projects/{pk}/submit/", {"revision": 1, **ack}).status_code == 302
    assert rev.post(f"/projects/{pk}/return/", {"revision": 1, "comment": "请补充"}).status_code == 302
    assert ProjectRecord.objects.get(pk=pk).status == "returned"
    form = edit_form(prep, pk)
    form["funding.actual"] = "33"
    assert prep.post(f"/projects/{pk}/edit/", form).status_code == 302
    assert prep.post(f"/projects/{pk}/submit/", {"revision": 2, **ack}).status_code == 302
    assert ProjectRecord.objects.get(pk=pk).status == "submitted"
    return rev, pk


def test_approve_from_a_page_showing_an_older_revision_is_409(world) -> None:
    rev, pk = _returned_edited_resubmitted(world)
    response = rev.post(f"/projects/{pk}/approve/", {"revision": 1})
    assert response.status_code == 409
    html = response.content.decode()
    assert "第1版" in html and "第2版" in html
    assert ProjectRecord.objects.get(pk=pk).status == "submitted"
    assert rev.post(f"/projects/{pk}/approve/", {"revision": 2}).status_code == 302
    assert ProjectRecord.objects.get(pk=pk).status == "approved"


def test_return_and_rereview_carry_the_revision(world) -> None:
    rev, pk = _returned_edited_resubmitted(world)
    assert rev.post(f"/projects/{pk}/return/", {"revision": 1, "comment": "再改"}).status_code == 409
    fin = world.client("fin")
    assert fin.post(f"/projects/{pk}/rereview/", {"revision": 1, "score": "70"}).status_code == 409
    assert fin.post(f"/projects/{pk}/approve/", {}).status_code == 400          # no revision at all
    rec = ProjectRecord.objects.get(pk=pk)
    assert rec.status == "submitted" and rec.review_score is None


def test_project_page_forms_carry_the_revision(world) -> None:
    _, pk = _returned_edited_resubmitted(world)
    html = world.client("fin").get(f"/projects/{pk}/").content.decode()
    for action in ("approve", "return", "rereview"):
        form = html.split(f'action="/projects/{pk}/{action}/"')[1].split("</form>")[0]
        assert 'name="revision" value="2"' in form, action
    assert Revision.objects.filter(project_id=pk).count() == 2
