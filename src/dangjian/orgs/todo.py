"""What waits in organization work: the terms of the organizations below that are overdue for election."""

from django.utils import timezone

from dangjian.core.scope import acts_above_q
from dangjian.core.todo import todo

from .terms import EDIT_ROLES, CommitteeTerm


@todo("terms_overdue", "逾期未换届的下级党组织", roles=EDIT_ROLES, order=36,
      columns=(("组织", "organization.name"), ("届满日期", "ends_on")),
      hint="任期已届满的下级党组织，请督促其按期换届，选举后在换届页面登记。")
def terms_overdue(user):
    """Current terms past their end, of organizations strictly below the user's (the level above acts)."""
    return (CommitteeTerm.objects.visible_to(user).filter(acts_above_q(user, EDIT_ROLES, "organization"),
                                                          closed_on__isnull=True, ends_on__lt=timezone.localdate())
            .select_related("organization").order_by("ends_on", "pk"))
