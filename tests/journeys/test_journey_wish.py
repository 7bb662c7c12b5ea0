"""A resident's micro-wish is reviewed by the community, claimed and fulfilled by a volunteer, and confirmed."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WISH = "帮忙给家里的老人换一个楼道声控灯"


def test_a_residents_wish_goes_from_the_phone_to_a_volunteer_and_back(journey):
    j = journey("wish", "居民许微心愿，社区审核，志愿者认领实现，居民确认")

    resident = j.actor("resident", "resident", phone=True)
    assert "/p/" in resident.page.url, f"a resident lands on {resident.page.url}, not on the community board"
    resident.step("居民用手机登录后，首页就是本社区的“社区服务”：微心愿、服务菜单、志愿活动。")
    resident.click("我要许愿", role="link")
    resident.fill("心愿", WISH)
    resident.choose("类别", "维修帮助")
    resident.fill("预算（元）", "30")
    resident.step("点“我要许愿”，写下心愿、选择类别，预算可以不填。")
    resident.click("提交心愿")
    assert "心愿已提交" in resident.message()
    mine = resident.page.locator("li", has_text=WISH)
    assert "待审核" in mine.inner_text()
    resident.step("提交后回到“我的”，心愿显示“待审核”，等社区审核后发布。", focus=mine)

    secretary = j.actor("secretary", "secretary_a")
    waiting = secretary.page.get_by_role("link", name="待审核的微心愿")
    secretary.step("社区书记的“我的待办”里有“待审核的微心愿”。", focus=waiting)
    secretary.follow(waiting)
    secretary.click(WISH, role="link", exact=False)
    assert resident.name in secretary.text("main"), "the secretary does not see who made the wish"
    secretary.step("打开心愿，看清许愿人和内容后，点“审核通过并发布”；不合适的填写原因后退回。")
    secretary.click("审核通过并发布")
    assert "待认领" in secretary.text("h1")
    secretary.step("审核通过后，心愿状态变为“待认领”，发布到社区的心愿墙上。")

    volunteer = j.actor("volunteer", "volunteer", phone=True)
    assert "/p/" in volunteer.page.url, f"a volunteer lands on {volunteer.page.url}, not on the community board"
    card = volunteer.page.locator("[data-wish]", has_text=WISH)
    assert card.count() == 1, "the published wish is not on the volunteer's board"
    volunteer.step("志愿者在手机上的“社区服务”里看到新发布的心愿。", focus=card)
    volunteer.click("认领", within=card)
    assert "认领成功" in volunteer.message()
    claim = volunteer.page.locator("[data-testid=my-claims] li", has_text=WISH)
    assert "已认领" in claim.inner_text()
    volunteer.step("点“认领”后，心愿出现在“我的”里的“我认领的心愿”。", focus=claim)
    volunteer.attach(claim.locator("input[type=file]"), "心愿实现.png")
    volunteer.step("帮居民实现心愿后，拍一张照片上传，点“已实现”。", focus=claim)
    volunteer.click("已实现", within=claim)
    assert "已登记心愿实现" in volunteer.message()
    assert "已实现" in volunteer.page.locator("[data-testid=my-claims] li", has_text=WISH).inner_text()

    resident.page.reload()
    resident.check()
    mine = resident.page.locator("li", has_text=WISH)
    assert "已实现" in mine.inner_text()
    assert volunteer.name in mine.inner_text(), f"the resident does not see who helped: {mine.inner_text()!r}"
    resident.step("居民在“我的”里看到心愿已实现、由哪位志愿者帮助实现，点“确认已实现”。", focus=mine)
    resident.click("确认已实现", within=mine)
    assert "已确认" in resident.message()
    mine = resident.page.locator("li", has_text=WISH)
    assert "已确认" in mine.inner_text() and volunteer.name in mine.inner_text()
    resident.step("确认后，心愿显示“已确认”，并写明帮助实现的志愿者。", focus=mine)

    secretary.page.reload()
    secretary.check()
    details = secretary.text("main")
    assert "已确认" in secretary.text("h1")
    assert volunteer.name in details and "volunteer" not in details, "the wish names an account, not a person"
    history = secretary.history()
    assert volunteer.name in history and resident.name in history
    secretary.step("社区在心愿详情里看到认领人的姓名，操作记录里有提交、审核、认领、实现和确认的每一步。",
                   focus=secretary.page.get_by_role("heading", name="操作记录"))
