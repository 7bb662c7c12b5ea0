"""Daily reminders of the pipeline (keys `recruitment:…`, idempotent per step and deadline)."""

from datetime import date

from django.db.models import Q

from dangjian.core.jobs import daily_job
from dangjian.core.notify import notify
from dangjian.orgs.models import RoleAssignment

from ..models import Candidate
from ..reminders import secretaries_by_branch
from .actions import APPROVER_ROLES, approving_org
from .choices import APPROVAL_STEPS, OPEN_STAGES
from .todo import due_soon


def _holders(org, today: date) -> list:
    rows = (RoleAssignment.objects.filter(organization=org, role__in=APPROVER_ROLES, start__lte=today)
            .filter(Q(end__isnull=True) | Q(end__gte=today)).select_related("user"))
    return [r.user for r in rows]


@daily_job("发展党员到期提醒")
def recruitment_reminders(today: date) -> int:
    created = 0
    secretaries = secretaries_by_branch(today)
    approvals = [s.value for s in APPROVAL_STEPS]
    waiting = (Candidate.objects.filter(stage__in=OPEN_STAGES).exclude(next_step="").filter(due_soon(today))
               .exclude(next_step__in=approvals).select_related("person"))
    for c in waiting:
        step, url = c.get_next_step_display(), c.get_absolute_url()
        if c.next_due is not None and c.next_due < today:
            key, title = f"recruitment:overdue:{c.pk}:{c.next_step}", f"{c.person.name}的“{step}”已逾期"
            body = f"办理期限为{c.next_due:%Y年%m月%d日}，请尽快办理。"
        elif c.next_due is not None:
            key, title = f"recruitment:due:{c.pk}:{c.next_step}:{c.next_due}", f"{c.person.name}的“{step}”即将到期"
            body = f"请在{c.next_due:%Y年%m月%d日}前办理。"
        else:
            key, title = f"recruitment:ready:{c.pk}:{c.next_step}:{c.next_from}", f"{c.person.name}即将可以办理“{step}”"
            body = f"{c.next_from:%Y年%m月%d日}起可以办理。"
        for user in secretaries.get(c.branch_id, []):
            created += notify(user, key, title, body, url)
    holders: dict[int, list] = {}
    for c in Candidate.objects.filter(next_step__in=approvals).select_related("person", "branch"):
        org = approving_org(c.branch)
        if org is None:
            continue
        if org.pk not in holders:
            holders[org.pk] = _holders(org, today)
        for user in holders[org.pk]:
            created += notify(user, f"recruitment:approve:{c.pk}:{c.next_step}", f"待审批：{c.person.name}的“"
                              f"{c.get_next_step_display()}”", f"{c.branch.name}已报送，请审批。", c.get_absolute_url())
    return created
