"""End to end in Debian's chromium against the real server (``jixiao serve --demo``) on a free port.

preparer creates a project, enters a target and its actual and sees the score change, submits;
the reviewer returns it with a comment; the preparer fixes and resubmits; the reviewer
approves and downloads the DOCX. Screenshots of each page go to a temporary folder, or to
docs/screenshots/ when JIXIAO_SCREENSHOTS=1 (so an ordinary run leaves the tree unchanged).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

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


def test_author_review_cycle(server: str, browser: object) -> None:
    base = server
    context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="zh-CN",  # type: ignore[attr-defined]
                                  accept_downloads=True)
    page = context.new_page()
    page.goto(base + "/login/")
    _shot(page, "01-login")

    # 填报人: create from the framework, enter a target, bind an indicator, type the actual
    _login(page, base, "tianbao")
    _shot(page, "02-home")
    page.fill("form[action='/projects/new/'] input[name=name]", "社区健康服务提升")
    page.fill("form[action='/projects/new/'] input[name=year]", "2025")
    page.select_option("form[action='/projects/new/'] select[name=framework]", "mof-2020-selfeval")
    page.click("form[action='/projects/new/'] button[type=submit]")
    page.wait_for_url("**/edit/")
    project_url = page.url.removesuffix("edit/")
    page.fill("input[name='funding.adjusted']", "100")
    page.fill("input[name='funding.actual']", "96")
    page.fill("input[name='t-0-id']", "t1")
    page.fill("input[name='t-0-name']", "健康讲座场次")
    page.select_option("select[name='t-0-comparator']", "≥")
    page.fill("input[name='t-0-value']", "20")
    page.fill("input[name='t-0-unit']", "场")
    page.click("#save-stay")
    page.wait_for_selector("text=已保存为第2版")
    page.select_option("select[name='new-parent']", "indicators/产出指标/数量指标")
    page.fill("input[name='new-name']", "健康讲座场次")
    page.fill("input[name='new-weight']", "50")
    page.select_option("select[name='new-target']", "t1")
    page.click("#save-stay")
    page.wait_for_selector("text=已保存为第3版")
    before = _live_total(page)
    with page.expect_response("**/preview/"):
        page.fill("input[name='t-0-actual']", "15")
    page.wait_for_function("before => document.querySelector('#live-total').innerText.trim() !== before", arg=before)
    after = _live_total(page)
    assert after != before
    assert "15" in page.inner_text("td.calc >> nth=1") or "15" in page.inner_text("#edit-form")
    _shot(page, "03-edit-live-score")
    page.click("#save-btn")
    page.wait_for_url(project_url)
    assert page.inner_text("#total").strip() == after

    # submit: errors remain (unused categories), so acknowledge with a reason
    _shot(page, "04-project-draft")
    if page.locator("input[name=acknowledge]").count():
        page.check("input[name=acknowledge]")
        page.fill("input[name=reason]", "效益和满意度指标按批复暂不设置")
    page.click("#submit-btn")
    page.wait_for_selector("text=已提交审核")
    _logout(page)

    # 审核人 returns it with a comment
    _login(page, base, "shenhe")
    page.goto(project_url)
    page.fill("form[action$='/return/'] input[name=comment]", "讲座未达标，请补充偏差原因")
    _shot(page, "05-reviewer-submitted")
    page.click("#return-btn")
    page.wait_for_selector("text=已退回填报人修改")
    _logout(page)

    # 填报人 sees the comment, fixes, resubmits; the diff shows what changed
    _login(page, base, "tianbao")
    page.goto(project_url)
    assert "讲座未达标，请补充偏差原因" in page.inner_text(".banner")
    _shot(page, "06-preparer-returned")
    page.click("a:has-text('编辑')")
    page.fill("input[name='t-0-deviation_reason']", "下半年疫情防控，部分讲座改为线上")
    page.click("#save-btn")
    page.wait_for_url(project_url)
    page.click("#since-return")                     # what changed between 退回 and now
    page.wait_for_url("**/diff/**")
    assert "下半年疫情防控" in page.inner_text("table.diff")
    _shot(page, "07-diff-after-return")
    page.goto(project_url)
    if page.locator("input[name=acknowledge]").count():
        page.check("input[name=acknowledge]")
        page.fill("input[name=reason]", "效益和满意度指标按批复暂不设置")
    page.click("#submit-btn")
    page.wait_for_selector("text=已提交审核")
    assert "再提交" in page.inner_text("h1")
    _logout(page)

    # 审核人 approves and downloads the DOCX
    _login(page, base, "shenhe")
    page.goto(project_url)
    page.click("#approve-btn")
    page.wait_for_selector("text=已审核通过")
    _shot(page, "08-approved")
    with page.expect_download() as info:
        page.click("#dl-docx")
    path = info.value.path()
    data = Path(path).read_bytes()
    assert data[:2] == b"PK" and len(data) > 2000
    _logout(page)

    # 财政 portfolio and the audit log
    _login(page, base, "caizheng")
    page.goto(base + "/portfolio/")
    assert "各部门等级分布" in page.inner_text("body")
    _shot(page, "09-portfolio")
    _logout(page)
    _login(page, base, "admin")
    page.goto(base + "/audit/")
    assert "再提交" in page.inner_text("body")
    _shot(page, "10-audit-log")
    page.goto(base + "/users/")
    assert "shenhe" in page.inner_text("table")
    _shot(page, "12-users")
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
