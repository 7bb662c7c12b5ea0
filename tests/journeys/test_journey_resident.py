"""A resident, on the phone, gives an opinion on an item being drafted and reports 社情民意 with a photo; the grid
worker and the community handle it; the resident says it is not fixed, and the street sees it reopened."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

OPEN_ITEM = "社区健身器材更新选址"
REPORT = "6号楼前井盖松动"


def test_a_residents_voice_goes_from_the_phone_to_the_grid_and_back_to_the_level_above(journey):
    j = journey("resident", "居民提意见、反映社情民意，问题办结后回访，未解决转上一级办理")

    resident = j.actor("resident", "resident", phone=True)
    resident.nav("居民议事")
    item = resident.page.locator("[data-decision]", has_text=OPEN_ITEM)
    assert item.count() == 1, "the item being drafted is not on the resident's page"
    resident.step("居民在手机菜单里打开“居民议事”，“正在征求意见”列出社区拟定、征求意见中的事项。", focus=item)
    resident.click("提意见", role="link", within=item)
    resident.fill("我的意见", "建议放在篮球场旁边的空地，离住户远一些，晚上锻炼也不扰民。")
    resident.step("写下意见；愿意公开姓名的可以署名，不填就是匿名。")
    resident.click("提交意见")
    assert "意见已提交" in resident.message()

    resident.click("我要反映", role="link")
    resident.fill("反映的事情", REPORT)
    resident.fill("具体情况", "井盖一踩就晃，晚上看不清，老人孩子容易绊倒。")
    resident.fill("地点", "6号楼南门口")
    resident.attach("照片", "井盖照片.png")
    resident.step("点“我要反映”，写明事情、地点，拍一张现场照片，提交后直接送到本网格的网格员。")
    resident.click("提交")
    assert "已提交" in resident.message()
    mine = resident.page.locator("[data-testid=my-reports] li", has_text=REPORT)
    assert "待处理" in mine.inner_text()
    resident.step("提交后在“居民议事”里能看到自己反映的事情和办理状态。", focus=mine)

    grid = j.actor("grid", "grid")
    waiting = grid.page.get_by_role("link", name="本网格居民反映的社情民意")
    grid.step("网格员的“我的待办”里出现“本网格居民反映的社情民意”，上门核实。", focus=waiting)
    grid.follow(waiting)
    assert REPORT in grid.text("main")

    secretary = j.actor("secretary", "secretary_a")
    secretary.page.goto(secretary.url("/governance/decisions/"))
    secretary.click(OPEN_ITEM, role="link", exact=False)
    opinions = secretary.page.locator("[data-testid=opinions]")
    assert "篮球场旁边" in opinions.inner_text() and "匿名居民" in opinions.inner_text()
    secretary.step("社区书记打开事项，看到居民在手机上提的意见；完成“征求意见”时，意见数已含这些在线意见。",
                   focus=opinions)
    secretary.page.goto(secretary.url("/"))
    secretary.follow(secretary.page.get_by_role("link", name="待处理的社情民意"))
    secretary.click(REPORT, role="link", exact=False)
    assert "6号楼南门口" in secretary.text("main")
    assert secretary.page.locator("[data-testid=report-photo]").count() == 1
    secretary.step("打开居民反映的事情，有地点、所在网格和现场照片，点“转入问题清单”。")
    secretary.click("转入问题清单")
    secretary.click(REPORT, role="link", exact=False)
    secretary.fill("整改结果", "已更换井盖并加固")
    secretary.attach(secretary.page.locator("form[action$='/resolve/'] input[type=file]"), "井盖整改.png")
    secretary.click("标记已整改")
    assert "已整改" in secretary.text("h1")
    secretary.step("整改后填写结果、上传照片，点“标记已整改”；系统随即请反映问题的居民评价。")

    resident.page.goto(resident.url("/p/voice/"))
    resident.check()
    asked = resident.page.locator("[data-testid=asked] a", has_text=REPORT)
    assert asked.count() == 1, "the resident is not asked whether it was fixed"
    resident.step("居民的“居民议事”顶部出现“问题解决了吗？”，通知里也有提醒。", focus=asked)
    resident.follow(asked)
    resident.page.locator("label", has_text="未解决").click()
    resident.page.locator("label", has_text="2分").click()
    resident.fill("还想说的", "新井盖还是会响，晚上踩上去晃。")
    resident.step("居民实地看过后选择“已解决”或“未解决”，打1到5分，写下还有什么问题。")
    resident.click("提交答复")
    assert "转上一级党组织继续办理" in resident.message()

    street = j.actor("street", "street")
    street.page.goto(street.url("/notifications/"))
    note = street.page.get_by_text(f"居民反馈未解决：{REPORT}").first
    street.step("街道（上一级党组织）收到通知：居民反馈未解决，问题已转到街道办理。", focus=note)
    street.page.goto(street.url("/ledgers/problems/"))
    street.click(REPORT, role="link", exact=False)
    assert "待整改" in street.text("h1")
    history = street.history()
    assert "居民反馈未解决，转上一级办理" in history and "新井盖还是会响" in history
    street.step("打开问题，状态回到“待整改”，责任组织是街道，操作记录写明居民反馈未解决和原因。",
                focus=street.page.get_by_role("heading", name="操作记录"))

    resident.page.goto(resident.url("/p/voice/"))
    resident.check()
    resident.click("两公开", role="link")
    progress = resident.page.locator("[data-testid=problems] li", has_text=REPORT)
    assert "居民反馈未解决，上级办理中" in progress.inner_text()
    assert resident.name not in resident.text("main"), "the public board names a resident"
    resident.step("社区的“两公开”页面不用登录也能打开（可印成二维码贴在公开栏），公布决议、办理结果和居民反映问题的"
                  "进展、满意率，不显示任何居民的姓名和联系方式。", focus=progress)
