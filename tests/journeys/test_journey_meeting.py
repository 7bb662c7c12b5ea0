"""A branch holds a 主题党日; a member signs in on a phone with the meeting's code and sees the points earned."""

from urllib.parse import urlparse

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TOPIC = "重温入党誓词，学习新修订的党章"


def _room_under_the_yearly_cap(username: str) -> None:
    """Attendance earns at most 40 points a year: a diligent member of the seeded world reaches that by
    December, and then a meeting rightly adds nothing. The journey is about earning: leave this member room."""
    from dangjian.members.actions import ATTENDANCE_RULE, _used
    from dangjian.members.models import PartyMember, PointEntry, PointRule

    rule = PointRule.objects.get(code=ATTENDANCE_RULE)
    member = PartyMember.objects.get(person__user__username=username)
    year = timezone.localdate().year
    entries = PointEntry.objects.filter(member=member, rule=rule, date__year=year).order_by("-date", "-pk")
    while rule.yearly_cap is not None and _used(member, rule, year) + rule.points > rule.yearly_cap:
        entries.first().delete()


def test_a_member_signs_in_to_the_branch_meeting_on_a_phone_and_earns_points(journey):
    j = journey("meeting", "支部开展主题党日，党员手机扫码签到，积分自动到账")
    # The meeting starts now (the clock the server runs on): its sign-in window is open.
    now = timezone.localtime()
    _room_under_the_yearly_cap("member")

    member = j.actor("member", "member", phone=True)
    before = int(member.page.get_by_test_id("my-total").inner_text())
    member.step("党员用手机登录，首页“我的党建”显示本年度积分和在支部的排名。")

    branch = j.actor("branch", "branch")
    branch.nav("组织生活")
    branch.click("新建会议", role="link")
    branch.choose("组织", "东风社区第一党支部")
    branch.choose("会议类型", "主题党日")
    branch.fill("日期", now.date().isoformat())
    branch.fill("开始时间", now.strftime("%H:%M"))
    branch.fill("时长（分钟）", "90")
    branch.fill("地点", "东风社区党群服务中心二楼会议室")
    branch.fill("主题", TOPIC)
    branch.fill("议程", "一、重温入党誓词\n二、集中学习党章\n三、党员交流发言")
    branch.step("支部书记在“组织生活”点“新建会议”，选择会议类型“主题党日”，填写时间、地点、主题和议程。")
    branch.click("保存")
    assert not branch.errors(), branch.errors()
    assert TOPIC in branch.text("h1")
    attendance = branch.page.get_by_test_id("attendance")
    row = attendance.locator("tbody tr", has_text=member.name)
    assert row.count() == 1, f"{member.name} is not expected at the meeting: {attendance.inner_text()}"
    assert "待签到" in row.locator("select option:checked").inner_text(), "nobody is absent before the meeting ends"
    branch.step("保存后，会议页列出本支部应到党员，会议结束前未签到的显示“待签到”。", focus=attendance)

    with branch.popup("打印签到码") as sheet:
        assert sheet.locator("svg").count() == 1
        link = sheet.get_by_test_id("checkin-url").inner_text().strip()
        branch.step("点“打印签到码”，打印或投屏签到二维码；无法扫码的党员，可以把下方的签到链接发到支部群。")
    assert "/checkin/" in link, link

    member.open(urlparse(link).path)
    card = member.text()
    assert TOPIC in card and "主题党日" in card
    member.step("党员用手机扫码（或点开支部群里的签到链接），看到会议的主题、时间和地点，点“确认签到”。")
    member.click("确认签到")
    assert "签到成功" in member.page.get_by_test_id("checkin-message").inner_text()
    member.step("签到成功。会议开始前 30 分钟到结束后 30 分钟内可以签到，重复扫码不会重复计分。")

    branch.page.reload()
    branch.check()
    row = branch.page.get_by_test_id("attendance").locator("tbody tr", has_text=member.name)
    assert "出席" in row.locator("select option:checked").inner_text()
    assert "（扫码）" in row.inner_text()
    present = branch.page.get_by_test_id("present-count").inner_text()
    assert present.startswith("1 /"), present
    branch.step("支部书记刷新会议页：扫码签到的党员自动记为“出席”，并显示签到时间；请假的可在此登记事由。",
                focus=branch.page.get_by_test_id("attendance"))

    member.nav("我的党建")
    after = int(member.page.get_by_test_id("my-total").inner_text())
    assert after > before, f"the member's points did not grow: {before} → {after}"
    assert "扫码签到" in member.text()
    member.step("回到“我的党建”，积分增加了，“我的组织生活”里记下了这次扫码签到。")
    member.click(str(after), role="link", exact=False)
    ledger = member.page.get_by_test_id("my-ledger").inner_text()
    assert f"参加主题党日：{TOPIC}" in ledger, ledger
    member.step("点积分进入“我的积分”，每一笔积分都写明来由，点来由可以打开对应的会议。")
