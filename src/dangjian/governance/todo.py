"""What waits in governance: 社情民意 reports to answer or turn into problems."""

from dangjian.core.roles import Role
from dangjian.core.todo import todo

from .actions import REPORT_HANDLERS
from .models import SentimentReport


@todo("reports_to_handle", "待处理的社情民意", roles=REPORT_HANDLERS, order=60,
      columns=(("社区", "community.name"), ("报送时间", "created")), hint="请答复，或转入问题清单整改。")
def reports_to_handle(user):
    return (SentimentReport.objects.reachable_with(user, REPORT_HANDLERS).filter(status=SentimentReport.Status.NEW)
            .select_related("community").order_by("created", "pk"))


@todo("grid_reports", "本网格居民反映的社情民意", roles=frozenset({Role.GRID_WORKER}), order=61,
      columns=(("网格", "grid.name"), ("地点", "location"), ("报送时间", "created")),
      hint="居民在手机上反映的情况：请上门核实，社区答复或转入问题清单后即从这里移出。")
def grid_reports(user):
    """A resident's report waits here, for the workers of the grid it was sent to, until the community acts."""
    return (SentimentReport.objects.visible_to(user).filter(grid__isnull=False, by_resident=True,
                                                           status=SentimentReport.Status.NEW)
            .exclude(reporter=user).select_related("grid").order_by("created", "pk"))
