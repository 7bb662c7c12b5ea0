"""A street task is split to the communities; a community reports progress and completes it; the street sees it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TASK = "为独居老人家庭安装烟感报警器"


def shows(percent: str, text: str) -> bool:
    """A whole percent may be written with or without its ".0" ("50%", "50.0%"), never with more digits."""
    return re.search(r"(?<![\d.])" + re.escape(percent) + r"(\.0)?%", text) is not None


def test_a_street_task_goes_down_to_a_community_and_comes_back_done(journey):
    j = journey("task", "街道下达任务，分解到社区，社区登记进展并完成")
    today = timezone.localdate()
    deadline = today + timedelta(days=60)

    street = j.actor("street", "street")
    street.nav("任务清单")
    street.click("新建任务", role="link")
    street.choose("牵头组织", "北关街道党工委")
    street.fill("年度", today.year)
    street.fill("任务", TASK)
    street.choose("类别", "服务群众")
    street.fill("目标值", "25")
    street.fill("单位", "户")
    street.fill("工作措施", "摸清独居老人底数，联系共建单位捐赠烟感报警器，网格员上门安装并讲解使用方法")
    street.fill("完成时限", deadline.isoformat())
    street.step("在“任务清单”点“新建任务”，填写任务名称、目标值和单位、完成时限等。")
    street.click("保存")
    assert TASK in street.text("h1")
    street.step("保存后打开任务详情，右上角有“分解到社区”。")

    street.click("分解到社区", role="link")
    rows = street.page.locator("form tbody tr")
    assert rows.count() == 2, "the tiny world's street has two communities"
    for row, target in zip(rows.all(), ("15", "10"), strict=True):
        row.locator("input[name$='-target_value']").fill(target)
    street.step("为每个社区设定目标值、时限和权重；不需要承担的社区可以删除该行。")
    street.click("确认分解")
    assert "已分解为 2 项社区任务" in street.message()
    children = street.page.get_by_test_id("children")
    assert "东风社区党委" in children.inner_text() and "和平社区党委" in children.inner_text()
    street.step("分解后，任务详情下方列出各社区的目标和进度，总进度按权重自动汇总。", focus=children)

    secretary = j.actor("secretary", "secretary_a")
    secretary.nav("任务清单")
    secretary.fill("任务", TASK)
    secretary.click("查询")
    rows = secretary.page.get_by_test_id("task-rows")
    assert "由北关街道党工委分解下达" in rows.inner_text()
    secretary.step("社区书记在“任务清单”里看到街道分解下达的任务。")
    secretary.click(TASK, role="link")
    assert "东风社区党委" in secretary.text("nav[aria-label='当前位置']")
    secretary.fill("日期", today.isoformat())
    secretary.fill("累计完成值（户）", "11")
    secretary.fill("进展说明", "已为 11 户独居老人安装烟感报警器，其余 4 户约定下周上门")
    secretary.attach(secretary.page.locator("form[action$='/progress/'] input[type=file]"), "安装现场.png")
    secretary.step("打开社区任务，在“登记进展”里填写日期、累计完成值和进展说明，可附现场照片，点“登记”。")
    secretary.click("登记")
    assert "已登记进展" in secretary.message()
    progress = secretary.page.get_by_test_id("progress").inner_text().strip()
    assert progress == "73.3%", f"11 of 15 should read 73.3%, the page shows {progress!r}"
    entries = secretary.text(".card:has(h2:text('进展记录'))")
    assert "73.3%" in entries and "11" in entries and secretary.name in entries
    secretary.step("登记后进度按“完成值 ÷ 目标值”自动折算（11 户 / 15 户 = 73.3%），进展记录只增不改。")

    secretary.fill("日期", today.isoformat())
    secretary.fill("累计完成值（户）", "15")
    secretary.fill("进展说明", "15 户全部安装完毕，已逐户讲解使用方法")
    secretary.click("登记")
    assert shows("100", secretary.page.get_by_test_id("progress").inner_text())
    secretary.attach(secretary.page.locator("form[action$='/done/'] input[type=file]"), "验收单.png")
    secretary.step("全部完成后，上传完成材料，点“标记完成”。")
    secretary.click("标记完成")
    assert "任务已标记完成" in secretary.message()
    assert "已完成" in secretary.text("h1")
    secretary.step("任务标记为“已完成”，完成材料列在佐证材料里。")

    street.nav("任务清单")
    street.fill("任务", TASK)
    street.click("查询")
    rows = street.page.get_by_test_id("task-rows").locator("tbody tr")
    mine = rows.filter(has_text="东风社区党委")
    assert mine.count() == 1 and "已完成" in mine.inner_text() and shows("100", mine.inner_text())
    other = rows.filter(has_text="和平社区党委")
    assert "推进中" in other.inner_text() and shows("0", other.inner_text())
    parent = rows.filter(has_text="已分解 2 项")
    assert parent.count() == 1, rows.all_inner_texts()
    # Each community weighs 1, whatever its target: (100 × 1 + 0 × 1) / 2.
    assert shows("50", parent.inner_text()), parent.inner_text()
    street.step("街道在“任务清单”里看到东风社区已完成、和平社区推进中，街道任务的总进度按权重汇总为 50%。",
                focus=mine)
    street.click(TASK, role="link", within=parent)
    children = street.page.get_by_test_id("children").inner_text()
    assert "已完成" in children and shows("100", children)
    street.step("打开街道任务，逐个社区查看进度、时限和完成情况。")
