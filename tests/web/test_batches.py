"""Batch review in the browser: upload, background processing, results, corrections, re-check, 复核.

The queue is drained in the test's own thread with the in-process runner (the same job
function procrastinate's workers call), so these run on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import io
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from batchdata import report, upload, zip_of
from django.utils.html import escape
from openpyxl import load_workbook

from jixiao.web.batches import jobs, runner
from jixiao.web.batches.models import Batch, BatchFile, FileRecord, Result
from jixiao.web.projects.models import ProjectRecord


def _batch(world, who: str, files: list[tuple[str, bytes]], name: str = "2024年度 区级项目自评复核"):
    response = upload(world.client(who), "/batches/", files, name=name)
    assert response.status_code == 200
    return Batch.objects.get(name=name), response.content.decode()


def test_files_and_a_zip_become_published_records_in_their_departments(world) -> None:
    files = [("a1.yaml", report(1, "甲部门")), ("b1.yaml", report(2, "乙部门")),
             ("区县.zip", zip_of([("甲/a2.yaml", report(3, "甲部门")), ("乙/b2.yaml", report(4, "乙部门")),
                                  ("说明.exe", b"MZ\x90\x00")]))]
    batch, page = _batch(world, "fin", files)
    assert "已加入4个文件" in page and "说明.exe" in page          # the executable is refused, with its name
    assert Result.objects.count() == 0                           # nothing is read in the request
    assert runner.drain() == 4
    results = {r.file.name: r for r in Result.objects.filter(run__batch=batch).select_related("file", "department")}
    assert set(results) == {"a1.yaml", "b1.yaml", "区县.zip/甲/a2.yaml", "区县.zip/乙/b2.yaml"}
    assert {n: r.department.name for n, r in results.items()} == {
        "a1.yaml": "甲部门", "b1.yaml": "乙部门", "区县.zip/甲/a2.yaml": "甲部门", "区县.zip/乙/b2.yaml": "乙部门"}
    links = FileRecord.objects.filter(file__batch=batch).select_related("record__department")
    assert len(links) == 4
    for link in links:
        assert link.record.status == "submitted" and link.record.document["record"] == "published"
        assert link.record.computed_total is not None and link.record.grade
    # the 甲部门 reviewer sees the 甲 records made by the batch, not the 乙 ones
    names = world.client("rev_a").get("/").content.decode()
    assert all(link.record.name in names for link in links if link.record.department.name == "甲部门")


def test_results_table_progress_and_filters(world) -> None:
    batch, _ = _batch(world, "fin", [("a.yaml", report(1, "甲部门")), ("损坏.pdf", b"%PDF-1.4\n1 0 obj broken")])
    client = world.client("fin")
    before = client.get(f"/batches/{batch.pk}/progress/").content.decode()
    assert "0 / 2" in before and 'hx-trigger="every 2s"' in before
    runner.drain()
    after = client.get(f"/batches/{batch.pk}/progress/", HTTP_HX_REQUEST="true")
    assert after.status_code == 204 and after["HX-Refresh"] == "true"
    page = client.get(f"/batches/{batch.pk}/").content.decode()
    assert "2 / 2" in page and "损坏.pdf" in page and "a.yaml" in page
    unreadable = Result.objects.get(file__name="损坏.pdf")
    zh, en = unreadable.reason.split(" / ", 1)                 # bilingual, kept whole for the API
    assert unreadable.state == "unreadable" and zh and en and unreadable.reason_zh == zh
    assert escape(zh) in page and escape(en) not in page       # the page shows the Chinese
    only_bad = client.get(f"/batches/{batch.pk}/?show=unreadable").content.decode()
    assert "损坏.pdf" in only_bad and "a.yaml" not in only_bad
    by_dept = client.get(f"/batches/{batch.pk}/?department={world.b.pk}").content.decode()
    assert "a.yaml" not in by_dept


def test_a_reader_crash_is_recorded_unreadable_and_the_batch_goes_on(world, monkeypatch) -> None:
    _batch(world, "fin", [("boom.yaml", report(1, "甲部门")), ("ok.yaml", report(2, "甲部门"))])
    real = jobs.evaluate.evaluate

    def crashing(data: bytes, name: str):
        if name == "boom.yaml":
            raise MemoryError("reader blew up")
        return real(data, name)

    monkeypatch.setattr(jobs.evaluate, "evaluate", crashing)
    assert runner.drain() == 2
    boom = Result.objects.get(file__name="boom.yaml")
    assert boom.state == "unreadable" and "MemoryError" in boom.reason and "reader blew up" in boom.reason
    assert Result.objects.get(file__name="ok.yaml").state == "ok"


def test_a_project_file_cannot_make_the_worker_open_a_server_file(world, tmp_path) -> None:
    import jixiao
    secret = tmp_path / "framework.yaml"             # a valid framework file: refused because it is a path
    secret.write_bytes((Path(jixiao.__file__).parent / "frameworks" / "mof-2020-selfeval.yaml").read_bytes())
    text = report(1, "甲部门").decode().replace("framework: mof-2020-selfeval", f"framework: {secret}")
    batch, _ = _batch(world, "fin", [("a.yaml", text.encode())])
    runner.drain()
    codes = {f["code"] for f in Result.objects.get(run__batch=batch).findings}
    assert "JX003" in codes                                    # refused as a path, not read


def test_each_file_is_recorded_once_whatever_retries_happen(world) -> None:
    batch, _ = _batch(world, "fin", [("a.yaml", report(1, "甲部门"))])
    file = BatchFile.objects.get(batch=batch)
    run = batch.latest_run()
    assert jobs.process(run.pk, file.pk) is True
    assert jobs.process(run.pk, file.pk) is False            # a retried job finds the result there
    assert jobs.record_unreadable(run.pk, file.pk, "x") is False
    assert Result.objects.filter(file=file).count() == 1 and FileRecord.objects.filter(file=file).count() == 1


def test_a_job_whose_file_another_worker_recorded_meanwhile_records_the_rest_once(world, monkeypatch) -> None:
    batch, _ = _batch(world, "fin", [(f"{i}.yaml", report(i, "甲部门")) for i in range(4)])
    run, ids = batch.latest_run(), list(batch.files.values_list("pk", flat=True))
    real = jobs._evaluated
    raced: list[bool] = []

    def racing(file):
        if not raced:        # after this job looked for results, before it inserts: another worker records ids[1]
            raced.append(True)
            raced.append(jobs.process(run.pk, ids[1]))
        return real(file)

    monkeypatch.setattr(jobs, "_evaluated", racing)
    assert jobs.process_many(run.pk, ids) == 3 and raced == [True, True]
    for file_id in ids:
        assert Result.objects.filter(run=run, file_id=file_id).count() == 1
        assert FileRecord.objects.filter(file_id=file_id).count() == 1


def test_unmatched_department_goes_through_the_correction_step(world) -> None:
    batch, _ = _batch(world, "fin", [("x.yaml", report(1, "丙部门（不在系统中）"))])
    runner.drain()
    result = Result.objects.get(run__batch=batch)
    assert result.department is None and len(result.pending) == 1 and not FileRecord.objects.exists()
    client = world.client("fin")
    page = client.get(f"/batches/{batch.pk}/").content.decode()
    assert "待确认部门" in page and "丙部门（不在系统中）" in page
    client.post(f"/batches/{batch.pk}/files/{result.file_id}/department/", {"department": world.b.pk})
    result.refresh_from_db()
    link = FileRecord.objects.get(file_id=result.file_id)
    assert result.pending == [] and result.department == world.b
    assert link.record.department == world.b and link.record.document["project"]["department"] == "乙部门"
    assert result.rows[0]["record_id"] == link.record_id


def test_a_reviewers_batch_stays_in_their_department(world) -> None:
    batch, _ = _batch(world, "rev_a", [("b.yaml", report(1, "乙部门"))], name="甲部门自查")
    runner.drain()
    assert FileRecord.objects.get(file__batch=batch).record.department == world.a
    assert world.client("rev_b").get(f"/batches/{batch.pk}/").status_code == 404
    assert world.client("prep_a").get("/batches/").status_code == 403
    assert world.client("fin").get(f"/batches/{batch.pk}/").status_code == 200


def test_recheck_is_a_new_run_beside_the_old_one(world) -> None:
    batch, _ = _batch(world, "fin", [("a.yaml", report(1, "甲部门")), ("b.yaml", report(2, "乙部门"))])
    runner.drain()
    world.client("fin").post(f"/batches/{batch.pk}/recheck/")
    runner.drain()
    runs = list(batch.runs.order_by("number"))
    assert [r.number for r in runs] == [1, 2]
    assert [r.results.count() for r in runs] == [2, 2]
    assert FileRecord.objects.filter(file__batch=batch).count() == 2     # the same records, not new ones
    page = world.client("fin").get(f"/batches/{batch.pk}/?run=1").content.decode()
    assert "第1次复核" in page and "第2次" in page


def test_review_score_and_comment_feed_the_portfolio_calibration(world) -> None:
    batch, _ = _batch(world, "fin", [("a.yaml", report(1, "甲部门", stated=Decimal("92")))])
    runner.drain()
    link = FileRecord.objects.get(file__batch=batch)
    client = world.client("fin")
    page = client.get(f"/batches/{batch.pk}/").content.decode()
    tag = page.split('name="tag" value="', 1)[1].split('"', 1)[0]          # the form carries the review's tag
    client.post(f"/batches/{batch.pk}/records/{link.record_id}/review/",
                {"score": "78.5", "comment": "指标值偏高", "tag": tag.replace("&quot;", '"')})
    link.refresh_from_db()
    record = ProjectRecord.objects.get(pk=link.record_id)
    assert record.review_score == Decimal("78.50") and link.review_comment == "指标值偏高"
    assert record.self_score == Decimal("92")
    portfolio = client.get(f"/portfolio/?department={world.a.pk}").content.decode()
    calibration = portfolio[portfolio.index("自评得分与财政复核得分"):]
    row = calibration[calibration.index("<td>甲部门</td>"):].split("</tr>")[0]
    assert "78.50" in row and "92" in row                      # average review and average self score
    refused = world.client("rev_a").post(f"/batches/{batch.pk}/records/{link.record_id}/review/",
                                         {"score": "10"})
    assert refused.status_code == 404                          # a 财政 batch is not the reviewer's to see
    own, _ = _batch(world, "rev_a", [("a2.yaml", report(2, "甲部门"))], name="自查")
    runner.drain()
    own_link = FileRecord.objects.get(file__batch=own)
    assert world.client("rev_a").post(f"/batches/{own.pk}/records/{own_link.record_id}/review/",
                                      {"score": "10"}).status_code == 403      # 复核得分 is 财政's
    bad = client.post(f"/batches/{batch.pk}/records/{link.record_id}/review/", {"score": "NaN", "tag": "*"},
                      follow=True)
    assert "不是数字" in bad.content.decode()


def test_findings_page_shows_location_and_fragment(world, seed_path: Path) -> None:
    batch, _ = _batch(world, "fin", [("seed.txt", seed_path.read_bytes())])
    runner.drain()
    result = Result.objects.get(run__batch=batch)
    assert result.state == "ok" and result.findings
    located = next(f for f in result.findings if f["line"] and f["fragment"])
    page = world.client("fin").get(f"/batches/{batch.pk}/runs/1/files/{result.file_id}/").content.decode()
    assert f"第{located['line']}行" in page
    assert escape(located["fragment"]) in page and located["code"] in page


def test_workbook_is_the_one_jixiao_check_summary_writes(world, tmp_path: Path, seed_path: Path) -> None:
    files = [("a.yaml", report(1, "甲部门")), ("seed.txt", seed_path.read_bytes())]
    batch, _ = _batch(world, "fin", files)
    runner.drain()
    download = world.client("fin").get(f"/batches/{batch.pk}/runs/1/review.xlsx")
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    ours = load_workbook(io.BytesIO(download.content))
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, data in files:
        (folder / name).write_bytes(data)
    out = tmp_path / "cli.xlsx"
    subprocess.run([sys.executable, "-m", "jixiao.cli.main", "check", str(folder), "--summary", str(out)],
                   capture_output=True, check=False, cwd=tmp_path)
    theirs = load_workbook(out)
    assert ours.sheetnames == theirs.sheetnames
    for sheet in ours.sheetnames:
        def rows(wb, sheet=sheet):
            return sorted(tuple(Path(str(v)).name if i == 0 and v else v for i, v in enumerate(r))
                          for r in wb[sheet].iter_rows(values_only=True))
        assert rows(ours) == rows(theirs)
