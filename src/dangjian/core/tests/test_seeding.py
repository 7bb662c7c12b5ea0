"""The larger scales: several districts and streets seeded through the same code as the demo, each part its own.

A district (10 streets) or a city (10 districts) is too big for the suite, so `towns` has their shape at the
tiny world's size — two districts of two streets — and runs the same seeders the same way (each district in
turn, the bulk writer, the accounts of every street). What must hold at any size: every street has its own
committee account that sees its street and nothing else, every district its viewer, ID numbers stay unique
across districts, and the audit chain verifies after the seed.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone

from dangjian.core import bulkload, seeding, trail
from dangjian.core.roles import Role
from dangjian.members.models import Attendance, OrgLifeMeeting, PartyMember, PointEntry, PointRule
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization, RoleAssignment
from dangjian.people.models import Person
from dangjian.services.models import Activity, Volunteer
from dangjian.testing import world

TOWNS = seeding.Scale("towns", 2, 2, 2, 1, 30, districts=2)
SCOPED = (Person, PartyMember, OrgLifeMeeting, Activity, Volunteer)


@pytest.fixture(scope="module")
def towns(django_db_setup, django_db_blocker):
    """Seeded once for the module in a transaction rolled back after it (as the query-count ceilings do)."""
    from django.contrib.auth import get_user_model

    user = get_user_model()
    with django_db_blocker.unblock(), transaction.atomic(), pytest.MonkeyPatch.context() as patch:
        for through in (user.groups.through, user.user_permissions.through):  # the duties' groups: not in wipe()
            through.objects.all()._raw_delete(connection.alias)
        world.wipe()
        patch.setitem(seeding.SCALES, "towns", TOWNS)
        yield seeding.run("towns", out=lambda line: None)
        transaction.set_rollback(True)


def _ids(qs):
    return set(qs.values_list("pk", flat=True))


def test_it_gives_every_street_its_own_committee_account_that_sees_only_that_street(db, towns):
    streets = list(Organization.objects.filter(kind=OrgKind.STREET_COMMITTEE))
    admins = {a.organization_id: a.user for a in RoleAssignment.objects.filter(role=Role.STREET_ADMIN)
              .select_related("user")}
    assert len(streets) == 4 and set(admins) == {s.pk for s in streets}
    for street in streets:
        for model in SCOPED:
            own = _ids(world.sample_qs(model, street))
            assert own, (street.name, model.__name__)
            assert _ids(model.objects.visible_to(admins[street.pk])) == own, (street.name, model.__name__)


def test_it_gives_every_district_its_viewer_who_reads_that_district_only(db, towns):
    districts = list(Organization.objects.filter(kind=OrgKind.DISTRICT))
    viewers = {a.organization_id: a.user for a in RoleAssignment.objects.filter(role=Role.DISTRICT_VIEWER)
               .select_related("user")}
    assert len(districts) == 2 and set(viewers) == {d.pk for d in districts}
    for district in districts:
        own = _ids(Person.objects.filter(organization__path__startswith=district.path))
        assert own and _ids(Person.objects.visible_to(viewers[district.pk])) == own


def test_it_keeps_id_numbers_unique_across_districts_and_the_audit_chain_intact(db, towns):
    hashes = list(Person.objects.exclude(id_hash=None).values_list("id_hash", flat=True))
    assert len(hashes) == len(set(hashes)) > 200
    assert trail.verify() == []
    names = [name for name, _, _ in towns.accounts]
    assert "street" in names and "district" in names  # the demo's own accounts, once


def test_it_refuses_the_city_scale_on_sqlite_in_chinese(db):
    if connection.vendor == "postgresql":
        assert seeding.refusal("city") == ""
        return
    with pytest.raises(CommandError, match="只能生成在 PostgreSQL"):
        call_command("seed", "--scale", "city")
    with pytest.raises(ValueError, match="PostgreSQL"):
        seeding.run("city", out=lambda line: None)


def test_it_writes_in_bulk_the_rows_bulk_create_would(db):
    """The fast writer (executemany on SQLite, COPY on PostgreSQL) stores what the ORM stores."""
    meeting = OrgLifeMeeting.objects.order_by("pk").first()
    members = list(PartyMember.objects.exclude(attendance__meeting=meeting).order_by("pk")[:2])
    rule = PointRule.objects.filter(active=True).order_by("pk").first()
    now = timezone.now()
    Attendance.objects.bulk_create([Attendance(meeting=meeting, member=members[0], status="present", checked_in_at=now,
                                               via_qr=True)])
    bulkload.insert(Attendance, ("meeting_id", "member_id", "status", "checked_in_at", "via_qr"),
                    [(meeting.pk, members[1].pk, "present", now, True)])
    rows = list(Attendance.objects.filter(meeting=meeting, member__in=members).order_by("member_id")
                .values("status", "reason", "checked_in_at", "via_qr"))
    assert rows[0] == rows[1] and rows[0]["checked_in_at"] == now
    day, points = date(2025, 3, 1), Decimal("1.5")
    PointEntry.objects.bulk_create([PointEntry(member=members[0], rule=rule, date=day, points=points, reason="测试")])
    assert bulkload.insert(PointEntry, ("member_id", "rule_id", "date", "points", "reason"),
                           [(members[1].pk, rule.pk, day, points, "测试")]) == 1
    fields = ("rule_id", "date", "points", "reason", "source_key", "status", "created_by_id")
    entries = list(PointEntry.objects.filter(member__in=members, reason="测试").order_by("member_id").values(*fields))
    assert entries[0] == entries[1] and entries[0]["points"] == points
    assert PointEntry.objects.filter(member=members[1], reason="测试").get().created is not None
