"""A branch registers an application and records the talk; the community pre-reviews a development candidate."""

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_branch_registers_an_application_and_the_community_prereviews(journey):
    from dangjian.members.models import Candidate
    from dangjian.people import idcard

    j = journey("recruitment", "支部登记入党申请、谈话，社区党委预审发展对象")
    today = timezone.localdate()

    branch = j.actor("branch", "branch")
    branch.nav("发展党员")
    branch.step("支部书记打开“发展党员”，列表按阶段列出本支部的入党申请人、积极分子、发展对象和预备党员，以及下一步和期限。")
    branch.click("新增", role="link")
    branch.choose("所在支部", "东风社区第一党支部")
    branch.fill("姓名（新登记）", "陈晓雨")
    branch.fill("身份证号（新登记）", idcard.make("110101", today.replace(year=today.year - 24, day=1), 21, "F"))
    branch.fill("入党申请书日期", today.isoformat())
    branch.step("点“新增”，登记入党申请：未在平台登记的申请人填写姓名和身份证号，填写入党申请书日期。")
    branch.click("登记")
    assert not branch.errors(), branch.errors()
    assert "陈晓雨" in branch.text("h1")
    assert "入党谈话" in branch.text("[data-testid=next-step]")
    branch.step("登记后进入申请人页面：下一步是一个月内进行入党谈话，页面写明期限。")
    branch.click("入党谈话", role="link")
    branch.fill("日期", today.isoformat())
    branch.fill("谈话人", "王秀英")
    branch.click("办理")
    assert not branch.errors(), branch.errors()
    assert "入党谈话" in branch.text("[data-testid=timeline]")
    branch.step("办理谈话后，发展过程中记下谈话日期和谈话记录，下一步是确定为入党积极分子。")

    waiting = Candidate.objects.filter(next_step="prereview", branch__name="东风社区第一党支部").first()
    community = j.actor("secretary", "secretary_a")
    community.open(waiting.get_absolute_url())
    community.click("上级党委预审", role="link")
    community.fill("日期", today.isoformat())
    community.step("社区党委书记打开待预审的发展对象，办理“上级党委预审”。")
    community.click("办理")
    assert not community.errors(), community.errors()
    assert "支部大会讨论接收预备党员" in community.text("[data-testid=next-step]")
    community.step("预审后，下一步是支部大会讨论接收预备党员。")
