"""Ledger metrics: problems found, solved and verified, tasks on time, cadres' visits."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from dangjian.core.metrics import Metric as M
from dangjian.core.metrics import metric, register, subtree

from .choices import ProblemStatus, VisitKind
from .models import Problem, ProblemFeedback, ResponsibilityLetter, Task, Visit, VisitRequirement
from .states import leaf_tasks

PROBLEM_COLUMNS = (("发现日期", "found_on"), ("问题", "title"), ("组织", "organization.name"),
                   ("状态", "get_status_display"))
TASK_COLUMNS = (("任务", "title"), ("组织", "organization.name"), ("完成时限", "deadline"), ("完成日期", "done_on"))
VISIT_COLUMNS = (("日期", "date"), ("走访人", "cadre"), ("对象", "organization.name"), ("类型", "get_kind_display"))
SOLVED = (ProblemStatus.RESOLVED, ProblemStatus.VERIFIED, ProblemStatus.CLOSED)


@metric("problems_found", "发现问题", "个", "期内发现并列入问题清单的问题（按发现日期）", Problem,
        columns=PROBLEM_COLUMNS, month="found_on")
def problems_found(base, org, start, end):
    return subtree(base, "organization", org).filter(found_on__gte=start, found_on__lte=end)


@metric("problems_solved", "解决问题", "个", "期内整改完成的问题（按整改完成日期，含其后已验收、已关闭的）", Problem,
        columns=PROBLEM_COLUMNS, month="resolved_on")
def problems_solved(base, org, start, end):
    return subtree(base, "organization", org).filter(status__in=SOLVED, resolved_on__gte=start, resolved_on__lte=end)


@metric("problems_verified", "验收通过的问题", "个", "期内经上级验收通过的问题（按验收日期）", Problem,
        columns=PROBLEM_COLUMNS)
def problems_verified(base, org, start, end):
    return subtree(base, "organization", org).filter(verified_on__gte=start, verified_on__lte=end).exclude(
        verified_on=None)


register(M("problems_verified_rate", "问题整改验收率", "%", "验收通过的问题 ÷ 发现问题 × 100%",
           ratio=("problems_verified", "problems_found")))


@metric("tasks_due", "到期任务", "项",
        "完成时限在期内且已到（不晚于今天）的落实任务（已分解的任务按分解后的任务计）", Task,
        columns=TASK_COLUMNS, assessable=False)
def tasks_due(base, org, start, end):
    # "Due" means the deadline has come: in the current year, tasks due after today are not counted yet.
    last = min(end, timezone.localdate())
    return leaf_tasks(subtree(base, "organization", org)).filter(deadline__gte=start, deadline__lte=last)


@metric("tasks_on_time", "按时完成任务", "项", "到期任务中在完成时限内完成的", Task, columns=TASK_COLUMNS,
        assessable=False)
def tasks_on_time(base, org, start, end):
    from django.db.models import F

    return tasks_due(base, org, start, end).filter(done_on__isnull=False, done_on__lte=F("deadline"))


register(M("tasks_on_time_rate", "任务按时完成率", "%", "按时完成任务 ÷ 到期任务 × 100%",
           ratio=("tasks_on_time", "tasks_due")))


@metric("community_visits", "科级干部走访社区", "次", "包联科级干部期内走访分包社区的次数", Visit,
        columns=VISIT_COLUMNS)
def community_visits(base, org, start, end):
    return subtree(base, "organization", org).filter(kind=VisitKind.COMMUNITY, date__gte=start, date__lte=end)


@metric("household_visits", "走访弱势群体", "户次", "期内走访弱势群体家庭的次数", Visit, columns=VISIT_COLUMNS)
def household_visits(base, org, start, end):
    return subtree(base, "organization", org).filter(kind=VisitKind.HOUSEHOLD, date__gte=start, date__lte=end)


@metric("two_new_visits", "两新组织走访调研", "次", "期内到两新组织走访调研的次数", Visit, columns=VISIT_COLUMNS)
def two_new_visits(base, org, start, end):
    return subtree(base, "organization", org).filter(kind=VisitKind.TWO_NEW, date__gte=start, date__lte=end)


def _visit_requirement_met(scope, org, start, end) -> Decimal:
    """Visits made ÷ visits required (weeks in the period × the weekly requirement), capped at 100%."""
    weeks = max(1, ((end - start) + timedelta(days=1)).days // 7)
    required = weeks * VisitRequirement.current().visits_per_week
    made = community_visits(scope.base(Visit), org, start, end).count()
    return min(Decimal(100), (Decimal(made) / required * 100).quantize(Decimal("0.1"))) if required else Decimal(0)


register(M("cadre_visit_rate", "包联干部走访达标率", "%",
           "期内科级干部走访社区次数 ÷（期内周数 × 每周走访要求）× 100%，最高100%", Visit,
           rows=community_visits, compute=_visit_requirement_met, columns=VISIT_COLUMNS))


@metric("responsibility_letters", "目标责任书", "份", "年度在期内的党建目标责任书（党工委与社区党组织签订）",
        ResponsibilityLetter, columns=(("年度", "year"), ("社区", "community.name"), ("签订日期", "signed_on")),
        assessable=False)
def responsibility_letters(base, org, start, end):
    return subtree(base, "community", org).filter(year__gte=start.year, year__lte=end.year)


@metric("committee_tasks", "本级牵头任务", "项",
        "年度在期内、由本组织牵头的任务（党工委的为其本级任务，社区的含党工委分解给本社区的任务）", Task,
        columns=TASK_COLUMNS, assessable=False, place=None)  # the organization itself, not its subtree
def committee_tasks(base, org, start, end):
    return base.filter(organization=org, year__gte=start.year, year__lte=end.year).exclude(parent__organization=org)


# --- residents' answers on the problems they raised (回访) -------------------------------------------

FEEDBACK_COLUMNS = (("答复时间", "answered_at"), ("问题", "problem.title"), ("社区", "community.name"),
                    ("是否解决", "get_fixed_display"), ("评分", "rating"))


@metric("feedback_answered", "居民回访答复", "件", "期内居民对其反映问题的办理结果作出的答复（按答复日期）",
        ProblemFeedback, columns=FEEDBACK_COLUMNS, assessable=False)
def feedback_answered(base, org, start, end):
    return subtree(base, "community", org).filter(answered_at__date__gte=start, answered_at__date__lte=end)


@metric("feedback_fixed", "居民确认已解决", "件", "期内居民答复“已解决”的", ProblemFeedback,
        columns=FEEDBACK_COLUMNS, assessable=False)
def feedback_fixed(base, org, start, end):
    return feedback_answered(base, org, start, end).filter(fixed=True)


@metric("feedback_rating_total", "居民评分合计", "分", "期内居民答复的满意度评分之和", ProblemFeedback,
        columns=FEEDBACK_COLUMNS, assessable=False, sum_field="rating")
def feedback_rating_total(base, org, start, end):
    return feedback_answered(base, org, start, end)


register(M("resident_satisfaction", "居民满意率", "%",
           "居民反映的问题办结后回访，答复“已解决”的 ÷ 答复总数 × 100%", ratio=("feedback_fixed", "feedback_answered")))
register(M("resident_rating", "居民满意度平均分", "分", "居民评分合计 ÷ 答复总数（1到5分）",
           per=("feedback_rating_total", "feedback_answered")))
