"""Rows the co-building tests build beyond the seeded world."""

from datetime import date

from auditlog.models import LogEntry

from dangjian.members.models import PartyMember
from dangjian.orgs.models import Organization
from dangjian.testing.factories import PersonFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def in_service_members(n: int, registered_with, working_in) -> list[PartyMember]:
    """n in-service members whose branch is at their employer (in `working_in`) and who reported to
    the community `registered_with` (报到), as the report's 党员共管 describes."""
    branch = Organization.objects.filter(path__startswith=working_in.path, kind="branch").order_by("path").first()
    return [
        PartyMember.objects.create(
            person=PersonFactory(organization=branch, name=f"在职党员{i:02d}"), branch=branch,
            join_date=date(2010, 7, 1), in_service=True, employer="市供电公司", registered_community=registered_with,
            registered_on=date(2020, 3, 1))
        for i in range(n)
    ]


def history(obj):
    return list(LogEntry.objects.get_for_object(obj).select_related("actor").order_by("timestamp", "pk"))


def steps_of(obj):
    return [((e.additional_data or {}).get("step"), e.actor.username if e.actor else None,
             (e.additional_data or {}).get("reason")) for e in history(obj) if (e.additional_data or {}).get("step")]
