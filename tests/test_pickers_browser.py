"""A long picker in a real browser: typing pinyin initials offers the person, and the form saves them."""


import pytest

from dangjian.testing.journey import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_typing_pinyin_initials_offers_the_person_and_the_group_saves(page):
    from playwright.sync_api import expect

    from dangjian.care.models import HelpGroup, ResidentFile
    from dangjian.core.pickers import SEARCH_ABOVE
    from dangjian.people.models import Person
    from dangjian.testing import world

    community = world.community("a")
    for i in range(SEARCH_ABOVE + 5):
        Person.objects.create(organization=community, name=f"测试居民{i:02d}")
    wang = Person.objects.create(organization=community, name="王建华")
    file = world.sample(ResidentFile, community)
    before = set(HelpGroup.objects.filter(file=file).values_list("pk", flat=True))

    sign_in(page, "secretary_a")
    page.goto(page.base_url + file.get_absolute_url())
    page.select_option("#id_kind", "one_to_one")
    box = page.locator("#id_members-ts-control")  # Tom Select's typing box in place of the ctrl-click list
    assert box.is_visible() and "tomselected" in page.get_attribute("#id_members", "class")
    box.press_sequentially("wjh")
    offered = page.locator(".ts-dropdown .option")
    expect(offered).to_have_count(1)
    assert offered.all_inner_texts() == [f"王建华（{community.name}）"]
    offered.first.click()
    page.get_by_role("button", name="建立小组").click()
    page.wait_for_load_state()
    assert "已建立帮扶小组" in page.inner_text("body")
    group = HelpGroup.objects.exclude(pk__in=before).get(file=file)
    assert list(group.members.all()) == [wang]


def test_the_roster_is_filtered_by_an_organization_found_by_its_pinyin_initials(browser, live_server):
    """所在组织 holds only the chosen option; the others load as the person types (core/org_options.py)."""
    from django.contrib.auth import get_user_model
    from playwright.sync_api import expect

    from dangjian.members.models import PartyMember
    from dangjian.people.pinyin import full_and_initials
    from dangjian.testing import world
    from dangjian.testing.journey import Journey, JourneyRecord, shots_folder

    community, other = world.community("b"), world.community("a")
    user = get_user_model().objects.get(username="street")
    journey = Journey(browser, live_server.url, JourneyRecord("org-picker", "按组织筛选党员", 0), shots_folder())
    try:
        street = journey.actor("street", "street")
        street.open("/members/")
        page = street.page
        assert page.locator("#id_within option").count() == 1  # 全部 alone: the rest are not on the page
        wrapper = page.locator("#id_within ~ .ts-wrapper")
        height = wrapper.bounding_box()["height"]
        wrapper.locator(".ts-control").click()
        expect(page.locator(".ts-dropdown .option").first).to_be_visible()  # focusing lists the top of the tree
        page.locator("#id_within-ts-control").press_sequentially(full_and_initials(community.name)[1])
        offered = page.locator(".ts-dropdown .option")
        expect(offered).to_have_count(1)
        expect(offered.first).to_have_text(community.name)
        offered.first.click()
        # One line, whatever the name's length: the buttons beside it do not move under the next click.
        assert wrapper.bounding_box()["height"] == height
        street.follow(page.get_by_role("button", name="查询"))
        assert f"within={community.pk}" in page.url
        expected = PartyMember.objects.visible_to(user).filter(branch__path__startswith=community.path).count()
        expect(page.locator("[data-testid=count]").first).to_contain_text(f"共 {expected} 条")
        expect(wrapper.locator(".ts-control .item")).to_have_text(community.name)  # the choice is kept
        # The journeys' own helper picks from it by name, as from any long select.
        street.choose("所在组织", other.name)
        street.follow(page.get_by_role("button", name="查询"))
        assert f"within={other.pk}" in page.url
        street.check()
    finally:
        journey.close()
