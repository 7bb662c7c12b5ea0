"""双培四联三帮带: the two-new organization's secretary and the street keep the pairings, link activities and helps;
a community beside it does not see them; outcomes go through the workflow; the figures and the annual report count
them. Read-only staff open every record's page (no 修改); a concluded pairing is no longer changed; the
organization page's counts link to lists of exactly the rows counted."""

import re
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from dangjian.core import metrics
from dangjian.core.roles import Role
from dangjian.orgs.choices import CultivationDirection, CultivationStatus, DemoSiteType, HelpKind, LinkKind, OrgKind
from dangjian.orgs.models import Cultivation, HelpRecord, LinkActivity, Organization, RoleAssignment
from dangjian.people.models import Person
from dangjian.testing import world

pytestmark = pytest.mark.django_db


def _site():
    return Organization.objects.get(path__startswith=world.street().path, kind=OrgKind.TWO_NEW_ORG,
                                    demo_site=DemoSiteType.TWO_NEW)


def _two_new_secretary(site):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("two_new_sec", password="x")
    RoleAssignment.objects.create(user=user, organization=site, role=Role.BRANCH_SECRETARY,
                                  start=timezone.localdate() - timedelta(days=400))
    return user


def _people(site, n=2):
    return list(Person.objects.filter(organization__path__startswith=site.path).order_by("pk")[:n])


def _pairing(site, **extra):
    person, mentor = _people(site)
    data = {"organization": site, "direction": CultivationDirection.BACKBONE_TO_MEMBER, "person": person,
            "mentor": mentor, "start": timezone.localdate() - timedelta(days=200)}
    return Cultivation.objects.create(**{**data, **extra})


def test_it_lets_the_two_new_secretary_add_a_pairing_as_a_browser_sends_it(client):
    site = _site()
    client.force_login(_two_new_secretary(site))
    person, mentor = _people(site)
    start = timezone.localdate() - timedelta(days=30)
    response = client.post(reverse("orgs:cultivation_add"), {
        "organization": site.pk, "direction": CultivationDirection.BACKBONE_TO_MEMBER, "person": person.pk,
        "mentor": mentor.pk, "start": start.isoformat(), "goal": "培养成为党员"})
    assert response.status_code == 302, response.content.decode()[:2000]
    made = Cultivation.objects.get(person=person, start=start)
    assert made.status == CultivationStatus.ONGOING
    page = client.get(made.get_absolute_url()).content.decode()
    assert person.name in page and "登记培养结果" in page


def test_it_refuses_a_mentor_who_is_the_person_and_keeps_nothing(client):
    site = _site()
    client.force_login(_two_new_secretary(site))
    person = _people(site, 1)[0]
    before = Cultivation.objects.count()
    response = client.post(reverse("orgs:cultivation_add"), {
        "organization": site.pk, "direction": CultivationDirection.MEMBER_TO_BACKBONE, "person": person.pk,
        "mentor": person.pk, "start": timezone.localdate().isoformat()})
    assert response.status_code == 200
    assert "联系人不能是培养对象本人" in response.content.decode()
    assert Cultivation.objects.count() == before


def test_it_shows_the_records_to_the_street_but_not_to_a_community_beside_them(login):
    site = _site()
    pairing = _pairing(site)
    LinkActivity.objects.create(organization=site, link=LinkKind.RESOURCE, date=timezone.localdate(),
                                content="共享活动室开展培训", partner="和平社区")
    street = login("street_admin").get(reverse("orgs:link_list")).content.decode()
    assert "共享活动室开展培训" in street
    secretary_a = login("secretary_a")
    assert "共享活动室开展培训" not in secretary_a.get(reverse("orgs:link_list")).content.decode()
    assert secretary_a.get(pairing.get_absolute_url()).status_code == 404
    assert login("member").get(reverse("orgs:cultivation_list")).status_code == 404


def test_it_records_an_outcome_once_with_its_history(client):
    site = _site()
    pairing = _pairing(site)
    client.force_login(_two_new_secretary(site))
    on = timezone.localdate()
    url = reverse("orgs:cultivation_conclude", kwargs={"pk": pairing.pk})
    page = client.get(pairing.get_absolute_url()).content.decode()
    assert '<option value="" selected>请选择</option>' in page  # nothing preselected: success takes a choice
    client.post(url, {"status": "", "on": on.isoformat(), "outcome": ""})
    pairing.refresh_from_db()
    assert pairing.outcome_on is None
    client.post(url, {"status": CultivationStatus.ACHIEVED, "on": on.isoformat(), "outcome": "已接收为预备党员"})
    pairing.refresh_from_db()
    assert (pairing.status, pairing.outcome_on) == (CultivationStatus.ACHIEVED, on)
    assert pairing.outcome_label == "已发展为党员"
    entry = LogEntry.objects.get_for_object(pairing).filter(additional_data__step="登记培养结果")
    assert entry.exists()
    response = client.post(url, {"status": CultivationStatus.ENDED, "on": on.isoformat(), "outcome": "调离"},
                           follow=True)
    assert "该结对已登记培养结果" in response.content.decode()
    pairing.refresh_from_db()
    assert pairing.status == CultivationStatus.ACHIEVED


