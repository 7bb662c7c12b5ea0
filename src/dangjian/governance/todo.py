"""What waits in governance: 社情民意 reports to answer or turn into problems."""

from dangjian.core.todo import todo

from .actions import REPORT_HANDLERS
from .models import SentimentReport


@todo("reports_to_handle", "待处理的社情民意", roles=REPORT_HANDLERS, order=60,
      columns=(("社区", "community.name"), ("报送时间", "created")), hint="请答复，或转入问题清单整改。")
def reports_to_handle(user):
    return (SentimentReport.objects.reachable_with(user, REPORT_HANDLERS).filter(status=SentimentReport.Status.NEW)
            .select_related("community").order_by("created", "pk"))
