from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone
from docx import Document

from dangjian.coop.models import JointActivity
from dangjian.coop.participation import participation
from dangjian.core.workflow import Refused
from dangjian.members.models import PartyMember, PointEntry
from dangjian.people.models import Person
from dangjian.services import actions
from dangjian.services.choices import WishStatus, star_level
from dangjian.services.models import Activity, MicroWish, Signup, StationService, Volunteer
from dangjian.testing import world


def _activity(org, start, **kw):
    return Activity.objects.create(organization=org, title=kw.pop("title", "义务维修"), place="中心",
                                   starts_at=start, ends_at=start + timedelta(hours=2), capacity=kw.pop("capacity", 10),
                                   signup_opens=start - timedelta(days=3), signup_closes=start - timedelta(minutes=1),
                                   **kw)


def test_hours_and_star_come_from_confirmed_records_only(community_a):
    member = world.user("member").person.party_member
    person = member.person
    Signup.objects.filter(person=person).delete()
    StationService.objects.filter(volunteer__person=person).delete()  # station hours count too (test_stations)
    start = timezone.now() - timedelta(hours=3)
    a1, a2 = _activity(community_a, start), _activity(community_a, start, title="环境整治")
    s1 = Signup.objects.create(activity=a1, person=person)
    s2 = Signup.objects.create(activity=a2, person=person)
    user = person.user
    assert actions.check(user, a1, now=start)[1].startswith("签到成功")
    assert "1.5 小时" in actions.check(user, a1, now=start + timedelta(minutes=95))[1]
    with pytest.raises(Refused, match="已签到并签退"):
        actions.check(user, a1, now=start + timedelta(minutes=100))
    actions.check(user, a2, now=start)
    actions.check(user, a2, now=start + timedelta(hours=2))
    assert actions.volunteer_hours(person) == 0  # nothing confirmed yet
    actions.confirm_hours(world.user("secretary_a"), Signup.objects.get(pk=s1.pk))
    assert actions.volunteer_hours(person) == Decimal("1.5")
    assert PointEntry.objects.filter(member=member, source_key=f"activity:{s1.pk}").count() == 1
    assert not Signup.objects.get(pk=s2.pk).confirmed
    assert star_level(Decimal(99)) == "志愿者" and star_level(Decimal(100)) == "一星志愿者"
    assert star_level(Decimal(1500)) == "五星志愿者"


def test_the_volunteer_page_and_certificate_show_the_same_hours(login, community_a):
    volunteer = Volunteer.objects.filter(organization=community_a).select_related("person").first()
    hours = actions.volunteer_hours(volunteer.person)
    client = login("secretary_a")
    assert f"{hours} 小时" in client.get(f"/services/volunteers/{volunteer.pk}/").content.decode()
    response = client.get(f"/services/volunteers/{volunteer.pk}/certificate.docx", {"start": "2000-01-01"})
    text = "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
    assert "志愿服务记录证明" in text and f"共计{hours}小时" in text
    assert volunteer.person.id_number not in text


def test_participation_share_is_members_who_took_part_over_those_registered(community_a, street):
    registered = list(PartyMember.objects.active().filter(in_service=True, registered_community=community_a))
    if len(registered) < 2:
        people = Person.objects.filter(organization__path__startswith=community_a.path, party_member__isnull=True)
        branch = world.user("member").person.party_member.branch
        for p in people[: 2 - len(registered)]:
            registered.append(PartyMember.objects.create(person=p, branch=branch, join_date=date(2000, 1, 1),
                                                         in_service=True, registered_community=community_a))
    today = timezone.localdate()
    year_start = date(today.year, 1, 1)
    active_before = {m.pk for m in registered if m.joint_activities.filter(date__year=today.year).exists()}
    quiet = [m for m in registered if m.pk not in active_before]
    if quiet:
        activity = JointActivity.objects.create(organization=community_a, title="读书会", date=today)
        activity.members.add(quiet[0])
    rows = {r["community"].pk: r for r in participation(world.user("street"), street, year_start, today)}
    row = rows[community_a.pk]
    took_part = PartyMember.objects.filter(pk__in=[m.pk for m in registered]).filter(
        joint_activities__date__gte=year_start).distinct().count()
    assert row["registered"] == len(registered)
    assert row["active"] >= took_part and row["share"] == pytest.approx(row["active"] / row["registered"] * 100)


def test_lists_search_and_export_what_the_page_shows(login, community_a):
    from openpyxl import load_workbook

    from dangjian.services.models import AllianceMember

    AllianceMember.objects.create(organization=community_a, name="老李修车铺", services="修自行车", terms="免费")
    client = login("secretary_a")
    page = client.get("/services/alliance/", {"q": "修车"})
    assert [m.name for m in page.context["object_list"]] == ["老李修车铺"]
    sheet = load_workbook(BytesIO(client.get("/services/alliance/", {"q": "修车", "format": "xlsx"}).content)).active
    assert [c.value for c in sheet[3]][:2] == ["名称", "商户"]
    assert sheet.cell(4, 1).value == "老李修车铺" and sheet.max_row == 4
    assert login("secretary_b").get("/services/alliance/", {"q": "修车"}).context["paginator"].count == 0


def test_a_grid_worker_enters_a_wish_for_a_resident(login, community_a):
    resident = Person.objects.filter(organization__path__startswith=community_a.path).first()
    response = login("secretary_a").post("/services/wishes/add/", {
        "organization": community_a.pk, "resident": resident.pk, "content": "想要一台收音机", "category": "daily"})
    assert response.status_code == 302
    wish = MicroWish.objects.get(content="想要一台收音机")
    assert wish.status == WishStatus.SUBMITTED and wish.submitted_by.username == "secretary_a"
