"""The 自评表 grid through real HTTP posts: rows added, removed and reordered in one save, names with
"/" kept whole, values typed or pasted as one cell (≥95%), fixed-framework rows, and each finding's
link to the field that fixes it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

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
    assert "指标解释" in page and "扣分原因" in page and "mode-generic" in page
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
    assert f'<label id="{field_id}">调整原因' in page
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


def test_fixed_framework_lists_its_declared_targets(world, pingshan_text) -> None:
    """Under a fixed framework no indicator scores the 绩效目标, yet each is a row with its
    实际完成值, and the finding about a missing actual links to that row."""
    import re

    from jixiao.io.loading import parse_project_text
    project = parse_project_text(pingshan_text, "p.yaml").projects[0].evolve(record=Record.DRAFT)
    rec = create_project(project, world.a, world.users["prep_a"])
    c = world.client("prep_a")
    page = c.get(f"/projects/{rec.pk}/edit/").content.decode()
    sheet = Sheet(page)
    declared = [r for r in sheet.rows if r["tid"]]
    assert sorted(r["tid"] for r in declared) == sorted(t.id for t in project.targets)
    link = re.search(r'<code>JX305</code>\s*<a href="[^"#]+#([^"]+)"', page)
    assert link and f'<tr class="row" id="{link.group(1)}"' in page
    row = next(r for r in declared if r["tid"] == "leaflets")
    row["a"] = "5200"
    removed = next(r for r in declared if r["tid"] == "brochures")
    sheet.rows.remove(removed)
    rec = _save(c, rec.pk, sheet)
    targets = {t["id"]: t for t in rec.document["targets"]}
    assert targets["leaflets"]["actual"] == "5200" and "brochures" not in targets
    assert len(targets) == len(project.targets) - 1


def test_every_finding_link_lands_on_an_element_of_its_page(world, pingshan_text) -> None:
    """For the preparer (editor) and the reviewer (read-only page), every finding with a path links
    to an element that exists on the page it opens."""
    import re

    from jixiao.io.loading import parse_project_text
    shequ = (Path(__file__).resolve().parents[2] / "examples" / "shequ-2023-yanglao-selfeval.yaml").read_text("utf-8")
    records = [world.project_a, world.project_b]
    for text in (pingshan_text, shequ):
        project = parse_project_text(text, "x.yaml").projects[0]
        records.append(create_project(project, world.a, world.users["prep_a"]))
    checked = 0
    for rec in records:
        prep = world.client("prep_a" if rec.department == world.a else "prep_b")
        rev = world.client("rev_a" if rec.department == world.a else "rev_b")
        for client, url in ((prep, f"/projects/{rec.pk}/edit/"), (rev, f"/projects/{rec.pk}/")):
            page = client.get(url).content.decode()
            findings = page[page.index('id="findings"'):]
            findings = findings[:findings.index("</section>")]
            for href in re.findall(r'<a href="([^"]+#[^"]+)"', findings):
                path, fragment = href.split("#")
                assert path == url, (href, url)
                assert f'id="{fragment}"' in page, (rec.name, href)
                checked += 1
    assert checked >= 10


def test_large_grid_saves_and_too_large_is_refused(world) -> None:
    c = world.client("prep_a")
    rec = world.project_a
    sheet = _sheet(c, rec.pk)
    count = sheet.group_of("数量指标")
    for i in range(120):
        sheet.add(count, n=f"指标{i:03d}", v="1", u="项", a="1", w="0")
    rec = _save(c, rec.pk, sheet)
    assert len(_group(rec.document, "产出指标", "数量指标")) == 121
    sheet = _sheet(c, rec.pk)
    for i in range(400):
        sheet.add(count, n=f"更多{i:03d}", v="1", u="项", a="1", w="0")
    response = c.post(f"/projects/{rec.pk}/edit/", post_data(sheet.data()))
    assert response.status_code == 400 and "指标行数超过上限500" in response.content.decode()


def test_evidence_list_names_what_it_supports_in_chinese(world) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    c = world.client("prep_a")
    rec = world.project_a
    page = c.get(f"/projects/{rec.pk}/").content.decode()
    import re
    leaf = re.search(r'<option value="(indicators/[^"]+)">评分表「产出指标 › 数量指标 › 完成培训人次」</option>', page)
    assert leaf, "the upload form names indicators by their place in the tree"
    for supports in ("t1", leaf.group(1)):
        c.post(f"/projects/{rec.pk}/evidence/", {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.7 x"),
                                                 "supports": supports})
    listing = c.get(f"/projects/{rec.pk}/").content.decode()
    listing = listing[listing.index('id="evidence"'):]
    assert "<td>绩效目标「完成培训人次」</td>" in listing
    assert "<td>评分表「产出指标 › 数量指标 › 完成培训人次」</td>" in listing
    assert "indicators/" not in listing.split("<form")[0]


def test_a_row_without_target_values_stays_a_plain_indicator(world) -> None:
    """A row with only a name, 分值, 得分 and reason is an indicator scored by hand: no empty target."""
    c = world.client("prep_a")
    rec = world.project_a
    sheet = _sheet(c, rec.pk)
    sheet.add(sheet.group_of("质量指标"), n="资料归档规范性", w="0", s="0", r="归档资料不全")
    rec = _save(c, rec.pk, sheet)
    leaf = next(n for n in _group(rec.document, "产出指标", "质量指标") if n["name"] == "资料归档规范性")
    assert leaf == {"name": "资料归档规范性", "weight": "0", "score": "0", "reason": "归档资料不全"}
    assert len(rec.document["targets"]) == 5


def test_values_typed_or_pasted_as_one_cell() -> None:
    from jixiao.web.projects.grid_apply import split_value
    assert split_value("≥95%", "=", "") == ("95", "≥", "%")
    assert split_value("不高于300元/人次", "≥", "") == ("300", "≤", "元/人次")
    assert split_value("3,000份", "≥", "份") == ("3,000", "≥", "份")
    assert split_value("明显改善", "定性", "") == ("明显改善", "定性", "")
    assert split_value("80～100", "range", "") == ("80～100", "range", "")


def test_range_and_qualitative_rows(world) -> None:
    c = world.client("prep_a")
    rec = world.project_a
    sheet = _sheet(c, rec.pk)
    sheet.add(sheet.group_of("时效指标"), n="办结时长", c="range", v="3～5", u="天", a="4", w="0")
    sheet.add(sheet.group_of("社会效益指标"), n="群众获得感", c="定性", v="明显提升", a="有所提升", t="部分达成",
              w="0", s="0", r="宣传覆盖不足")
    rec = _save(c, rec.pk, sheet)
    targets = {t["name"]: t for t in rec.document["targets"]}
    assert (targets["办结时长"]["value"], targets["办结时长"]["upper"], targets["办结时长"]["actual"]) == ("3", "5", "4")
    q = targets["群众获得感"]
    assert (q["comparator"], q["value_text"], q["actual_text"]) == ("定性", "明显提升", "有所提升")
    leaf = next(n for n in _group(rec.document, "效益指标", "社会效益指标") if n["name"] == "群众获得感")
    assert (leaf["tier"], leaf["reason"]) == ("部分达成", "宣传覆盖不足")
    page = c.get(f"/projects/{rec.pk}/edit/").content.decode()
    assert 'value="3～5"' in page and '<option value="range" selected>区间</option>' in page
