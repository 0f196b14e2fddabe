"""End to end in Debian's chromium against the real server (``jixiao serve --demo``) on a free port.

preparer creates a project, enters a target and its actual and sees the score change, submits;
the reviewer returns it with a comment; the preparer fixes and resubmits; the reviewer
approves and downloads the DOCX. Screenshots of each page go to a temporary folder, or to
docs/screenshots/ when JIXIAO_SCREENSHOTS=1 (so an ordinary run leaves the tree unchanged).
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SHOTS = (ROOT / "docs" / "screenshots" if os.environ.get("JIXIAO_SCREENSHOTS") == "1"
         else Path(os.environ.get("TMPDIR", "/tmp")) / "jixiao-screenshots")
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
PASSWORD = "jixiao-demo"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed at /usr/bin/chromium")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "JIXIAO_DEBUG")}
    env["JIXIAO_DATA_DIR"] = str(tmp_path_factory.mktemp("server-data"))
    log = (tmp_path_factory.mktemp("server-log") / "server.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "jixiao.cli.main", "serve", "--demo", "--port", str(port)],
                            env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"server did not start: {Path(log.name).read_text()}") from None
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _shot(page: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def _login(page: object, base: str, user: str) -> None:
    page.goto(base + "/login/")  # type: ignore[attr-defined]
    page.fill("input[name=username]", user)  # type: ignore[attr-defined]
    page.fill("input[name=password]", PASSWORD)  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url(base + "/")  # type: ignore[attr-defined]


def _logout(page: object) -> None:
    page.click("header button:has-text('退出')")  # type: ignore[attr-defined]
    page.wait_for_url("**/login/")  # type: ignore[attr-defined]


def _live_total(page: object) -> str:
    return str(page.inner_text("#live-total")).strip()  # type: ignore[attr-defined]


class Person:
    """A page with a tally of what the person does: clicks (a button, a link, a cell, a choice from a
    list, a file to choose, OK in a confirmation) and fields typed. Keys that move between cells
    (Tab, Enter) are not clicks."""

    def __init__(self, page: Any) -> None:
        self.page, self.clicks, self.fields = page, 0, 0
        page.on("dialog", self._confirm)

    def _confirm(self, dialog: Any) -> None:
        self.clicks += 1
        dialog.accept()

    def click(self, selector: str) -> None:
        self.clicks += 1
        self.page.click(selector)

    def choose(self, selector: str, value: str) -> None:
        self.clicks += 1
        self.page.select_option(selector, value)

    def choose_file(self, selector: str, path: str) -> None:
        self.clicks += 1
        self.page.set_input_files(selector, path)

    def type(self, text: str, then: str = "") -> None:
        self.fields += 1
        self.page.keyboard.type(text)
        if then:
            self.page.keyboard.press(then)


def _no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], f"page scrolls sideways at {page.url}: {width}"


ACTUALS = ["18", "3120", "96", "92", "100", "110", "88", "75", "已建立并运行", "93"]


def test_author_review_cycle(server: str, browser: Any, tmp_path: Path) -> None:
    """The main job, counted: a 10-indicator project from a declared target table, entered and
    submitted; then return, fix, resubmit, approve, download, portfolio and audit."""
    from webform import declared_table_xlsx
    base = server
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.goto(base + "/login/")
    _shot(page, "01-login")
    _login(page, base, "tianbao")
    _shot(page, "02-home")

    table = tmp_path / "绩效目标申报表.xlsx"
    table.write_bytes(declared_table_xlsx())
    me = Person(page)
    me.choose_file("#start input[type=file]", str(table))
    me.click("#start-btn")
    page.wait_for_url("**/edit/")
    project_url = page.url.removesuffix("edit/")
    assert page.locator("tr.row").count() == 10
    assert _live_total(page) == "—" and page.inner_text("#live-grade").strip() == "—"     # blank is not 差
    me.click("input[name='funding.initial']")
    me.type("100", "Tab")
    me.type("100", "Tab")
    me.type("96")
    me.click("tr.row >> nth=0 >> input[name=r-a]")
    for i, actual in enumerate(ACTUALS):
        me.type(actual, "Enter" if i < len(ACTUALS) - 1 else "")
    me.choose("tr.row >> nth=8 >> select[name=r-t]", "达成")          # the qualitative one: its 档位
    me.click("tr.row >> nth=0 >> textarea[name=r-r]")
    with page.expect_response("**/preview/"):
        me.type("两场讲座因场地维修顺延至次年一季度")
    page.wait_for_function("() => document.querySelector('#live-total').innerText.trim() !== '—'")
    assert page.locator("tr.row").count() == 10
    _shot(page, "03-edit-live-score")
    live = _live_total(page)
    me.click("#save-btn")
    page.wait_for_url(project_url)
    assert page.inner_text("#total").strip() == live
    _shot(page, "04-project-draft")
    me.click("#submit-btn")
    page.wait_for_selector("text=已提交审核")
    print(f"\nmain job: {me.clicks} clicks, {me.fields} fields typed, 1 save (10 indicators)")
    assert me.clicks <= 10 and me.fields <= 16
    _logout(page)

    # 审核人: the 待办 inbox lists it first; return with a comment (asked to confirm)
    _login(page, base, "shenhe")
    assert "社区健康服务提升" in page.inner_text("#inbox-submitted + ul")
    page.goto(project_url)
    page.fill("form[action$='/return/'] input[name=comment]", "讲座未达标，请补充偏差原因")
    _shot(page, "05-reviewer-submitted")
    Person(page).click("#return-btn")
    page.wait_for_selector("text=已退回填报人修改")
    _logout(page)

    # 填报人: the inbox shows the 退回意见 and who wrote it; fix, see the diff, resubmit
    _login(page, base, "tianbao")
    inbox = page.inner_text("#inbox")
    assert "讲座未达标，请补充偏差原因" in inbox and "刘海兰" in inbox
    page.goto(project_url)
    assert "讲座未达标，请补充偏差原因" in page.inner_text(".banner")
    _shot(page, "06-preparer-returned")
    page.click("a:has-text('编辑')")
    page.fill("tr.row >> nth=0 >> textarea[name=r-r]", "下半年疫情防控，部分讲座改为线上")
    page.click("#save-btn")
    page.wait_for_url(project_url)
    page.click("#since-return")
    page.wait_for_url("**/diff/**")
    diff = page.inner_text("table.diff")
    assert "下半年疫情防控" in diff and "偏差原因分析及改进措施" in diff and "children" not in diff
    assert page.locator("table.diff mark").count() > 0
    _shot(page, "07-diff-after-return")
    page.goto(project_url)
    Person(page).click("#submit-btn")
    page.wait_for_selector("text=已再提交审核")
    assert "再提交" in page.inner_text("h1")
    _logout(page)

    # 审核人 approves with a comment (confirmed) and downloads the DOCX
    _login(page, base, "shenhe")
    page.goto(project_url)
    page.fill("form[action$='/approve/'] input[name=comment]", "同意")
    Person(page).click("#approve-btn")
    page.wait_for_selector("text=已审核通过")
    _shot(page, "08-approved")
    with page.expect_download() as info:
        page.click("#dl-docx")
    data = Path(info.value.path()).read_bytes()
    assert data[:2] == b"PK" and len(data) > 2000
    _logout(page)

    _login(page, base, "caizheng")
    page.goto(base + "/portfolio/")
    assert "各部门等级分布" in page.inner_text("body")
    _shot(page, "09-portfolio")
    _logout(page)
    _login(page, base, "admin")
    page.goto(base + "/audit/")
    body = page.inner_text("body")
    assert "再提交" in body and "王美娴" in body
    _shot(page, "10-audit-log")
    page.goto(base + "/users/")
    assert "shenhe" in page.inner_text("table")
    _shot(page, "12-users")
    context.close()


def _first_draft(page: Any) -> str:
    return str(page.get_attribute("#inbox-draft + ul a", "href"))


def test_grid_rows_keys_and_paste_without_saving(server: str, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    _login(page, server, "tianbao")
    page.goto(server + _first_draft(page))
    rows = page.locator("tr.row")
    start = rows.count()
    revision = page.input_value("input[name=revision]")
    # add a row under 成本指标 and type into it; Tab moves to the next cell
    page.click("tbody.group:has(th:has-text('成本指标')) button.add")
    assert rows.count() == start + 1
    page.keyboard.type("人均成本（元/人次）")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "r-c"
    # a block copied from Excel/WPS: two rows, tab-separated, pasted into the first 数量指标 name cell
    block = "培训人次\t≥\t1000\t人次\t1100\t10\t\t\n讲座场次\t=\t12\t场\t10\t10\t\t两场因场地延期\n"
    with page.expect_response("**/preview/"):
        page.evaluate("""block => { const el = document.querySelector('tbody.group tr.row input[name=r-n]');
            el.focus(); const dt = new DataTransfer(); dt.setData('text/plain', block);
            el.dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true})); }""",
                      block)
    assert rows.count() == start + 2
    assert page.input_value("tr.row >> nth=1 >> input[name=r-n]") == "讲座场次"
    assert page.input_value("tr.row >> nth=1 >> select[name=r-c]") == "="
    # Enter goes down the same column; ↑ moves a row; × removes one; nothing is saved meanwhile
    page.click("tr.row >> nth=0 >> input[name=r-a]")
    page.keyboard.press("Enter")
    assert page.evaluate("[...document.querySelectorAll('tr.row')].indexOf(document.activeElement.closest('tr'))") == 1
    page.click("tr.row >> nth=1 >> button.up")
    assert page.input_value("tr.row >> nth=0 >> input[name=r-n]") == "讲座场次"
    page.click("tr.row >> nth=0 >> input[name=r-n]")
    page.keyboard.press("Alt+ArrowDown")                       # the row moves, the cursor with it
    assert page.input_value("tr.row >> nth=1 >> input[name=r-n]") == "讲座场次"
    assert page.evaluate("document.activeElement.value") == "讲座场次"
    page.keyboard.press("Alt+ArrowUp")
    page.click("tr.row >> nth=1 >> button.del")
    assert rows.count() == start + 1
    assert page.input_value("input[name=revision]") == revision
    page.wait_for_timeout(600)
    _shot(page, "13-grid-rows-and-paste")
    page.click("#save-btn")
    page.wait_for_selector("text=已保存")
    scores = page.inner_text(".scoretable")          # the project page, after the one save
    assert scores.index("讲座场次") < scores.index("人均成本（元/人次）")
    context.close()


def test_reviewer_follows_a_finding_to_the_read_only_field(server: str, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    _login(page, server, "shenhe")
    page.goto(server + "/?q=招商引资")
    page.click("table.list a:has-text('招商引资')")
    link = page.locator(".findings li a").first
    href = str(link.get_attribute("href"))
    assert "/edit/" not in href and "#" in href
    link.click()
    assert page.url.endswith(href)
    target = page.locator(f"[id='{href.split('#')[1]}']")
    assert target.is_visible() and target.evaluate("el => el.getBoundingClientRect().top < innerHeight")
    _shot(page, "14-reviewer-finding-read-only")
    context.close()


def test_portfolio_sorts_totals_and_exports(server: str, browser: Any) -> None:
    from openpyxl import load_workbook
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    _login(page, server, "caizheng")
    page.goto(server + "/portfolio/")
    page.click("table.portfolio th a:has-text('计算得分')")
    page.wait_for_url("**sort=computed**")
    scores = [float(t) for t in page.locator("table.portfolio tbody td:nth-child(6)").all_inner_texts() if t != "—"]
    assert scores == sorted(scores) and len(scores) > 5
    page.click("table.portfolio th a:has-text('计算得分')")
    page.wait_for_url("**sort=-computed**")
    assert "合计" in page.inner_text("table.portfolio tfoot")
    with page.expect_download() as info:
        page.click("a:has-text('导出 XLSX')")
    ws = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active    # the download has no suffix
    assert ws.freeze_panes == "A2" and ws["F2"].number_format == "0.00"
    column = [c.value for c in ws["F"][1:] if c.value is not None]
    assert column == sorted(column, reverse=True)                 # the page's order
    context.close()


@pytest.mark.parametrize("width", [390, 768, 1366])
def test_pages_fit_without_sideways_scroll(server: str, browser: Any, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": {390: 844, 768: 1024}.get(width, 900)},
                                  locale="zh-CN")
    page = context.new_page()
    _login(page, server, "tianbao")
    _no_sideways_scroll(page)
    draft = _first_draft(page)
    project = draft.removesuffix("edit/")
    for url in (draft, project, project + "revisions/", project + "diff/?a=1&b=1"):
        page.goto(server + url)
        _no_sideways_scroll(page)
    if width == 390:
        _shot(page, "15-project-390")
        page.goto(server + "/")
        _shot(page, "16-inbox-390")
        page.goto(server + draft)
        _shot(page, "17-editor-390")
    _logout(page)
    _login(page, server, "caizheng")
    for url in ("/", "/portfolio/"):
        page.goto(server + url)
        _no_sideways_scroll(page)
    if width == 390:
        _shot(page, "18-portfolio-390")
    context.close()


def test_upload_published_report(server: str, browser: object) -> None:
    seed = ROOT.parent / "shared" / "seed" / "000_69e7f288a75f657f.txt"
    if not seed.is_file():
        pytest.skip("the seed report is absent")
    context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="zh-CN")  # type: ignore[attr-defined]
    page = context.new_page()
    _login(page, server, "tianbao")
    page.set_input_files("form[action='/projects/upload/'] input[type=file]", str(seed))
    page.click("form[action='/projects/upload/'] button[type=submit]")
    page.wait_for_selector("text=已从")
    assert "复核发现" in page.inner_text("body")
    assert page.locator(".findings .where").count() > 0          # findings point into the report
    _shot(page, "11-published-report")
    context.close()
