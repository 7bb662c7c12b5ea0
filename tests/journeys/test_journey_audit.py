"""The audit administrator finds a failed sign-in in the audit log, checks the chain and exports the period."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_auditor_finds_a_failed_sign_in_verifies_the_log_and_exports_it(journey, browser, live_server):
    j = journey("audit", "审计管理员查看、校验和导出审计日志")

    stranger = browser.new_page(locale="zh-CN")
    stranger.goto(live_server.url + "/login/")
    stranger.get_by_label("账号").fill("13912345678")  # an account name typed wrong
    stranger.get_by_label("密码").fill("not-the-password")
    stranger.get_by_role("button", name="登录").click()
    stranger.wait_for_load_state()
    stranger.close()

    auditor = j.actor("auditor", "auditor")
    menu = auditor.page.locator("aside")
    assert menu.get_by_role("link", name="审计日志").count() == 1
    assert menu.get_by_role("link", name="人员列表").count() == 0, "the auditor must not reach business pages"
    auditor.step("审计管理员登录后，左侧菜单只有“审计日志”：看不到党员、居民等业务数据。", focus=menu)
    auditor.nav("审计日志")
    auditor.choose("类别", "登录失败")
    auditor.click("查询")
    row = auditor.page.locator("[data-testid=rows] tbody tr", has_text="登录失败：账号“13912345678”")
    assert row.count() >= 1, "the failed sign-in is not in the audit log"
    auditor.step("在“类别”里选“登录失败”，点“查询”：每次输错密码都有记录，写明时间、尝试的账号和来源地址。",
                 focus=row.first)

    auditor.click("校验完整性")
    assert "全部记录完整" in auditor.message()
    auditor.step("点“校验完整性”，系统逐条核对审计链：任何一条被改动或删除都会在这里列出。",
                 focus=auditor.page.locator(".alert").first)

    with auditor.page.expect_download() as download:
        auditor.page.get_by_role("link", name="导出 Excel").click()
    sheet = load_workbook(BytesIO(open(download.value.path(), "rb").read())).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert rows and all(r[2] == "登录失败" for r in rows), "the export does not hold the filtered period"
    auditor.step("点“导出 Excel”，按当前筛选导出审计日志（含每条的哈希值，可离线核对），导出本身也记入审计日志。",
                 focus=auditor.page.get_by_role("link", name="导出 Excel"))
