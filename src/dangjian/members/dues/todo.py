"""What waits in dues work: exemptions for the level above to decide, branches whose month is not recorded."""

from django.db.models import Exists, OuterRef
from django.urls import reverse

from dangjian.core.scope import acts_above_q
from dangjian.core.todo import todo
from dangjian.orgs.models import Organization

from ..actions import BRANCH_KINDS
from ..choices import ACTIVE_STATUSES
from ..models import PartyMember
from ..models.dues import DUES_ROLES, DuesExemption, DuesMonth, ExemptionStatus
from .actions import this_month


@todo("dues_exemptions", "待审批的党费减免", roles=DUES_ROLES, order=57,
      columns=(("党员", "member.person.name"), ("支部", "member.branch.name"), ("理由", "reason")),
      link=lambda e: reverse("dues:exemptions"), hint="支部提出的党费减免，由上级党组织审批后执行。")
def exemptions_to_decide(user):
    return (DuesExemption.objects.visible_to(user)
            .filter(acts_above_q(user, DUES_ROLES, "member__branch"), status=ExemptionStatus.PENDING)
            .exclude(requested_by=user).exclude(member__person__user=user)
            .select_related("member__person", "member__branch").order_by("created", "pk"))


@todo("dues_months_open", "本月党费未生成或未登记的支部", roles=DUES_ROLES,
      order=58, columns=(("支部", "name"),),
      link=lambda b: f"{reverse('dues:month', kwargs={'pk': b.pk})}?month={this_month():%Y-%m}",
      hint="每月生成本支部党费并登记交纳情况；全部交清后不再提示。")
def months_open(user):
    """Branches the user keeps dues for where this month has no rows yet, or none recorded as paid."""
    month = this_month()
    rows = DuesMonth.objects.filter(branch=OuterRef("pk"), month=month)
    members = PartyMember.objects.filter(branch=OuterRef("pk"), status__in=ACTIVE_STATUSES)
    return (Organization.objects.reachable_with(user, DUES_ROLES).filter(kind__in=BRANCH_KINDS)
            .filter(Exists(members))
            .filter(~Exists(rows) | ~Exists(rows.filter(paid_fen__gt=0))).order_by("path"))
