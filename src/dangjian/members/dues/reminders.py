"""Dues daily jobs: the month's rows generated on (or after) the 1st, and the monthly arrears reminders.

Both are safe to run any number of times a day: generation leaves existing rows alone, and each reminder's
key names the month, so a member or a secretary hears about their arrears once a month."""

from collections import defaultdict
from datetime import date

from django.db.models import Count, Sum

from dangjian.core.dates import add_months
from dangjian.core.jobs import daily_job
from dangjian.core.notify import notify
from dangjian.orgs.models import Organization

from ..actions import BRANCH_KINDS
from ..models import PartyMember
from ..models.dues import DuesMonth
from ..reminders import secretaries_by_branch
from . import actions
from .totals import rate

REMIND_FROM_DAY = 10  # a month's dues are reminded of from the 10th of the following month


@daily_job("生成本月党费")
def generate_dues(today: date) -> int:
    """Every member with a standard and no row this month gets one, in their branch: a member who joins or
    transfers in after the 1st is caught the next day (generation leaves existing rows alone)."""
    month = actions.first_of(today)
    created = 0
    waiting = (PartyMember.objects.active().filter(dues_standards__effective_from__lte=month)
               .exclude(dues_months__month=month))
    branch_ids = set(waiting.order_by().values_list("branch_id", flat=True).distinct())
    for branch in Organization.objects.filter(pk__in=branch_ids, kind__in=BRANCH_KINDS):
        created += actions.generate_month(branch, month)
    return created


@daily_job("党费欠交提醒")
def dues_reminders(today: date) -> int:
    """Members with months before this one still owing hear once a month; their secretaries get the count."""
    if today.day < REMIND_FROM_DAY:
        return 0
    month = actions.first_of(today)
    key = f"{month:%Y-%m}"
    created = 0
    owing = (DuesMonth.objects.in_arrears(month).order_by().values("member_id", "branch_id")
             .annotate(n=Count("id"), fen=Sum("due_fen") - Sum("paid_fen")))
    by_branch = defaultdict(list)
    members = PartyMember.objects.select_related("person__user").in_bulk([r["member_id"] for r in owing])
    for r in owing:
        member = members.get(r["member_id"])
        if member is None:
            continue
        by_branch[r["branch_id"]].append((member, r["n"], r["fen"]))
        user = member.person.user
        if user is not None:
            created += notify(user, f"dues:{member.pk}:{key}", f"党费提醒：您有{r['n']}个月党费未交清",
                              f"共{r['fen'] // 100}.{r['fen'] % 100:02d}元，请及时向支部交纳。", "/members/dues/mine/",
                              "dues")
    secretaries = secretaries_by_branch(today)
    previous = add_months(month, -1)
    for branch_id, rows in by_branch.items():
        last = DuesMonth.objects.filter(branch_id=branch_id, month=previous).aggregate(d=Sum("due_fen"),
                                                                                       p=Sum("paid_fen"))
        shown = rate(last["p"] or 0, last["d"] or 0)
        long = sum(1 for _, n, _ in rows if n >= actions.ARREARS_WARNING_MONTHS)
        body = f"上月收缴率{shown if shown is not None else '—'}%。"
        if long:
            body += f"其中{long}人已欠交{actions.ARREARS_WARNING_MONTHS}个月以上，请及时谈话提醒。"
        for sec in secretaries.get(branch_id, []):
            created += notify(sec, f"dues-sec:{branch_id}:{key}", f"本支部有{len(rows)}名党员党费未交清", body,
                              "/members/dues/arrears/", "dues")
    return created
