"""Batch review in chromium against ``jixiao serve --demo`` (SQLite: its in-process runner does the work).

财政 uploads three reports (one corrupt), watches the progress bar fill without reloading,
filters the table, opens a file's findings and records a 复核得分.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from batchdata import report
from test_web_browser import _login, _shot, browser, server  # noqa: F401  (module-scoped fixtures)

pytestmark = pytest.mark.browser


def test_upload_progress_results_findings_and_review(server: str, browser: Any, tmp_path: Path) -> None:  # noqa: F811
    files = []
    for name, data in [("区教育局-项目A.yaml", report(1, "深圳市坪山区教育局")),
                       ("投资推广-项目B.yaml", report(2, "深圳市坪山区投资推广服务署")),
                       ("损坏.pdf", b"%PDF-1.4\n1 0 obj broken")]:
        (tmp_path / name).write_bytes(data)
        files.append(str(tmp_path / name))
    page = browser.new_page(locale="zh-CN")
    _login(page, server, "caizheng")
    page.click("nav a:has-text('批量复核')")
    page.fill("input[name=name]", "2024年度 区级项目自评复核")
    page.set_input_files("input[name=files]", files)
    page.click("button:has-text('上传并开始复核')")
    page.wait_for_url("**/batches/*/")
    # the bar is polled and the page reloads itself once the run is done
    page.wait_for_selector("text=3 / 3", timeout=60_000)
    page.wait_for_selector("table.batch-results td:has-text('投资推广-项目B.yaml')", timeout=30_000)
    _shot(page, "batch-results")
    table = page.inner_text("table.batch-results")
    assert "区教育局-项目A.yaml" in table and "深圳市坪山区教育局" in table
    reason = page.locator("table.batch-results tr", has_text="损坏.pdf").locator("td.sev-error").inner_text()
    assert reason.strip() and " / " not in reason          # the reader's reason, in Chinese only
    page.select_option("select[name=show]", "unreadable")
    page.click("button:has-text('筛选')")
    page.wait_for_load_state()
    filtered = page.inner_text("table.batch-results")
    assert "损坏.pdf" in filtered and "项目A" not in filtered
    page.go_back()
    page.click("table.batch-results a:has-text('区教育局-项目A.yaml')")
    page.wait_for_selector("table.findings")
    assert "第1次复核" in page.inner_text("body")
    page.go_back()
    row = page.locator("table.batch-results tr", has_text="区教育局-项目A.yaml")
    row.locator("input[name=score]").fill("82.5")
    row.locator("input[name=comment]").fill("满意度数据来源不明")
    row.locator("button:has-text('保存')").click()
    page.wait_for_selector("text=复核得分已保存")
    row = page.locator("table.batch-results tr", has_text="区教育局-项目A.yaml")
    assert row.locator("input[name=score]").input_value() == "82.50"
    assert row.locator("input[name=comment]").input_value() == "满意度数据来源不明"
    page.close()
