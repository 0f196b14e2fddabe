"""The 自评表 grid through real HTTP posts: rows added, removed and reordered in one save, names with
"/" kept whole, values typed or pasted as one cell (≥95%), fixed-framework rows, and each finding's
link to the field that fixes it."""

from __future__ import annotations

from decimal import Decimal

from jixiao.core.model import Amounts, Funding, Project, Record
from jixiao.web.projects.models import ProjectRecord
from jixiao.web.projects.workflow import create_project
from webform import Sheet, post_data


def _sheet(client, pk: int) -> Sheet:
    return Sheet(client.get(f"/projects/{pk}/edit/").content.decode())


def _save(client, pk: int, sheet: Sheet) -> ProjectRecord:
    response = client.post(f"/projects/{pk}/edit/", post_data(sheet.data()))
    assert response.status_code == 302, response.content.decode()[-3000:]
    return ProjectRecord.objects.get(pk=pk)


def _group(document: dict, *names: str) -> list[dict]:
    level = document["indicators"]
    for name in names:
        level = next(n for n in level if n["name"] == name)["children"]
    return level


def test_ten_rows_in_one_save(world) -> None:
    """A blank 自评表 project gets ten indicators in a single save (no round trip per row)."""
    c = world.client("prep_a")
    created = c.post("/projects/new/", {"name": "社区服务", "year": "2025", "framework": "mof-2020-selfeval"})
    rec = ProjectRecord.objects.get(name="社区服务")
    assert created["Location"] == f"/projects/{rec.pk}/edit/"
    sheet = _sheet(c, rec.pk)
    assert sheet.rows == []
    count, quality = sheet.group_of("数量指标"), sheet.group_of("质量指标")
    for i in range(8):
        sheet.add(count, n=f"服务人次{i + 1}", v="100", u="人次", a="100", w="5")
    sheet.add(quality, n="合格率", v="≥95%", a="97", w="5")
    sheet.add(quality, n="抽检次数", v="4", u="次", a="2", w="5", r="下半年人手不足，明年增加抽检")
    rec = _save(c, rec.pk, sheet)
    assert rec.revision == 2
    assert [leaf["name"] for leaf in _group(rec.document, "产出指标", "数量指标")] == [f"服务人次{i + 1}" for i in range(8)]
    targets = {t["name"]: t for t in rec.document["targets"]}
    assert len(targets) == 10
    assert (targets["合格率"]["comparator"], targets["合格率"]["value"], targets["合格率"]["unit"]) == ("≥", "95", "%")
    assert targets["抽检次数"]["deviation_reason"] == "下半年人手不足，明年增加抽检"
    # 8 × 5 full marks + 5 (97 ≥ 95) + 2/4 × 5 = 47.5 of the 50 output points; nothing else is filled
    assert rec.computed_total == Decimal("47.50")


def test_name_with_slash_stays_one_indicator(world) -> None:
    """人/次 in a name never becomes a 人 → 次 subtree, however often the row is edited."""
    c = world.client("prep_a")
    rec = world.project_a
    sheet = _sheet(c, rec.pk)
    row = sheet.row("完成培训人次")
    row["n"], row["u"] = "人均培训成本（元/人次）", "元/人次"
    rec = _save(c, rec.pk, sheet)
    for actual in ("900", "950"):
        sheet = _sheet(c, rec.pk)
        sheet.row("人均培训成本（元/人次）")["a"] = actual
        rec = _save(c, rec.pk, sheet)
    leaves = _group(rec.document, "产出指标", "数量指标")
    assert leaves == [{"name": "人均培训成本（元/人次）", "weight": "20", "target": "t1"}]
    assert not any(n.get("children") for n in leaves)
    assert next(t for t in rec.document["targets"] if t["id"] == "t1")["actual"] == "950"
    page = c.get(f"/projects/{rec.pk}/").content.decode()
    assert "人均培训成本（元/人次）" in page


