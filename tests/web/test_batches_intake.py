"""Batch uploads within limits (count, size, ratio, nesting), and the batch API."""

from __future__ import annotations

import io
import secrets
import zipfile

from batchdata import report, zip_of
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from jixiao.web.batches import intake, runner
from jixiao.web.batches.models import FileRecord


def _names(taken: intake.Intake) -> list[str]:
    return [name for name, _ in taken.files]


def _reasons(taken: intake.Intake) -> dict[str, str]:
    return {name: refusal.en for name, refusal in taken.refused}


def test_nesting_deeper_than_two_archives_is_refused(db) -> None:
    inner = zip_of([("c.yaml", report(1, "甲部门"))])
    middle = zip_of([("inner.zip", inner), ("b.yaml", report(2, "甲部门"))])
    outer = zip_of([("middle.zip", middle), ("a.yaml", report(3, "甲部门"))])
    taken = intake.expand([("outer.zip", outer)])
    assert _names(taken) == ["outer.zip/middle.zip/b.yaml", "outer.zip/a.yaml"]
    assert "nested deeper" in _reasons(taken)["outer.zip/middle.zip/inner.zip"]


def test_a_zip_bomb_is_refused_by_its_ratio(db) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("big.txt", b"0" * (20 * 1024 * 1024))       # ~1000:1 once deflated
    taken = intake.expand([("bomb.zip", buf.getvalue())])
    assert taken.files == [] and "zip bomb" in _reasons(taken)["bomb.zip"]


def test_gbk_names_from_windows_archives_are_decoded(db) -> None:
    taken = intake.expand([("报告.zip", zip_of([("区财政局/养老服务.yaml", report(1, "甲部门"))], utf8_names=False))])
    assert _names(taken) == ["报告.zip/区财政局/养老服务.yaml"]


def test_hidden_files_and_mac_forks_are_skipped_and_bad_content_refused(db) -> None:
    archive = zip_of([("__MACOSX/._a.yaml", b"\x00\x05"), (".DS_Store", b"\x00"), ("a.yaml", report(1, "甲部门")),
                      ("fake.pdf", b"not a pdf"), ("empty.txt", b"")])
    taken = intake.expand([("x.zip", archive)])
    assert _names(taken) == ["x.zip/a.yaml"]
    reasons = _reasons(taken)
    assert set(reasons) == {"x.zip/fake.pdf", "x.zip/empty.txt"}
    assert "does not match" in reasons["x.zip/fake.pdf"] and "empty" in reasons["x.zip/empty.txt"]


@override_settings(BATCH_MAX_FILES=3)
def test_the_file_count_limit_spans_uploads(db) -> None:
    first = intake.expand([(f"{i}.yaml", report(i, "甲部门")) for i in range(2)])
    assert len(first.files) == 2
    second = intake.expand([(f"more{i}.yaml", report(i, "甲部门")) for i in range(3)], already=2)
    assert _names(second) == ["more0.yaml"] and len(second.refused) == 2
    assert all("at most 3 files" in r.en for _, r in second.refused)


@override_settings(PROJECT_UPLOAD_MAX_BYTES=1000)
def test_oversized_members_are_refused_before_they_are_inflated(db) -> None:
    taken = intake.expand([("x.zip", zip_of([("big.yaml", b"jixiao: 1\n#" + secrets.token_hex(2500).encode())]))])
    assert taken.files == [] and "larger than" in _reasons(taken)["x.zip/big.yaml"]


def _api(world, who: str = "fin"):
    from django.test import Client

    from jixiao.web.accounts.models import ApiToken
    return Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(world.users[who])}")


def test_api_create_upload_poll_results_and_review(world) -> None:
    client = _api(world)
    created = client.post("/api/batches", {"name": "接口批次"}, content_type="application/json")
    assert created.status_code == 201, created.content
    batch_id = created.json()["id"]
    files = [SimpleUploadedFile("a.yaml", report(1, "甲部门")), SimpleUploadedFile("x.exe", b"MZ")]
    uploaded = client.post(f"/api/batches/{batch_id}/files", {"files": files})
    assert uploaded.status_code == 200, uploaded.content
    body = uploaded.json()
    assert body["added"] == 1 and body["refused"][0]["name"] == "x.exe" and body["refused"][0]["message_en"]
    status = client.get(f"/api/batches/{batch_id}").json()
    assert status["runs"] == [{"run": 1, "total": 1, "done": 0, "unreadable": 0, "with_errors": 0,
                               "finished": False, "percent": 0}]
    runner.drain()
    assert client.get(f"/api/batches/{batch_id}").json()["runs"][0]["finished"] is True
    results = client.get(f"/api/batches/{batch_id}/results").json()
    assert results["count"] == 1
    item = results["items"][0]
    assert item["state"] == "ok" and item["department"] == "甲部门" and item["rows"][0]["computed_total"]
    findings = client.get(item["findings_url"])
    assert findings.status_code == 200 and isinstance(findings.json(), list)
    record_id = item["rows"][0]["record_id"]
    assert FileRecord.objects.filter(record_id=record_id, file__batch_id=batch_id).exists()
    url = f"/api/batches/{batch_id}/records/{record_id}/review"
    seen = client.get(url)
    assert seen.status_code == 200 and seen.json()["score"] is None and seen["ETag"] == seen.json()["etag"]
    review = client.put(url, {"score": "81", "comment": "ok"}, content_type="application/json",
                        HTTP_IF_MATCH=seen["ETag"])
    assert review.status_code == 200, review.content
    assert review.json()["score"] == "81.00" and review["ETag"] != seen["ETag"]
    recheck = client.post(f"/api/batches/{batch_id}/recheck")
    assert recheck.status_code == 201 and recheck.json()["run"] == 2


def test_api_refuses_preparers_and_hides_other_departments(world) -> None:
    assert _api(world, "prep_a").post("/api/batches", {"name": "x"}, content_type="application/json") \
        .status_code == 403
    own = _api(world, "rev_a").post("/api/batches", {"name": "甲"}, content_type="application/json").json()
    assert own["department"] == "甲部门"
    missing = _api(world, "rev_b").get(f"/api/batches/{own['id']}")
    assert missing.status_code == 404 and missing.json()["error"]
    empty = _api(world).post("/api/batches", {"name": "  "}, content_type="application/json")
    assert empty.status_code == 422


def test_batch_endpoints_are_in_the_openapi_document(world) -> None:
    schema = world.client("fin").get("/api/openapi.json").json()
    for path in ("/api/batches", "/api/batches/{pk}", "/api/batches/{pk}/files", "/api/batches/{pk}/results",
                 "/api/batches/{pk}/recheck", "/api/batches/{pk}/records/{record_id}/review"):
        assert path in schema["paths"], path


def test_department_matching_is_exact_or_one_clear_containment(db) -> None:
    from jixiao.web.accounts.models import Department
    from jixiao.web.batches.departments import match
    made = [Department.objects.create(name=n) for n in ("某区教育局", "某区财政局", "某市财政局")]
    assert match(["某区教育局"], made) == made[0]
    assert match(["某区 教育局（盖章）"], made) == made[0]           # spacing and brackets folded
    assert match(["广东省某区教育局"], made) == made[0]              # one department inside the name read
    assert match(["财政局"], made) is None                          # inside two departments: ambiguous
    assert match(["某县卫生健康局"], made) is None
    assert match(["", "某市财政局"], made) == made[2]                # the implementing unit when no 主管部门
