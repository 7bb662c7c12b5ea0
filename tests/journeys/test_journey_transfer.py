"""A member's organizational relationship moves between two communities: community A starts the transfer, community
B finds it in its to-do list and accepts; the member leaves A's roster and joins B's."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

REASON = "工作调动，现居住在和平社区"


def _member_and_target():
    """A plain member of community A's first branch (no account, nothing open) and community B's first branch."""
    from dangjian.members.choices import Status
    from dangjian.members.models import PartyMember
    from dangjian.orgs.models import Organization
    from dangjian.testing import world

    a, b = world.community("a"), world.community("b")
    home = Organization.objects.filter(path__startswith=a.path, kind="branch").order_by("path").first()
    target = Organization.objects.filter(path__startswith=b.path, kind="branch").order_by("path").first()
    member = (PartyMember.objects.filter(branch=home, status=Status.NORMAL, person__user__isnull=True, in_service=False)
              .exclude(transfers__status__in=("pending", "issued")).select_related("person", "branch")
              .order_by("pk").first())
    return member, target


def _roster_rows(actor, name):
    actor.nav("党员名册")
    actor.fill("搜索", name, within=actor.page.get_by_test_id("filters"))
    actor.click("查询", within=actor.page.get_by_test_id("filters"))
    return actor.page.locator("[data-testid=member-rows] tbody tr", has_text=name)


def test_a_transfer_between_two_communities(journey):
    member, target = _member_and_target()
    name = member.person.name
    j = journey("transfer", "党员组织关系在两个社区之间转接：转出方发起，接收方在待办中接收")

    sender = j.actor("secretary", "secretary_a")
    sender.nav("组织关系转接")
    sender.step("东风社区党委书记打开“组织关系转接”，这里列出本社区转入、转出和待办理的转接。")
    sender.click("新增", role="link", exact=False)
    sender.choose("党员", f"{name}（{member.branch.name}）")
    sender.choose("接收支部", target.name)
    sender.fill("转接原因", REASON)
    sender.step("点“新增”，选择要转出的党员和本平台内的接收支部，填写转接日期和原因。")
    sender.click("发起转接")
    assert not sender.errors(), sender.errors()
    assert "待接收" in sender.text("h1")
    sender.step("发起后转接显示“待接收”：接收方接收前，党员仍在本社区的名册中。")

    receiver = j.actor("secretary", "secretary_b")
    waiting = receiver.page.get_by_role("link", name="待接收的组织关系转接")
    receiver.step("和平社区党委书记登录，“我的待办”里有“待接收的组织关系转接”。", focus=waiting)
    receiver.follow(waiting)
    receiver.click(name, role="link", exact=False)
    assert REASON in receiver.text("main")
    receiver.step("打开转接，核对党员、转出支部和原因后点“接收”；不符合的点“退回”并写明理由。")
    receiver.click("接收", role="link")
    receiver.step("确认接收日期（默认今天），党员自该日起编入本社区的支部。")
    receiver.click("确认接收")
    assert not receiver.errors(), receiver.errors()
    assert "已接收" in receiver.text("h1")
    receiver.step("接收后转接显示“已接收”，每一步都记在下方的操作记录里。")

    assert _roster_rows(receiver, name).count() >= 1, f"{name} is not in B's roster"
    receiver.step("和平社区的党员名册里已有这名党员，其积分、评优和关怀记录随之转入。")
    assert _roster_rows(sender, name).count() == 0, f"{name} is still in A's roster"
    sender.step("东风社区的党员名册里已查不到这名党员：组织关系自接收之日起转出。")
