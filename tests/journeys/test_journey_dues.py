"""A branch secretary records a month's dues on one page: ticks who paid (one paid a different amount), saves;
the arrears list and the branch's totals follow, and the member's card shows the month paid. The month is last
month: it has ended, so its unpaid dues are 欠交 (this month's are paid during the month)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _last_month():
    from dangjian.core.dates import add_months
    from dangjian.members.dues.actions import this_month

    return add_months(this_month(), -1)


def _two_owing_members():
    """Two members of the secretary's branch who owe last month only (every other month settled), so paying
    it takes them off the arrears list."""
    from django.db.models import F

    from dangjian.members.models import DuesMonth
    from dangjian.orgs.models import RoleAssignment

    branch = RoleAssignment.objects.get(user__username="branch").organization
    month = _last_month()
    rows = list(DuesMonth.objects.filter(branch=branch, month=month, due_fen__gt=0)
                .select_related("member__person").order_by("member__person__pinyin", "pk")[:2])
    for row in rows:
        DuesMonth.objects.filter(member=row.member).exclude(month=month).update(paid_fen=F("due_fen"))
        DuesMonth.objects.filter(pk=row.pk).update(paid_fen=0, paid_on=None, method="")
        row.refresh_from_db()
    return branch, rows


def _paid_total(branch):
    from django.db.models import Sum

    from dangjian.members.models import DuesMonth
    from dangjian.members.models.dues import yuan

    return yuan(DuesMonth.objects.filter(branch=branch, month=_last_month()).aggregate(s=Sum("paid_fen"))["s"] or 0)


def test_a_branch_secretary_records_a_months_dues_on_one_page(journey):
    from dangjian.members.models.dues import yuan

    branch, (first, second) = _two_owing_members()
    more = second.due_fen + 1000  # paid ten yuan more than due (自愿多交)
    j = journey("dues", "支部书记登记上月党费：勾选已交党员，欠交名单和收缴情况随之更新")

    sec = j.actor("branch", "branch")
    sec.nav("党费欠交")
    arrears = sec.page.get_by_test_id("arrears")
    assert arrears.locator("tr", has_text=first.member.person.name).count() == 1
    sec.step("“党费欠交”列出月末仍未交清党费的党员（本月党费在本月内交纳，不算欠交），连续6个月以上未交的标红提示。",
             focus=arrears)

    sec.nav("党费收缴")
    sec.click("上月", role="link")
    before = sec.page.get_by_test_id("total-paid").inner_text()
    sec.step("“党费收缴”按月显示本支部应交、实交、收缴率和未交清人数，点“上月”“下月”换月份。",
             focus=sec.page.get_by_test_id("dues-totals"))
    sec.click(branch.name, role="link")
    table = sec.page.get_by_test_id("dues-month")
    assert table.is_visible()
    sec.page.get_by_label(f"登记{first.member.person.name}已交").check()
    sec.page.get_by_label(f"登记{second.member.person.name}已交").check()
    amount = sec.page.get_by_label(f"{second.member.person.name}实交金额")
    assert amount.input_value() == yuan(second.due_fen)  # prefilled with what is due
    amount.fill(yuan(more))
    sec.step("支部书记打开本支部上月党费，勾选已交纳的党员；实交金额默认为应交金额，多交或少交的改为实收金额。",
             focus=table)
    sec.click("保存勾选的党员")
    assert "已登记 2 人的党费" in sec.message(), sec.message()
    row = sec.page.get_by_test_id("dues-month").locator("tr", has_text=second.member.person.name)
    assert "已交" in row.inner_text() and yuan(more) in row.inner_text()
    sec.step("保存后两人显示“已交”，交纳日期和方式随之记录；重复提交不会重复登记。", focus=row)

    sec.nav("党费欠交")
    arrears = sec.page.get_by_test_id("arrears")
    assert arrears.locator("tr", has_text=first.member.person.name).count() == 0
    assert arrears.locator("tr", has_text=second.member.person.name).count() == 0
    sec.step("欠交名单中不再有这两名党员。", focus=arrears)

    sec.nav("党费收缴")
    sec.click("上月", role="link")
    after = sec.page.get_by_test_id("total-paid").inner_text()
    assert after == _paid_total(branch) and after != before
    sec.step("本支部上月实交金额和收缴率随之更新。", focus=sec.page.get_by_test_id("dues-totals"))

    sec.open(first.member.get_absolute_url())
    card = sec.page.get_by_test_id("dues-card")
    line = card.locator("li", has_text=f"{first.month:%Y}年{first.month.month}月")
    assert "已交" in line.first.inner_text(), card.inner_text()
    sec.step("党员详情页的“党费”卡片显示该月已交。", focus=card)
