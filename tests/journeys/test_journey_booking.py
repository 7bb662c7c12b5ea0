"""A resident books a convenience service on a phone; the community confirms; the resident sees it confirmed."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SERVICE = "老人理发"


def test_a_resident_books_a_service_and_sees_the_community_confirm_it(journey):
    j = journey("booking", "居民预约便民服务，社区确认")

    resident = j.actor("resident", "resident", phone=True)
    menu = resident.page.locator("[data-testid=menu-item]", has_text=SERVICE)
    assert menu.count() == 1, "the service is not on the resident's board"
    resident.step("居民在手机上的“社区服务”里找到“服务菜单”，列出本社区的便民服务和收费方式。", focus=menu)
    resident.follow(menu)
    slot = resident.page.locator("form", has=resident.page.get_by_role("button", name="预约")).first
    when = slot.locator("span").first.inner_text().split("—")[0].strip()
    resident.step("打开服务项目，看到服务提供方和可预约的时段。", focus=slot)
    resident.click("预约", within=slot)
    assert "预约成功" in resident.message()
    booked = resident.page.locator("[data-testid=my-bookings] li", has_text=SERVICE).filter(has_text=when)
    assert booked.count() == 1 and "已预约" in booked.inner_text(), "the booking is not in the resident's list"
    resident.step("选一个时段点“预约”，“我的预约”里出现这次预约，状态为“已预约”。", focus=booked)

    secretary = j.actor("secretary", "secretary_a")
    waiting = secretary.page.get_by_role("link", name="待确认的服务预约")
    secretary.step("社区书记的“我的待办”里有“待确认的服务预约”。", focus=waiting)
    secretary.follow(waiting)
    entry = secretary.page.locator("[data-testid=todo-rows] a", has_text=SERVICE).filter(has_text=resident.name)
    assert entry.count() >= 1, "the new booking is not among the secretary's bookings to confirm"
    secretary.step("列表里是居民新提交、还没确认的预约：服务、时间和预约人。", focus=entry)
    secretary.follow(entry)
    month_day, hour = when.replace("月", "-").replace("日", "").split()
    month, day = month_day.split("-")
    table_time = f"{int(month):02d}-{int(day):02d} {hour}"
    row = (secretary.page.locator("tbody tr", has_text=SERVICE).filter(has_text=resident.name)
           .filter(has_text=table_time))
    assert row.count() == 1, f"the booking of {resident.name} at {table_time} is not in the secretary's list"
    assert "已预约" in row.inner_text()
    secretary.step("在预约列表里看到预约的服务、时段和预约人，点“确认”。", focus=row)
    secretary.click("确认", within=row)
    assert "已更新预约" in secretary.message()
    row = (secretary.page.locator("tbody tr", has_text=SERVICE).filter(has_text=resident.name)
           .filter(has_text=table_time))
    assert "已确认" in row.inner_text()
    assert secretary.page.get_by_role("button", name="已服务").count() >= 1
    secretary.step("确认后状态变为“已确认”；服务完成后再点“已服务”，居民就可以评价。", focus=row)

    resident.page.reload()
    resident.check()
    booked = resident.page.locator("[data-testid=my-bookings] li", has_text=SERVICE).filter(has_text=when)
    assert "已确认" in booked.inner_text(), f"the resident does not see the confirmation: {booked.inner_text()!r}"
    resident.step("居民在“我的预约”里看到预约“已确认”，按时前往即可。", focus=booked)
