"""复核 from a batch under concurrent writers (ETag / If-Match), and every batch download in the audit log."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from batchdata import report, upload
from django.test import Client

from jixiao.web.audit.models import AuditEvent
from jixiao.web.batches import runner
from jixiao.web.batches.models import Batch, FileRecord
from jixiao.web.projects.models import ProjectRecord


def _api(world: Any, who: str = "fin") -> Client:
    from jixiao.web.accounts.models import ApiToken
    return Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(world.users[who])}")


def _one_record(world: Any, name: str = "并发复核") -> tuple[Batch, FileRecord]:
    upload(world.client("fin"), "/batches/", [("a.yaml", report(1, "甲部门"))], name=name)
    assert runner.drain() == 1
    batch = Batch.objects.get(name=name)
    return batch, FileRecord.objects.get(file__batch=batch)


def _put(client: Client, url: str, score: str, tag: str | None) -> Any:
    headers = {"HTTP_IF_MATCH": tag} if tag is not None else {}
    return client.put(url, {"score": score, "comment": f"复核{score}"}, content_type="application/json", **headers)


def test_a_stale_review_is_refused_with_409_and_the_current_review(world) -> None:
    batch, link = _one_record(world)
    url = f"/api/batches/{batch.pk}/records/{link.record_id}/review"
    first, second = _api(world), _api(world)
    tag = first.get(url)["ETag"]
    assert second.get(url)["ETag"] == tag                         # both writers start from the same review
    won = _put(first, url, "80", tag)
    assert won.status_code == 200 and won.json()["version"] == 1
    lost = _put(second, url, "60", tag)
    assert lost.status_code == 409
    error = lost.json()["error"]
    assert error["code"] == "conflict" and error["details"][0]["score"] == "80.00"
    assert lost["ETag"] == won["ETag"] == error["details"][0]["etag"]
    assert ProjectRecord.objects.get(pk=link.record_id).review_score == Decimal("80.00")   # nothing overwritten
    assert _put(second, url, "60", None).status_code == 428       # a write must say what it was made on
    retried = _put(second, url, "60", lost["ETag"])
    assert retried.status_code == 200 and retried.json()["score"] == "60.00"
    assert retried.json()["comment"] == "复核60" and retried.json()["version"] == 2
    assert _put(first, url, "70", "*").status_code == 200            # an explicit overwrite
    assert AuditEvent.objects.filter(kind="rereview", project_id=link.record_id).count() == 3


def test_a_score_set_on_the_records_own_page_makes_the_batch_tag_stale(world) -> None:
    from jixiao.web.projects.workflow import rereview
    batch, link = _one_record(world)
    url = f"/api/batches/{batch.pk}/records/{link.record_id}/review"
    client = _api(world)
    tag = client.get(url)["ETag"]
    rereview(ProjectRecord.objects.get(pk=link.record_id), Decimal("90"), world.users["fin"])
    assert _put(client, url, "50", tag).status_code == 409
    assert ProjectRecord.objects.get(pk=link.record_id).review_score == Decimal("90.00")


def test_the_batch_page_form_refuses_a_stale_review(world) -> None:
    batch, link = _one_record(world)
    client = world.client("fin")
    page = client.get(f"/batches/{batch.pk}/").content.decode()
    tag = page.split('name="tag" value="', 1)[1].split('"', 1)[0].replace("&quot;", '"')
    post = f"/batches/{batch.pk}/records/{link.record_id}/review/"
    assert "已保存" in client.post(post, {"score": "75", "tag": tag}, follow=True).content.decode()
    stale = client.post(post, {"score": "55", "tag": tag}, follow=True).content.decode()
    assert "未保存" in stale and "75.00" in stale
    assert "页面已过期" in client.post(post, {"score": "55"}, follow=True).content.decode()
    assert ProjectRecord.objects.get(pk=link.record_id).review_score == Decimal("75.00")


def test_the_review_endpoints_document_if_match_and_conflicts(world) -> None:
    schema = world.client("fin").get("/api/openapi.json").json()
    put = schema["paths"]["/api/batches/{pk}/records/{record_id}/review"]["put"]
    assert any(p["in"] == "header" and p["name"] == "If-Match" for p in put["parameters"])
    assert {"200", "409", "428"} <= set(put["responses"])
    assert "get" in schema["paths"]["/api/batches/{pk}/records/{record_id}/review"]


def test_every_batch_download_is_in_the_audit_log(world) -> None:
    data = report(1, "甲部门")
    upload(world.client("fin"), "/batches/", [("区县/a.yaml", data)], name="下载审计")
    runner.drain()
    batch = Batch.objects.get(name="下载审计")
    file_id = batch.files.get().pk
    web, api = world.client("fin"), _api(world)
    got = [web.get(f"/batches/{batch.pk}/runs/1/review.xlsx"), api.get(f"/api/batches/{batch.pk}/runs/1/review.xlsx"),
           web.get(f"/batches/{batch.pk}/files/{file_id}/original/"),
           api.get(f"/api/batches/{batch.pk}/files/{file_id}/original")]
    assert [r.status_code for r in got] == [200] * 4
    assert all(r["Content-Disposition"].startswith("attachment;") for r in got)
    assert got[2].content == got[3].content == data
    events = list(AuditEvent.objects.filter(kind="download", detail__batch=batch.pk).order_by("id"))
    assert [e.detail["format"] for e in events] == ["batch-review-xlsx"] * 2 + ["batch-file"] * 2
    assert all(e.username == "fin" for e in events)
    assert events[2].detail["file"] == file_id and events[2].detail["filename"].endswith("a.yaml")
    # a reviewer of another department cannot download, and nothing is logged for them
    other = world.client("rev_b")
    assert other.get(f"/batches/{batch.pk}/files/{file_id}/original/").status_code == 404
    assert AuditEvent.objects.filter(kind="download", detail__batch=batch.pk).count() == 4
