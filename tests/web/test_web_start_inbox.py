"""Starting from declared targets (a 绩效目标申报表 workbook, or last year's project), and the 待办
inbox each role sees first."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook

from jixiao.web.audit.models import AuditEvent
from jixiao.web.projects.models import ProjectRecord
from jixiao.web.projects.workflow import send_back, submit


def _declared_table() -> bytes:
    """A 申报表 as departments fill it: header block, 年度总体目标, then 一级/二级/三级/指标值 rows."""
    wb = Workbook()
    ws = wb.active
    for row in [["项目支出绩效目标申报表"], ["项目名称", "老旧小区改造", None, "主管部门", "甲部门"],
                ["实施单位", "区住房建设中心"],
                ["年度总体目标", "完成12个老旧小区改造，居民满意度90%以上。"],
                ["一级指标", "二级指标", "三级指标", "指标值"],
                ["产出指标", "数量指标", "改造小区数量", "≥12个"],
                [None, "质量指标", "竣工验收合格率", "≥98%"],
                [None, "成本指标", "户均改造成本", "≤3万元/户"],
                ["效益指标", "社会效益指标", "居住条件改善", "明显改善"]]:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_start_from_declared_table(world) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    c = world.client("prep_a")
    upload = SimpleUploadedFile("申报表.xlsx", _declared_table())
    response = c.post("/projects/start/", {"file": upload, "year": "2025", "framework": "mof-2020-selfeval"})
    rec = ProjectRecord.objects.get(name="老旧小区改造")
    assert response.status_code == 302 and response["Location"] == f"/projects/{rec.pk}/edit/"
    doc = rec.document
    assert rec.year == 2025 and doc["framework"] == "mof-2020-selfeval"
    targets = {t["name"]: t for t in doc["targets"]}
    assert (targets["改造小区数量"]["comparator"], targets["改造小区数量"]["value"]) == ("≥", "12")
    assert not any("actual" in t or "actual_text" in t for t in doc["targets"])
    assert set(doc.get("narrative", {})) <= {"goal"}          # only the declared 年度总体目标 is carried
    page = c.get(response["Location"]).content.decode()
    # every declared target is a row of the grid, in its 二级指标; the preparer types 实际完成值
    for name in targets:
        assert f'name="r-n" value="{name}"' in page
    assert rec.computed_total is None and rec.grade == ""               # nothing to score yet


def test_start_from_last_years_project(world) -> None:
    c = world.client("prep_a")
    old = world.project_a
    response = c.post("/projects/start/", {"from": str(old.pk), "year": str((old.year or 2024) + 1),
                                           "framework": "mof-2020-selfeval"})
    assert response.status_code == 302
    rec = ProjectRecord.objects.exclude(pk=old.pk).get(department=world.a, name=old.name)
    assert rec.year == (old.year or 2024) + 1
    assert [t["name"] for t in rec.document["targets"]] == [t["name"] for t in old.document["targets"]]
    assert all("actual" not in t and "deviation_reason" not in t for t in rec.document["targets"])
    assert "actual" not in rec.document.get("funding", {})
    # 分值 and the tree are carried over
    def leaves(nodes):
        for n in nodes:
            yield from leaves(n["children"]) if n.get("children") else [n]
    assert [(n["name"], n.get("weight")) for n in leaves(rec.document["indicators"])] == \
        [(n["name"], n.get("weight")) for n in leaves(old.document["indicators"])]
    # another department's project cannot be the source
    other = c.post("/projects/start/", {"from": str(world.project_b.pk), "year": "2025"})
    assert other.status_code == 404


def test_start_refuses_without_source_or_with_bad_year(world) -> None:
    c = world.client("prep_a")
    html = c.post("/projects/start/", {"year": "2025"}, follow=True).content.decode()
    assert "请选择绩效目标申报表文件或上年项目" in html
    html = c.post("/projects/start/", {"year": "二〇二五", "from": str(world.project_a.pk)}, follow=True).content.decode()
    assert "年度无效" in html
    assert world.client("rev_a").post("/projects/start/", {"year": "2025"}).status_code == 403


def _inbox(client) -> str:
    html = client.get("/").content.decode()
    return html[html.index('id="inbox"'):html.index("</section>", html.index('id="inbox"'))]


def test_inbox_per_role(world) -> None:
    rec = world.project_a
    prep, rev, fin = world.client("prep_a"), world.client("rev_a"), world.client("fin")
    assert "草稿待提交（1）" in _inbox(prep) and rec.name in _inbox(prep)
    assert "待审核（0）" in _inbox(rev)
    submit(rec, world.users["prep_a"])
    assert "待审核（1）" in _inbox(rev) and rec.name in _inbox(rev)
    assert "已提交待审核（2）" not in _inbox(fin) and "已提交待审核（1）" in _inbox(fin)
    send_back(ProjectRecord.objects.get(pk=rec.pk), world.users["rev_a"], comment="请补充满意度调查方法")
    box = _inbox(prep)
    assert "被退回待修改（1）" in box and "请补充满意度调查方法" in box
    assert "rev_a" in box            # the reviewer's name (the test users' names are their logins)
    assert "待审核（0）" in _inbox(rev)
    counts = re.findall(r'class="status s-(\w+)">[^<]*?(\d+)</a>', _inbox(fin))
    assert dict(counts)["returned"] == "1"


def test_resubmit_flash_and_confirmations(world) -> None:
    rec = world.project_a
    prep = world.client("prep_a")
    submit(rec, world.users["prep_a"])
    rev_page = world.client("rev_a").get(f"/projects/{rec.pk}/").content.decode()
    assert f'action="/projects/{rec.pk}/approve/" class="inline-form" data-confirm=' in rev_page
    assert 'name="comment" placeholder="审核意见（可选）"' in rev_page
    assert f'action="/projects/{rec.pk}/return/" class="inline-form" data-confirm=' in rev_page
    send_back(ProjectRecord.objects.get(pk=rec.pk), world.users["rev_a"], comment="补充")
    rec.refresh_from_db()
    html = prep.post(f"/projects/{rec.pk}/submit/", {"revision": rec.revision}, follow=True).content.decode()
    assert "已再提交审核" in html
    assert AuditEvent.objects.filter(project=rec, kind="resubmit").count() == 1


def test_start_from_last_years_project_file(world) -> None:
    """The project file of last year (YAML) starts this year: its targets without their actuals."""
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile
    text = (Path(__file__).resolve().parents[2] / "examples" / "shequ-2023-yanglao-selfeval.yaml").read_bytes()
    c = world.client("prep_a")
    response = c.post("/projects/start/", {"file": SimpleUploadedFile("2023.yaml", text), "year": "2024",
                                           "framework": "mof-2020-selfeval"})
    assert response.status_code == 302
    rec = ProjectRecord.objects.get(name="社区居家养老服务补贴", year=2024)
    targets = {t["id"]: t for t in rec.document["targets"]}
    assert targets["visits"]["value"] == "12000" and "actual" not in targets["visits"]
    assert "actual_text" not in targets["mechanism"] and targets["mechanism"]["value_text"] == "建立并运行"
    assert "adjustments" not in rec.document.get("funding", {})
    assert rec.document["project"]["department"] == "甲部门"


def test_pages_show_the_chinese_half_of_messages(world) -> None:
    from jixiao.web.projects.templatetags.jixiao_tags import zh
    assert zh("请选择文件 / choose a file") == "请选择文件"
    assert zh("人/次 不能为空 / required") == "人/次 不能为空"
    assert zh("一级 / 二级") == "一级 / 二级"                  # both halves Chinese: nothing dropped
    assert zh("ok / fine") == "ok / fine"                    # no Chinese at all: left as it is
    html = world.client("adm").post("/users/", {"action": "add_user", "username": "", "role": ""},
                                    follow=True).content.decode()
    messages = html[html.index('class="messages"'):] if 'class="messages"' in html else ""
    assert " / choose" not in messages and " / the user name" not in messages
