"""An in-service member reports in to the community where they live by its code, signs up for a co-building
activity on the phone, checks in by scanning the activity's code, and the community sees the attendance."""

from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TITLE = "楼院环境整治共建活动"
COMMUNITY = "东风社区党委"


def test_an_in_service_member_reports_in_signs_up_and_checks_in_on_a_phone(journey):
    j = journey("phone_member", "在职党员手机扫码到社区报到，报名联创共建活动并扫码签到")
    starts = timezone.localtime() + timedelta(minutes=20)  # the clock the server runs on: the window is open

    member = j.actor("member", "member", phone=True)
    member.nav("党员服务")
    assert "还没有到居住地社区报到" in member.text()
    member.step("在职党员用手机登录，打开“党员服务”：还没有到居住地社区报到，页面提示扫社区的报到二维码。")

    secretary = j.actor("secretary", "secretary_a")
    secretary.nav("在职党员报到")
    codes = secretary.page.get_by_test_id("report-codes")
    secretary.step("社区书记打开“在职党员报到”：上方是本社区的报到码，下方列出已报到的在职党员和参加共建活动的次数。",
                   focus=codes)
    with secretary.popup("打印报到码") as sheet:
        assert sheet.locator("svg").count() == 1
        link = sheet.get_by_test_id("report-url").inner_text().strip()
        secretary.step("点“打印报到码”，打印后张贴在党群服务中心；也可以下载图片或 PDF，发到单位党员群。")
    assert "/p/report/" in link, link

    member.open(urlparse(link).path)
    assert COMMUNITY in member.page.get_by_test_id("community").inner_text()
    member.step("党员扫码（或点开群里的报到链接），看到要报到的社区和自己的信息，点“确认报到”。")
    member.click("确认报到")
    assert "报到成功" in member.page.get_by_test_id("report-message").inner_text()
    member.step("报到成功。报到日期记入党员档案，社区党委随即能看到这名报到党员。")

    secretary.nav("区域化党建")
    secretary.click("联创共建活动", role="link")
    secretary.click("新增", role="link")
    secretary.choose("社区", COMMUNITY)
    secretary.fill("活动", TITLE)
    secretary.fill("类型", "环境整治")
    secretary.fill("日期", starts.date().isoformat())
    secretary.fill("开始时间", starts.strftime("%H:%M"))
    secretary.fill("活动时长（小时）", "2")
    secretary.fill("地点", "东风社区3号院")
    secretary.fill("报名名额", "20")
    secretary.step("社区书记在“区域化党建 · 联创共建活动”点“新增”，填写活动、时间、地点和报名名额。")
    secretary.click("保存")
    assert not secretary.errors(), secretary.errors()
    assert TITLE in secretary.text("h1")

    member.page.goto(member.url("/p/member/"))
    member.check()
    member.click("联创共建活动", role="link", exact=False)
    card = member.page.locator("[data-activity]", has_text=TITLE)
    assert card.count() == 1, member.text()
    member.step("党员在“联创共建活动”里看到报到社区发布的活动，点“报名”。", focus=card)
    member.click("报名", within=card)
    assert "已报名" in member.message()
    member.step("报名成功，活动旁显示“已报名”。活动开始前可以取消报名。",
                focus=member.page.locator("[data-activity]", has_text=TITLE))

    secretary.page.reload()
    secretary.check()
    signups = secretary.page.get_by_test_id("signups")
    assert member.name in signups.inner_text() and "已报名" in signups.inner_text()
    with secretary.popup("打印签到码") as sheet:
        assert sheet.locator("svg").count() == 1
        check = sheet.get_by_test_id("checkin-url").inner_text().strip()
        secretary.step("活动当天，组织者打开活动页，点“打印签到码”，在活动现场张贴或投屏签到二维码。")
    assert "/p/cobuild/check/" in check, check

    member.open(urlparse(check).path)
    assert TITLE in member.page.get_by_test_id("activity-title").inner_text()
    member.step("党员到场后扫活动签到码，看到活动名称、时间和地点，点“确认签到”。")
    member.click("确认签到")
    assert "签到成功" in member.page.get_by_test_id("checkin-message").inner_text()
    member.step("签到成功。活动开始前30分钟到结束后30分钟内可以签到，重复扫码不会重复记录。")

    secretary.page.reload()
    secretary.check()
    assert secretary.page.get_by_test_id("checked-in-count").inner_text() == "1"
    row = secretary.page.get_by_test_id("signups").locator("tbody tr", has_text=member.name)
    assert "已签到（扫码）" in row.inner_text()
    secretary.step("组织者刷新活动页：扫码签到的党员显示“已签到”和签到时间，计入本社区在职党员的参与率。",
                   focus=secretary.page.get_by_test_id("signups"))

    member.page.goto(member.url("/p/member/"))
    member.check()
    member.click("我的积分确认", role="link", exact=False)
    first = member.page.get_by_test_id("ack-ledger").locator("[data-entry]").first
    member.step("在“我的积分确认”里逐笔核对积分：无误点“确认”；有出入点“有异议”，写明理由后由支部书记核实答复。",
                focus=first)
    member.click("确认", within=first)
    assert "已确认" in member.message()
    member.click("大字模式")
    assert member.page.locator(".dj-xl").count() == 1
    member.step("年纪大的党员可以点页面下方的“大字模式”，字号和按钮都会放大，再点一次恢复。")
