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
