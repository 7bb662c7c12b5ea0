"""A grid worker visits a resident on file, records the visit with a photo on the phone; the community sees it."""

from datetime import date

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DONE = "上门送去米油，帮老人预约了下周的家庭医生随访"


def _due(actor) -> str:
    return actor.page.locator("dt:text('下次走访') + dd").inner_text().strip()


def test_a_grid_worker_records_a_help_visit_and_the_community_sees_it(journey):
    j = journey("care", "网格员上门帮扶走访，社区查看走访记录")
    today = timezone.localdate()

    grid = j.actor("grid", "grid", phone=True)
    waiting = grid.page.get_by_role("link", name="帮扶走访逾期的民情档案")
    grid.step("网格员用手机登录，“我的待办”里有“帮扶走访逾期的民情档案”。", focus=waiting)
    grid.follow(waiting)
    rows = grid.page.locator("[data-testid=todo-rows] a")
    late = rows.count()
    assert late >= 1, "the grid worker has no overdue file in the tiny world"
    grid.step("列表里是按帮扶等级已超过走访周期的档案。", focus=rows)
    grid.follow(rows)
    person = grid.text("h1").split()[0].removesuffix("的民情档案")
    before = _due(grid)
    assert date.fromisoformat(before) < today, f"an overdue file shows its next visit on {before}"
    grid.step("打开档案，看到基本情况、帮扶措施和“下次走访”日期（已逾期）。")

    form = grid.page.locator("form[action$='/visits/add/']")
    grid.fill("走访日期", today.isoformat(), within=form)
    assert grid.name in grid.field("走访人", within=form).input_value(), "the visit form does not name the visitor"
    grid.fill("帮扶内容", DONE, within=form)
    grid.attach(form.locator("input[type=file]"), "帮扶走访.png")
    grid.step("上门走访后，在“帮扶走访”里填写走访日期和帮扶内容（走访人已填好），拍照上传，点“登记走访”。",
              focus=form)
    grid.click("登记走访")
    assert "已登记帮扶走访" in grid.message()
    visits = grid.page.locator("[data-testid=visits]")
    assert DONE in visits.inner_text() and "帮扶走访.png" in visits.inner_text()
    after = _due(grid)
    assert date.fromisoformat(after) > today, f"the next visit did not move on: {before} → {after}"
    grid.step("登记后，走访记录里有这次走访和照片，“下次走访”日期自动顺延。", focus=visits)

    grid.nav("首页")
    link = grid.page.get_by_role("link", name="帮扶走访逾期的民情档案")
    if link.count():
        grid.follow(link)
        assert grid.page.locator("[data-testid=todo-rows] a").count() == late - 1
        assert person not in grid.text("[data-testid=todo-rows]")
    grid.step("点菜单里的“首页”回到“我的待办”，这份档案已不在逾期名单里。")

    secretary = j.actor("secretary", "secretary_a")
    secretary.nav("民情档案")
    secretary.fill("姓名", person)
    secretary.click("查询")
    row = secretary.page.locator("[data-testid=files] tbody tr", has_text=person)
    assert today.isoformat() in row.first.inner_text(), "the community's list does not show the latest visit"
    secretary.step("社区书记在“民情档案”里按姓名查到档案，“最近走访”是今天。", focus=row)
    secretary.click(person, role="link")
    visits = secretary.page.locator("[data-testid=visits]")
    assert DONE in visits.inner_text() and grid.name in visits.inner_text(), visits.inner_text()
    history = secretary.history()
    entry = f"登记了{today.month}月{today.day}日的帮扶走访（1 张照片）"
    assert any(line.startswith(f"{grid.name} 于") and entry in line for line in history.splitlines()), history
    assert _due(secretary) == after
    secretary.step("打开档案，看到网格员登记的走访、照片、走访人姓名和顺延后的下次走访日期；操作记录里也有这次登记。",
                   focus=visits)
