"""Democratic governance metrics: decisions carried through to the published result, supervision."""

from django.db.models import Exists, OuterRef

from dangjian.core.metrics import metric, subtree

from .models import Decision, DecisionStep, Opinion, SentimentReport, SupervisionRecord


@metric("decisions_completed", "民主决策事项", "件", "期内完成“结果公开”的一征三议两公开事项（按结果公开日期）",
        Decision, columns=(("事项", "title"), ("社区", "community.name")))
def decisions_completed(base, org, start, end):
    """Only decisions that stand at 结果公开 now: one voted down (未通过) never gets there, and one sent
    back after its result was published counts again only when it is published again."""
    done = DecisionStep.objects.filter(decision=OuterRef("pk"), stage="publish_result", date__gte=start,
                                       date__lte=end)
    return subtree(base, "community", org).filter(Exists(done), stage="publish_result")


@metric("supervision_records", "四大员监督记录", "条", "期内四大员的监督记录", SupervisionRecord,
        columns=(("日期", "date"), ("社区", "community.name"), ("内容", "get_subject_display")), assessable=False)
def supervision_records(base, org, start, end):
    return subtree(base, "community", org).filter(date__gte=start, date__lte=end)


@metric("resident_opinions", "居民在线意见", "条", "期内居民在手机上对征求意见事项提交的意见", Opinion,
        columns=(("提交时间", "created"), ("事项", "decision.title")), assessable=False)
def resident_opinions(base, org, start, end):
    return subtree(base, "decision__community", org).filter(created__date__gte=start, created__date__lte=end)


@metric("resident_reports", "居民反映社情民意", "条", "期内居民在手机上报送的社情民意", SentimentReport,
        columns=(("报送时间", "created"), ("主题", "topic"), ("社区", "community.name")), assessable=False)
def resident_reports(base, org, start, end):
    return subtree(base, "community", org).filter(by_resident=True, created__date__gte=start,
                                                  created__date__lte=end)
