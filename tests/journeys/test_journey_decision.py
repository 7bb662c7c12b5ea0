"""一征三议两公开: a community decision through all six stages; a vote that passes is published to residents,
a vote that fails ends as 未通过 and is never published."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSING = "小区东门增设电动车充电棚"
FAILING = "拆除小区中心花园改建停车场"
DECISION_TEXT = "在东门空地建充电棚一座，设充电位20个，费用由社区公益金列支"
RESULT_TEXT = "充电棚已建成投用，共20个充电位，居民扫码充电"


def _new_decision(secretary, title: str, background: str) -> None:
    secretary.nav("一征三议两公开")
    secretary.click("新增", role="link")
    community = secretary.field("社区")
    options = [o for o in community.locator("option").all_inner_texts() if o.strip() and "---" not in o]
    assert options, "the secretary has no community to choose"
    community.select_option(label=options[0])
    secretary.fill("事项", title)
    secretary.fill("事项说明", background)


def _complete(secretary, record: str, **extra) -> None:
    """Fill the next stage's form (record, opinions, votes) and press 完成本阶段."""
    secretary.fill("本阶段记录", record)
    for label, value in extra.items():
        secretary.fill(label, str(value))


def test_a_decision_passes_through_six_stages_and_a_rejected_one_is_not_published(journey):
    j = journey("decision", "一征三议两公开：表决通过的事项公开，未通过的不公开")

    secretary = j.actor("secretary", "secretary_a")
    _new_decision(secretary, PASSING, "居民反映电动车在楼道充电存在火灾隐患，拟在东门增设充电棚。")
    secretary.step("社区书记在“一征三议两公开”点“新增”，写明事项和事项说明。")
    secretary.click("保存")
    assert "拟定" in secretary.text("h1")
    stages = secretary.page.locator("[data-testid=stages]")
    secretary.step("保存后，页面列出六个步骤：征求意见、党组织提议、两委商议、居民代表会议决议、决议公开、结果公开。",
                   focus=stages)

    _complete(secretary, "在各楼栋张贴征求意见表，召开楼栋长座谈会", 征集到的意见数=36)
    secretary.step("第一步“征求意见”：写下征求意见的方式和征集到的意见数，点“完成本阶段”。")
    secretary.click("完成本阶段")
    assert "已完成本阶段" in secretary.message()
    assert "征集意见 36 条" in secretary.text("main")
    _complete(secretary, "社区党委会议研究，提出在东门建设充电棚的方案")
    secretary.click("完成本阶段")
    _complete(secretary, "社区“两委”联席会议商议通过方案，报街道备案")
    secretary.attach("附件（会议记录、公示照片等，可多选）", "两委会议记录.png")
    secretary.step("“党组织提议”“两委商议”同样填写记录，可以附上会议记录。")
    secretary.click("完成本阶段")
    assert "居民代表会议决议" in secretary.page.get_by_role("heading", name="办理下一步").inner_text()
    _complete(secretary, "召开居民代表会议，到会代表37人", 赞成=30, 反对=3, 弃权=4)
    secretary.step("“居民代表会议决议”：填写赞成、反对、弃权票数；赞成票超过一半才算通过，未通过时选择终止或退回重新提议。",
                   focus=secretary.page.locator("[data-testid=vote-rule]"))
    secretary.click("完成本阶段")
    votes = secretary.text("[data-testid=votes]")
    assert "赞成 30" in votes and "（通过）" in votes, votes
    _complete(secretary, DECISION_TEXT)
    secretary.attach("附件（会议记录、公示照片等，可多选）", "决议公示.png")
    secretary.step("表决通过后“决议公开”：写明决议内容，上传公示照片。",
                   focus=secretary.page.locator("[data-testid=votes]"))
    secretary.click("完成本阶段")
    assert "决议公开" in secretary.text("h1")

    resident = j.actor("resident", "resident", phone=True)
    board = resident.page.locator("[data-testid=decisions] li", has_text=PASSING)
    assert board.count() == 1, "the published decision is not on the resident's board"
    assert "决议公开" in board.inner_text() and DECISION_TEXT in board.inner_text(), board.inner_text()
    resident.step("居民在手机上的“社区服务”里看到“民主决策公开”：决议内容和居民代表的表决票数。", focus=board)

    _complete(secretary, RESULT_TEXT)
    secretary.step("事项办完后“结果公开”：写明办理结果，六个步骤全部完成。")
    secretary.click("完成本阶段")
    assert "结果公开" in secretary.text("h1")
    assert secretary.page.get_by_role("button", name="完成本阶段").count() == 0
    steps = secretary.page.locator(".card", has=secretary.page.get_by_role("heading", name="办理记录"))
    assert steps.locator("li").count() == 6
    assert secretary.name in steps.inner_text()
    secretary.step("“办理记录”按顺序列出六个步骤的日期、记录、附件和办理人。", focus=steps)

    resident.page.reload()
    resident.check()
    board = resident.page.locator("[data-testid=decisions] li", has_text=PASSING)
    assert "结果公开" in board.inner_text() and RESULT_TEXT in board.inner_text(), board.inner_text()
    resident.step("结果公开后，居民在手机上看到办理结果。", focus=board)

    _new_decision(secretary, FAILING, "部分居民提出把中心花园改为停车场。")
    secretary.click("保存")
    _complete(secretary, "张贴征求意见表", 征集到的意见数=12)
    secretary.click("完成本阶段")
    _complete(secretary, "社区党委提出改建方案")
    secretary.click("完成本阶段")
    _complete(secretary, "两委联席会议商议")
    secretary.click("完成本阶段")
    _complete(secretary, "召开居民代表会议，到会代表31人", 赞成=1, 反对=30, 弃权=0)
    secretary.page.get_by_label("终止办理，事项未通过").check()
    secretary.step("另一事项在居民代表会议上赞成 1 票、反对 30 票：选择“终止办理”。")
    secretary.click("完成本阶段")
    assert "未通过" in secretary.text("h1")
    votes = secretary.text("[data-testid=votes]")
    assert "（未通过）" in votes, votes
    assert secretary.page.get_by_role("button", name="完成本阶段").count() == 0
    rejected = secretary.page.locator("[data-testid=rejected]")
    secretary.step("表决未通过，事项状态为“未通过”，办理终止，不能公开为决议。", focus=rejected)

    secretary.nav("一征三议两公开")
    row = secretary.page.locator("tbody tr", has_text=FAILING)
    assert "未通过" in row.inner_text()
    assert "结果公开" in secretary.page.locator("tbody tr", has_text=PASSING).inner_text()
    secretary.step("事项列表里两个事项一目了然：一个“结果公开”，一个“未通过”。", focus=row)

    resident.page.reload()
    resident.check()
    decisions = resident.page.locator("[data-testid=decisions]")
    assert PASSING in decisions.inner_text()
    assert FAILING not in resident.text("main"), "a rejected decision is on the resident's board"
    resident.step("居民的“民主决策公开”里只有通过并公开的事项，未通过的事项不会出现。", focus=decisions)
