"""The daily reminder of 换届: six and three months before a term ends, to the organization's secretary and to
the level above (`Organization.parent_org()`); one notice per threshold per term per person (keys `term:`)."""

from datetime import date

from django.db.models import Q

from dangjian.core.dates import add_months
from dangjian.core.jobs import daily_job
from dangjian.core.notify import notify

from .models import RoleAssignment
from .terms import EDIT_ROLES, CommitteeTerm

THRESHOLDS = ((3, "3m", "三个月"), (6, "6m", "六个月"))  # nearest first: a term inside three months gets that one


def holders_at(org_ids, today: date) -> dict[int, list]:
    """{organization id: users holding an edit role at exactly that organization today}."""
    rows = (RoleAssignment.objects.filter(organization_id__in=org_ids, role__in=EDIT_ROLES, start__lte=today)
            .filter(Q(end__isnull=True) | Q(end__gte=today)).select_related("user"))
    found = {}
    for row in rows:
        found.setdefault(row.organization_id, []).append(row.user)
    return found


def threshold_of(term, today: date):
    """(key suffix, words) of the nearest threshold the term has reached and not passed its end, else None."""
    if term.ends_on < today:
        return None
    for months, suffix, words in THRESHOLDS:
        if today >= add_months(term.ends_on, -months):
            return suffix, words
    return None


@daily_job("班子换届提醒")
def term_reminders(today: date) -> int:
    created = 0
    terms = list(CommitteeTerm.objects.filter(closed_on__isnull=True, ends_on__gte=today,
                                              ends_on__lte=add_months(today, 6)).select_related("organization"))
    if not terms:
        return 0
    parents = {t.pk: t.organization.parent_org() for t in terms}
    ids = {t.organization_id for t in terms} | {p.pk for p in parents.values() if p is not None}
    holders = holders_at(ids, today)
    for term in terms:
        found = threshold_of(term, today)
        if found is None:
            continue
        suffix, words = found
        org, parent = term.organization, parents[term.pk]
        title = f"{org.name}班子任期将于{term.ends_on:%Y年%m月%d日}届满"
        body = f"距任期届满不足{words}，请按规定筹备换届选举，选举后在平台登记选举结果并报上级党组织批复。"
        recipients = holders.get(org.pk, []) + (holders.get(parent.pk, []) if parent is not None else [])
        for user in dict.fromkeys(recipients):
            created += notify(user, f"term:{term.pk}:{suffix}", title, body, term.get_absolute_url(), "term")
    return created

