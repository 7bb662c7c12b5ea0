"""Archive metrics, counted for the committee without opening the files (columns carry no names)."""

from datetime import timedelta

from django.db.models import OuterRef, Q, Subquery

from dangjian.core.metrics import Metric as M
from dangjian.core.metrics import metric, register, subtree

from .models import HelpGroup, HelpVisit, ResidentFile

FILE_COLUMNS = (("档案编号", "pk"), ("社区/网格", "organization.name"), ("帮扶等级", "level"))
VISIT_COLUMNS = (("走访日期", "visited_on"), ("档案编号", "file_id"), ("社区/网格", "file.organization.name"))


@metric("resident_files", "民情档案", "份", "期末在档的民情档案（建档日期不晚于期末，未销档或期末后销档）",
        ResidentFile, columns=FILE_COLUMNS, private=True, assessable=False)
def resident_files(base, org, start, end):
    return subtree(base, "organization", org).filter(created__date__lte=end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=end))


@metric("help_visits", "帮扶走访", "次", "期内红色帮扶小组对民情档案对象的走访次数", HelpVisit,
        columns=VISIT_COLUMNS, private=True, month="visited_on")
def help_visits(base, org, start, end):
    return subtree(base, "file__organization", org).filter(visited_on__gte=start, visited_on__lte=end)


@metric("help_visits_on_time", "按期帮扶走访", "次",
        "帮扶走访中距上一次走访（首次走访距建档）不超过该档案帮扶等级规定间隔的", HelpVisit,
        columns=VISIT_COLUMNS, private=True, assessable=False)
def help_visits_on_time(base, org, start, end):
    previous = (HelpVisit.objects.filter(file=OuterRef("file"), visited_on__lt=OuterRef("visited_on"))
                .order_by("-visited_on").values("visited_on")[:1])
    rows = (help_visits(base, org, start, end).annotate(previous=Subquery(previous))
            .values_list("pk", "visited_on", "previous", "file__created", "file__level__visit_interval_days"))
    ok = [pk for pk, day, prev, created, interval in rows
          if day - (prev or created.date()) <= timedelta(days=interval)]
    return help_visits(base, org, start, end).filter(pk__in=ok)


register(M("help_visits_on_time_rate", "帮扶走访及时率", "%", "按期帮扶走访 ÷ 帮扶走访 × 100%",
           ratio=("help_visits_on_time", "help_visits")))


def _groups_of_kind(kind):
    def rows(base, org, start, end):
        # The groups of the files in the archive at the period's end (a closed file's group has stood down).
        return subtree(base, "file__organization", org).filter(kind=kind, file__created__date__lte=end).filter(
            Q(file__closed_on__isnull=True) | Q(file__closed_on__gt=end))

    return rows


for _kind, _label in (("one_to_one", "一对一"), ("many_to_one", "多对一")):
    register(M(f"help_groups_{_kind}", f"{_label}红色帮扶小组", "个",
               f"期末在档民情档案对象的{_label}红色帮扶小组（小组记录无日期，按档案在档情况）", HelpGroup,
               rows=_groups_of_kind(_kind), columns=(("档案编号", "file_id"), ("社区/网格", "file.organization.name"),
                                                   ("形式", "get_kind_display")),
               private=True, assessable=False))
