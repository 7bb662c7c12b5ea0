"""Assessment pages in the page registry (role × view matrices, query budgets, bench).

Months and rankings hang on the street, not on a community, and once published they are a notice
board for every staff role under that street, so the month, breakdown and ranking pages are opened
on the test world's newest published month or ranking (`Page.kwargs`), and community A's line of
that month for the breakdown. The seed publishes the months before today and ranks the last
finished quarter whatever the date; should there be none, the kwargs name no row (the page answers
404 and the matrix says which) rather than the registry failing. The 404 cases — a draft month,
another community's breakdown — are tested in assessment/tests/test_scores.py.

The steps (compute, publish, score, open a month, publish a ranking) are registered on the rows they
change, so the write matrix posts them as outsiders and read-only roles and checks nothing changes.
"""

from dangjian.core.pages import Page, register
from dangjian.core.roles import Role

from .models import AssessmentMonth, Indicator, MonthlyScore, QuarterlyRanking

NO_ROW = 0  # a primary key no row has


def _newest_published(model, *order):
    from dangjian.testing import world

    return model.objects.filter(street=world.street(), published_at__isnull=False).order_by(*order).first()


def _month_kwargs(_=None) -> dict:
    month = _newest_published(AssessmentMonth, "-year", "-month")
    return {"pk": month.pk if month else NO_ROW}


def _breakdown_kwargs(_=None) -> dict:
    from dangjian.testing import world

    return {**_month_kwargs(), "org_pk": world.community("a").pk}


def _ranking_kwargs(_=None) -> dict:
    ranking = _newest_published(QuarterlyRanking, "-year", "-quarter")
    return {"pk": ranking.pk if ranking else NO_ROW}


register(
    Page("assessment:indicator_list", "考核指标"),
    Page("assessment:indicator_add", "新建考核指标", creates=Indicator, writes=True, bench=False),
    Page("assessment:indicator_edit", "修改考核指标", model=Indicator, writes=True, bench=False),
    Page("assessment:month_list", "月考核与季度排名"),
    Page("assessment:month_open", "开始月考核", creates=AssessmentMonth, writes=True, get=False),
    Page("assessment:month", "月考核得分", kwargs=_month_kwargs),
    Page("assessment:month_compute", "重新计算月考核", model=AssessmentMonth, writes=True, get=False),
    Page("assessment:month_publish", "发布月考核", model=AssessmentMonth, writes=True, get=False),
    Page("assessment:breakdown", "单位得分明细", kwargs=_breakdown_kwargs),
    Page("assessment:score_set", "人工评分", model=MonthlyScore, writes=True, get=False),
    Page("assessment:ranking_publish", "发布季度排名", creates=QuarterlyRanking, writes=True, get=False),
    Page("assessment:ranking", "季度排名", kwargs=_ranking_kwargs),
    Page("assessment:ranking", "季度排名导出", kwargs=_ranking_kwargs, query="format=xlsx", bench=False),
    Page("assessment:analysis", "不平衡分析"),
    Page("assessment:analysis_rule", "设置不平衡分析规则", writes=True, get=False,
         writers=frozenset({Role.STREET_ADMIN})),
    Page("api:ranking-list", "API 季度排名", api=True),
    Page("api:ranking-detail", "API 季度排名详情", api=True, kwargs=_ranking_kwargs),
    Page("api:score-list", "API 月考核得分", api=True),
    Page("api:score-detail", "API 月考核得分详情", model=MonthlyScore, api=True),
)
