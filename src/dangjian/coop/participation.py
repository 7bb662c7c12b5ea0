"""In-service members' participation: the report's "registered with the community but rarely active".

A registered in-service member took part in a period if they joined at least one joint activity or
have confirmed volunteer hours in it. Share = members who took part / members registered, per community.
"""

from collections import defaultdict
from datetime import date

from django.db.models import Count, Q, Sum

from dangjian.members.models import PartyMember
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization


def participation(user, within, start: date, end: date):
    communities = list(Organization.objects.visible_to(user).filter(
        path__startswith=within.path, kind=OrgKind.COMMUNITY_COMMITTEE).order_by("path"))
    members = (PartyMember.objects.active().filter(in_service=True, registered_community__in=communities)
               .annotate(activities=Count("joint_activities", filter=Q(joint_activities__date__gte=start,
                                                                       joint_activities__date__lte=end),
                                          distinct=True))
               .values("pk", "registered_community_id", "activities", "person_id"))
    members = list(members)
    hours = _confirmed_hours([m["person_id"] for m in members], start, end)
    rows = defaultdict(lambda: {"registered": 0, "active": 0})
    for m in members:
        row = rows[m["registered_community_id"]]
        row["registered"] += 1
        if m["activities"] or hours.get(m["person_id"]):
            row["active"] += 1
    result = []
    for c in communities:
        r = rows[c.pk]
        share = r["active"] / r["registered"] * 100 if r["registered"] else 0.0
        result.append({"community": c, "registered": r["registered"], "active": r["active"], "share": share})
    return result


def _confirmed_hours(person_ids, start, end) -> dict:
    from dangjian.services.models import Signup

    rows = (Signup.objects.filter(person_id__in=person_ids, confirmed=True, activity__starts_at__date__gte=start,
                                  activity__starts_at__date__lte=end)
            .order_by().values("person_id").annotate(h=Sum("hours")))
    return {r["person_id"]: r["h"] for r in rows}
