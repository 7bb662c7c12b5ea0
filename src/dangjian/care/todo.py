"""What waits in the archive: files whose help visit is overdue (by their assistance level)."""

from dangjian.core.todo import todo

from .due import overdue
from .models import ResidentFile


@todo("visits_overdue", "帮扶走访逾期的民情档案", roles=ResidentFile.edit_roles, order=70,
      columns=(("网格/社区", "organization.name"),), hint="按帮扶等级，这些档案已超过走访周期，请安排走访并登记。")
def visits_overdue(user):
    late = [f.pk for f in overdue(ResidentFile.objects.visible_to(user))]
    return ResidentFile.objects.filter(pk__in=late).select_related("organization").order_by("pk")