def test_remove_and_reorder_rows_in_one_save(world) -> None:
    c = world.client("prep_a")
    rec = world.project_a
    sheet = _sheet(c, rec.pk)
    count = sheet.group_of("数量指标")
    sheet.add(count, n="新增一", v="1", u="项", a="1", w="0")
    sheet.add(count, n="新增二", v="2", u="项", a="2", w="0")
    rec = _save(c, rec.pk, sheet)
    assert [n["name"] for n in _group(rec.document, "产出指标", "数量指标")] == ["完成培训人次", "新增一", "新增二"]
    sheet = _sheet(c, rec.pk)
    first = sheet.rows.index(sheet.row("新增一"))
    sheet.rows[first], sheet.rows[first + 1] = sheet.rows[first + 1], sheet.rows[first]   # ↓ on 新增一
    sheet.rows.remove(sheet.row("完成培训人次"))                                            # × on the first row
    rec = _save(c, rec.pk, sheet)
    assert [n["name"] for n in _group(rec.document, "产出指标", "数量指标")] == ["新增二", "新增一"]
    assert "t1" not in {t["id"] for t in rec.document["targets"]}          # its target went with it
    assert len(rec.document["targets"]) == 6


def test_posted_grid_must_match_the_page(world) -> None:
    c = world.client("prep_a")
    rec = world.project_a
    sheet = _sheet(c, rec.pk)
    sheet.rows[0]["g"] = "999"
    response = c.post(f"/projects/{rec.pk}/edit/", post_data(sheet.data()))
    assert response.status_code == 400 and "请刷新页面" in response.content.decode()
    data = post_data(sheet.data())
    data["r-n"] = data["r-n"][:-1]                                       # one column short
    assert c.post(f"/projects/{rec.pk}/edit/", data).status_code == 400


def test_fixed_framework_rows_take_scores_and_reasons(world, pingshan_text) -> None:
    from jixiao.io.loading import parse_project_text
    project = parse_project_text(pingshan_text, "p.yaml").projects[0].evolve(record=Record.DRAFT)
    rec = create_project(project, world.a, world.users["prep_a"])
    c = world.client("prep_a")
    page = c.get(f"/projects/{rec.pk}/edit/").content.decode()
    assert "指标解释" in page and "扣分理由" in page and "mode-generic" in page
    sheet = Sheet(page)
    row = sheet.row("过程规范性")
    assert row["k"] == "fixed" and row["s"] == "5"
    row["s"], row["r"] = "4", "立项材料不全"
    rec = _save(c, rec.pk, sheet)
    leaf = _group(rec.document, "项目决策", "立项程序")[0]
    assert (leaf["score"], leaf["reason"]) == ("4", "立项材料不全")


def test_adjustment_reason_has_a_field_and_findings_link_to_it(world) -> None:
    """JX201 (budget changed, no reason) links to the reason field; the reviewer's link opens the
    read-only page at the same field, which answers 200."""
    project = Project(name="调整项目", year=2024, department="甲部门", framework="mof-2020-selfeval",
                      funding=Funding(total=Amounts(Decimal(100), Decimal(80), Decimal(80))))
    rec = create_project(project, world.a, world.users["prep_a"])
    prep, rev = world.client("prep_a"), world.client("rev_a")
    page = prep.get(f"/projects/{rec.pk}/edit/").content.decode()
    sheet = Sheet(page)
    import re
    link = re.search(r'<code>JX201</code>\s*<a href="([^"]+)"', page)
    assert link and link.group(1).startswith(f"/projects/{rec.pk}/edit/#")
    field_id = link.group(1).split("#")[1]
    assert f'<label id="{field_id}">预算调整原因' in page
    detail = rev.get(f"/projects/{rec.pk}/").content.decode()
    ro_link = re.search(r'<code>JX201</code>\s*<a href="([^"]+)"', detail)
    assert ro_link and ro_link.group(1) == f"/projects/{rec.pk}/#{field_id}"
    assert f'id="{field_id}"' in detail and "readonly" in detail
    sheet.fields["adjustment.reason"] = "年中压减一般性支出"
    sheet.fields["adjustment.document"] = "某财预〔2024〕1号"
    rec = _save(prep, rec.pk, sheet)
    assert rec.document["funding"]["adjustments"] == [{"reason": "年中压减一般性支出", "document": "某财预〔2024〕1号"}]
    assert "<code>JX201</code>" not in prep.get(f"/projects/{rec.pk}/edit/").content.decode()


def test_stated_execution_rate_and_background_have_fields(world) -> None:
    c = world.client("prep_a")
    rec = world.project_a
    sheet = _sheet(c, rec.pk)
    sheet.fields["stated.execution_rate"] = "12.34"
    sheet.fields["n.background"] = "项目概况与资金安排"
    rec = _save(c, rec.pk, sheet)
    assert rec.document["stated"]["execution_rate"] == "12.34"
    assert rec.document["narrative"]["background"] == "项目概况与资金安排"
    page = c.get(f"/projects/{rec.pk}/edit/").content.decode()
    assert "<code>JX202</code>" in page
