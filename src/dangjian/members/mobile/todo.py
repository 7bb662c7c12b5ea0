"""What waits in mobile-member work: out-flowing members nobody has contacted for six months."""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from dangjian.core.roles import Role
from dangjian.core.todo import todo

from ..models.mobile import Outflow, OutflowContact

CONTACT_EVERY = timedelta(days=183)  # six months


def contact_cutoff(today=None):
    return (today or timezone.localdate()) - CONTACT_EVERY


@todo("outflows_without_contact", "半年未联系的流动党员", roles={Role.BRANCH_SECRETARY}, order=35,
      columns=(("党员", "member.person.name"), ("流入地", "place"), ("外出日期", "start")),
      hint="外出流动党员每六个月至少联系一次，联系后在流动党员页面登记。")
def outflows_without_contact(user):
    """Open stays of the secretary's branch that began over six months ago with no contact logged since."""
    cutoff = contact_cutoff()
    recent = OutflowContact.objects.filter(outflow=OuterRef("pk"), date__gt=cutoff)
    return (Outflow.objects.editable_by(user).filter(returned_on__isnull=True, start__lte=cutoff)
            .exclude(Exists(recent)).select_related("member__person").order_by("start", "pk"))