def test_it_refuses_an_outcome_before_the_pairing_began(client):
    site = _site()
    pairing = _pairing(site)
    client.force_login(_two_new_secretary(site))
    early = pairing.start - timedelta(days=1)
    response = client.post(reverse("orgs:cultivation_conclude", kwargs={"pk": pairing.pk}),
                           {"status": CultivationStatus.ACHIEVED, "on": early.isoformat()}, follow=True)
    assert "结果日期不能早于结对日期" in response.content.decode()
    pairing.refresh_from_db()
    assert pairing.status == CultivationStatus.ONGOING


def _value(key, org):
    today = timezone.localdate()
    return metrics.value(key, metrics.Scope(), org, today.replace(month=1, day=1), today)


def test_it_counts_people_cultivated_links_and_helps_in_the_figures():
    site = _site()
    keys = ("two_new_cultivated_members", "two_new_cultivated_backbones", "two_new_link_activities",
            "two_new_helps", "two_new_links_service", "two_new_helps_skill", "two_new_pairings")
    before = {k: _value(k, world.street()) for k in keys}
    today = timezone.localdate()
    _pairing(site, status=CultivationStatus.ACHIEVED, outcome_on=today)
    _pairing(site, direction=CultivationDirection.MEMBER_TO_BACKBONE, status=CultivationStatus.ACHIEVED,
             outcome_on=today)
    _pairing(site, status=CultivationStatus.ACHIEVED, outcome_on=today.replace(month=1, day=1) - timedelta(days=1))
    LinkActivity.objects.create(organization=site, link=LinkKind.SERVICE, date=today, content="上门检修")
    HelpRecord.objects.create(organization=site, kind=HelpKind.SKILL, date=today, helper="社区党委", content="带徒")
    after = {k: _value(k, world.street()) for k in keys}
    assert {k: after[k] - before[k] for k in keys} == {
        "two_new_cultivated_members": 1, "two_new_cultivated_backbones": 1, "two_new_link_activities": 1,
        "two_new_helps": 1, "two_new_links_service": 1, "two_new_helps_skill": 1, "two_new_pairings": 2}


def test_it_writes_the_two_new_paragraph_from_the_records_every_number_a_figure():
    from dangjian.reports.composer import compose
    from dangjian.reports.figures import Figure

    site = _site()
    today = timezone.localdate()
    _pairing(site, status=CultivationStatus.ACHIEVED, outcome_on=today)
    LinkActivity.objects.create(organization=site, link=LinkKind.ORGANIZATION, date=today, content="签订联建协议",
                                partner="测试联建社区")
    HelpRecord.objects.create(organization=site, kind=HelpKind.THOUGHT, date=today, helper="测试帮带单位",
                              content="专题党课")
    report = compose(world.street(), today.year, metrics.Scope(world.user("street")))
    block = next(b for b in report.blocks if "双培四联三帮带”工作法：" in b.text)
    assert "测试联建社区" in block.text and "测试帮带单位" in block.text and "培养成党员" in block.text
    words = "".join(p for p in block.parts if isinstance(p, str))
    assert not re.search(r"\d", words.replace("“双培四联三帮带”", ""))  # no number typed in: all are figures
    figures = {p.key: p.value for p in block.parts if isinstance(p, Figure)}
    assert figures["two_new_cultivated_members"] == _value("two_new_cultivated_members", site)
    assert figures["two_new_links_organization"] == _value("two_new_links_organization", site)


def test_it_sums_up_the_method_on_the_two_new_organizations_page(login):
    site = _site()
    _pairing(site, status=CultivationStatus.ACHIEVED, outcome_on=timezone.localdate())
    page = login("street_admin").get(site.get_absolute_url()).content.decode()
    assert "“双培四联三帮带”工作法" in page
    expected = Cultivation.objects.filter(organization=site).count()
    assert f"双培结对 {expected} 个" in page


# -- pages for everyone who sees a record; changes only where `may_edit_two_new` allows ---------------------------


def _row_links(html: str) -> list[str]:
    """The first-column links of a list page's rows (one per row)."""
    body = html.split('data-testid="rows"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr><td><a href="([^"]+)"', body)


def _community_records(letter="a"):
    org = Organization.objects.get(name=f"{world.community(letter).short_name}{world.COMMUNITY_TWO_NEW}")
    return org, LinkActivity.objects.get(organization=org), HelpRecord.objects.get(organization=org)


@pytest.mark.parametrize("persona", ["cadre", "district_viewer"])
def test_it_opens_link_and_help_records_to_read_only_staff_without_an_edit_button(login, persona):
    _org, link, help_record = _community_records()
    client = login(persona)
    for record, list_name, edit_name in ((link, "orgs:link_list", "orgs:link_edit"),
                                         (help_record, "orgs:help_list", "orgs:help_edit")):
        detail = record.get_absolute_url()
        assert detail in _row_links(client.get(reverse(list_name)).content.decode())
        page = client.get(detail)
        assert page.status_code == 200
        html = page.content.decode()
        assert record.content in html and record.organization.name in html
        edit = reverse(edit_name, kwargs={"pk": record.pk})
        assert edit not in html
        assert client.get(edit).status_code == 403
        assert client.post(edit, {"content": "改写"}).status_code == 403
        record.refresh_from_db()
        assert record.content != "改写"


