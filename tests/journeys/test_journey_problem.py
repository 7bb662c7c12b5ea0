"""A problem found on a visit is rectified by the community and verified by the street."""

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PROBLEM = "党群服务中心活动室夜间无人值守"


def test_it_takes_a_problem_from_a_visit_to_the_streets_verification(journey):
    j = journey("problem", "走访发现问题，社区整改，街道验收")
    today = timezone.localdate()

    cadre = j.actor("cadre", "cadre")
    cadre.step("登录后首页是“我的待办”：本周走访了几次社区、有没有待回复的督办，一目了然。")
    cadre.nav("联系点走访")
    cadre.click("记录走访", role="link")
    cadre.choose("走访类型", "走访社区")
    cadre.choose("走访对象（组织）", "东风社区党委")
    cadre.fill("日期", today.isoformat())
    cadre.fill("看（察看了什么）", "察看了党群服务中心和居民议事厅")
    cadre.fill("听（听到的意见）", "居民反映活动室晚上没人管理，设备容易损坏")
    cadre.fill("说（宣传解释了什么）", "宣传了“三张清单”的办理流程")
    cadre.fill("办（办了哪些事）", "与社区书记商定排班方案")
    cadre.attach("照片", "走访照片.png")
    cadre.step("点“记录走访”，按“看、听、说、办”填写本次走访，可以上传现场照片。")
    cadre.fill("发现的问题", PROBLEM)
    cadre.choose("类别", "阵地建设")
    cadre.fill("具体表现", "晚上七点后活动室无人值守")
    cadre.step("走访中发现的问题写在表单下方，保存后自动登记到问题清单。", focus=cadre.field("发现的问题"))
    cadre.click("保存")
    found = cadre.page.get_by_role("link", name=PROBLEM)
    assert found.count() == 1
    cadre.step("保存后，走访记录里列出本次发现的问题，状态为“未整改”。", focus=found)

    secretary = j.actor("secretary", "secretary_a")
    secretary.nav("问题清单")
    secretary.fill("问题", PROBLEM)
    secretary.click("查询")
    secretary.step("社区书记在“问题清单”里按名称查到包联干部登记的问题。")
    secretary.click(PROBLEM, role="link")
    details = secretary.text(".card")
    assert "东风社区党委" in details
    deadline = secretary.page.locator("dt:text('整改时限') + dd").inner_text()
    assert deadline.strip() not in ("", "未定", "—"), f"a problem from a visit has no deadline: {deadline!r}"
    secretary.step("问题详情写明了责任组织和整改时限（按街道规则自动设定），按时限整改。")
    secretary.fill("整改结果", "已安排社区干部和志愿者轮流值守到晚上九点")
    secretary.attach(secretary.page.locator("form[action$='/resolve/'] input[type=file]"), "整改照片.png")
    secretary.step("填写整改结果并上传整改照片作为佐证材料，点“标记已整改”。")
    secretary.click("标记已整改")
    assert "整改照片.png" in secretary.text("main")
    assert "已整改" in secretary.text("h1")
    secretary.step("问题变为“已整改待验收”，等待街道验收。")

    street = j.actor("street", "street")
    waiting = street.page.get_by_role("link", name="待验收的问题")
    street.step("街道登录后，“我的待办”里“待验收的问题”列出了社区报来的整改结果。", focus=waiting)
    street.follow(waiting)
    street.click(PROBLEM, role="link", exact=False)
    assert "整改照片.png" in street.text("main")
    street.step("打开问题，查看整改结果和佐证照片。")
    street.click("验收通过")
    assert "已验收" in street.text("h1")
    history = street.history()
    for sentence in ("标记已整改", "验收通过"):
        assert sentence in history, f"history lacks {sentence}: {history}"
    assert secretary.name in history and street.name in history
    street.step("验收通过后，操作记录里按顺序记下了登记、整改和验收的每一步，以及办理人。",
                focus=street.page.get_by_role("heading", name="操作记录"))

    cadre.page.reload()
    cadre.check()
    assert "已验收" in cadre.text("main")
    cadre.step("回到自己的走访记录，能看到这个问题已经验收。")
