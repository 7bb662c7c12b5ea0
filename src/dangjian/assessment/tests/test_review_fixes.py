"""Who sees draft months and breakdowns, frozen catalogue figures, early publishing, odd input, fair medians."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dangjian.assessment import actions, scoring
from dangjian.assessment.analysis import analyse
from dangjian.assessment.models import AssessmentMonth, Indicator, MonthlyScore
from dangjian.assessment.models.scores import Method
from dangjian.coop.models import JointActivity
from dangjian.core import metrics
from dangjian.members.models import PartyMember
from dangjian.testing import world

YEAR = 2018


@pytest.fixture
def admin(db):
    return world.user("street")


@pytest.fixture
def manual(street):
    Indicator.objects.filter(street=street).update(active=False)
    return Indicator.objects.create(street=street, name="基础资料规范", method=Method.MANUAL, max_score=Decimal(10),
                                    weight=Decimal(2), order=1)


def _month(admin, street, month, publish=False):
    obj = actions.open_month(admin, street, YEAR, month)
    actions.compute_month(admin, obj)
    for line in MonthlyScore.objects.filter(month=obj):
        actions.set_score(admin, line, 8, "资料齐全")
    return actions.publish_month(admin, obj) if publish else obj


@pytest.mark.parametrize("persona", ["cadre", "district_viewer", "secretary_a"])
def test_it_shows_a_draft_month_only_to_the_committee(login, admin, street, community_a, manual, persona):
    draft = _month(admin, street, 5)
    client = login(persona)
    assert client.get(reverse("assessment:month", kwargs={"pk": draft.pk})).status_code == 404
    url = reverse("assessment:breakdown", kwargs={"pk": draft.pk, "org_pk": community_a.pk})
    assert client.get(url).status_code == 404
    assert all(row["year"] != YEAR for row in client.get("/api/scores/").json()["results"])
    assert login("street_admin").get(url).status_code == 200


def test_it_keeps_a_published_months_totals_when_the_catalogue_changes(admin, street, community_a, manual):
    published = _month(admin, street, 6, publish=True)
    before = scoring.totals([published])[community_a.pk]
    Indicator.objects.filter(pk=manual.pk).update(weight=Decimal(3), max_score=Decimal(20))
    assert scoring.totals([published])[community_a.pk] == before == Decimal("16.00")


def test_it_refuses_to_change_how_a_published_indicator_is_scored(login, admin, street, manual):
    _month(admin, street, 7, publish=True)
    response = login("street_admin").post(reverse("assessment:indicator_edit", kwargs={"pk": manual.pk}), {
        "street": street.pk, "name": manual.name, "applies_to": "community", "method": "auto",
        "metric": "joint_activities", "target": "2", "max_score": "10", "weight": "2", "order": "1",
        "active": "on"})
    assert response.status_code == 200 and "已用于已发布的月考核" in response.content.decode()
    manual.refresh_from_db()
    assert manual.method == Method.MANUAL


def test_it_refuses_to_publish_a_month_that_has_not_ended(admin, street, manual):
    today = date.today()
    month = actions.open_month(admin, street, today.year, today.month)
    actions.compute_month(admin, month)
    with pytest.raises(ValidationError, match="尚未结束"):
        actions.publish_month(admin, month)
    assert not AssessmentMonth.objects.get(pk=month.pk).is_published


@pytest.mark.parametrize("raw", ["NaN", "Infinity", "abc", "-1", "10.5"])
def test_it_refuses_a_score_that_is_not_a_number_in_range(login, admin, street, community_a, manual, raw):
    month = _month(admin, street, 8)
    line = MonthlyScore.objects.get(month=month, organization=community_a)
    response = login("street_admin").post(reverse("assessment:score_set", kwargs={"pk": line.pk}),
                                          {"score": raw, "reason": "复核"})
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.score == Decimal(8)


def test_it_leaves_a_unit_with_nothing_to_divide_out_of_the_median(db, street):
    communities = list(world.street().get_descendants().filter(kind="community_committee"))
    scope = metrics.Scope()
    families, _ = analyse(scope, street, date(YEAR, 1, 1), date(YEAR, 12, 31))
    coop = next(f for f in families if f["family"] == "coop")
    assert all(coop["table"][c.pk]["inservice_participation"] is None for c in communities)
    assert not [x for x in coop["findings"] if x.key == "inservice_participation"]
    JointActivity.objects.create(organization=communities[0], title="读书会", date=date(YEAR, 3, 3))
    families, _ = analyse(scope, street, date(YEAR, 1, 1), date(YEAR, 12, 31))
    coop = next(f for f in families if f["family"] == "coop")
    assert coop["table"][communities[0].pk]["joint_activities"] == 1


def test_it_shows_a_community_the_in_service_members_who_reported_to_it(community_a, community_b):
    member = PartyMember.objects.filter(branch__path__startswith=community_b.path).first()
    secretary = world.user("secretary_a")
    assert not PartyMember.objects.visible_to(secretary).filter(pk=member.pk).exists()
    PartyMember.objects.filter(pk=member.pk).update(in_service=True, registered_community=community_a,
                                                    employer="市财政局")
    assert PartyMember.objects.visible_to(secretary).filter(pk=member.pk).exists()
    rows = metrics.rows("inservice_registered", metrics.Scope(secretary), community_a, date(2000, 1, 1),
                        date.today())
    assert rows.filter(pk=member.pk).exists()
    assert not PartyMember.objects.visible_to(world.user("secretary_b")).filter(
        pk__in=PartyMember.objects.filter(branch__path__startswith=community_a.path, in_service=False)).exists()


def test_a_branch_books_its_communitys_centre_and_sees_its_booking(login, community_a, community_b):
    from datetime import timedelta

    from django.utils import timezone

    from dangjian.assessment.booking import book_room
    from dangjian.assessment.models import Room, RoomBooking

    branch_user = world.user("branch")
    centre_room = Room.objects.filter(position__organization=community_a, bookable=True).first()
    other_room = Room.objects.filter(position__organization=community_b, bookable=True).first()
    assert not Room.objects.visible_to(branch_user).filter(pk=centre_room.pk).exists()  # not theirs to manage
    assert Room.objects.bookable_for(branch_user).filter(pk=centre_room.pk).exists()
    assert not Room.objects.bookable_for(branch_user).filter(pk=other_room.pk).exists()
    org = world.user("branch").role_assignments.first().organization
    start = timezone.now().replace(microsecond=0) + timedelta(days=30)
    booking = book_room(branch_user, centre_room, org, start, start + timedelta(hours=2), "支部主题党日")
    assert RoomBooking.objects.visible_to(branch_user).filter(pk=booking.pk).exists()
    assert not RoomBooking.objects.visible_to(world.user("secretary_b")).filter(pk=booking.pk).exists()
    assert "支部主题党日" in login("branch").get(reverse("assessment:booking_list")).content.decode()
    with pytest.raises(ValidationError):
        book_room(branch_user, other_room, org, start, start + timedelta(hours=2), "越界预约")