def test_it_lets_the_community_keep_its_two_new_organizations_records_and_hides_them_beside_it(login):
    org, link, help_record = _community_records("a")
    secretary_a, secretary_b = login("secretary_a"), login("secretary_b")
    for record, edit_name in ((link, "orgs:link_edit"), (help_record, "orgs:help_edit")):
        html = secretary_a.get(record.get_absolute_url()).content.decode()
        assert reverse(edit_name, kwargs={"pk": record.pk}) in html  # the button, by the same predicate
        assert secretary_b.get(record.get_absolute_url()).status_code == 404
    response = secretary_a.post(reverse("orgs:link_edit", kwargs={"pk": link.pk}), {
        "organization": org.pk, "link": link.link, "date": link.date.isoformat(), "partner": link.partner,
        "content": "护理员党员上门测量血压并讲解用药", "participants": 8})
    assert response.status_code == 302 and response["Location"] == link.get_absolute_url()
    link.refresh_from_db()
    assert (link.content, link.participants) == ("护理员党员上门测量血压并讲解用药", 8)


def test_it_keeps_a_concluded_pairing_as_it_was_recorded(login):
    from dangjian.core.workflow import Refused
    from dangjian.orgs import two_new_actions

    site = _site()
    pairing = _pairing(site)
    street = login("street_admin")
    edit = reverse("orgs:cultivation_edit", kwargs={"pk": pairing.pk})
    assert edit in street.get(pairing.get_absolute_url()).content.decode()  # ongoing: 修改 shown
    two_new_actions.conclude_cultivation(world.user("street"), pairing, CultivationStatus.ACHIEVED,
                                         timezone.localdate(), "已接收为预备党员")
    pairing.refresh_from_db()
    assert edit not in street.get(pairing.get_absolute_url()).content.decode()
    response = street.get(edit)
    assert response.status_code == 409
    assert "该结对已登记培养结果（已发展为党员），不能再修改" in response.content.decode()
    other = _people(site, 3)[2]
    response = street.post(edit, {"organization": site.pk, "direction": CultivationDirection.MEMBER_TO_BACKBONE,
                                  "person": other.pk, "mentor": pairing.mentor_id,
                                  "start": (pairing.start - timedelta(days=30)).isoformat()})
    assert response.status_code == 409
    kept = Cultivation.objects.get(pk=pairing.pk)
    assert (kept.person_id, kept.direction, kept.start) == (pairing.person_id, pairing.direction, pairing.start)
    with pytest.raises(Refused) as refused:  # the action refuses too, whoever calls it
        pairing.direction = CultivationDirection.MEMBER_TO_BACKBONE
        two_new_actions.save_two_new_record(world.user("street"), pairing)
    assert refused.value.status == 409
    assert Cultivation.objects.get(pk=pairing.pk).direction == CultivationDirection.BACKBONE_TO_MEMBER


def test_it_links_the_organizations_counts_to_lists_of_exactly_those_records(login):
    from dangjian.orgs import actions

    site = _site()
    _pairing(site)
    LinkActivity.objects.create(organization=site, link=LinkKind.ACTIVITY, date=timezone.localdate(), content="联办")
    # An organization whose name contains the site's: a search by name would count its records too.
    namesake = actions.create_organization(site.parent_org(), name=f"{site.name}二分部", kind=OrgKind.TWO_NEW_ORG)
    person, mentor = _people(site)
    Cultivation.objects.create(organization=namesake, direction=CultivationDirection.BACKBONE_TO_MEMBER,
                               person=person, mentor=mentor, start=timezone.localdate())
    LinkActivity.objects.create(organization=namesake, link=LinkKind.SERVICE, date=timezone.localdate(),
                                content="分部服务")
    HelpRecord.objects.create(organization=namesake, kind=HelpKind.SKILL, date=timezone.localdate(),
                              helper="分部", content="带徒")
    client = login("street_admin")
    card = client.get(site.get_absolute_url()).content.decode().split('data-testid="two-new-method"', 1)[1]
    found = re.findall(r'<a href="([^"]+)">(?:双培结对|四联活动|三帮带记录) (\d+) [个次]</a>', card)
    assert len(found) == 3
    expected = [Cultivation.objects.filter(organization=site).count(),
                LinkActivity.objects.filter(organization=site).count(),
                HelpRecord.objects.filter(organization=site).count()]
    assert [int(n) for _url, n in found] == expected
    for (url, n), model in zip(found, (Cultivation, LinkActivity, HelpRecord), strict=True):
        rows = _row_links(client.get(url.replace("&amp;", "&")).content.decode())
        assert len(rows) == int(n), url
        assert {r.get_absolute_url() for r in model.objects.filter(organization=site)} == set(rows)
