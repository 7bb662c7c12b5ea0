"""Assessment pages in the page registry (role × view matrix, query budgets, bench).

Months and rankings hang on the street, not on a community, and once published they are a notice
board for everyone under that street. The matrix's `model=` sampling cannot express that: it looks
for the object inside community A's subtree (there is none, so the page would be skipped, and the
query-count test would call `url_for(None)`), and it expects the street's own records to be 404 for
a secretary (a published one is 200 by design). So these pages are registered without a model and
resolve their object themselves (`Page.kwargs`): the newest published month or ranking of the test world's street,
and community A's line of that month for the breakdown (which takes two kwargs). The 404 cases —
a draft month, another community's breakdown — are tested in assessment/tests/test_scores.py.
"""

from dangjian.core.pages import Page, register


def _published_month():
    from dangjian.testing import world

    from .models import AssessmentMonth

    return (AssessmentMonth.objects.filter(street=world.street(), status=AssessmentMonth.Status.PUBLISHED)
            .order_by("-year", "-month").first())


def _month_kwargs(_=None) -> dict:
    return {"pk": _published_month().pk}


def _breakdown_kwargs(_=None) -> dict:
    from dangjian.testing import world

    return {"pk": _published_month().pk, "org_pk": world.community("a").pk}


def _ranking_kwargs(_=None) -> dict:
    from dangjian.testing import world

    from .models import QuarterlyRanking

    ranking = (QuarterlyRanking.objects.filter(street=world.street(), published_at__isnull=False)
               .order_by("-year", "-quarter").first())
    return {"pk": ranking.pk}


register(
    Page("assessment:indicator_list", "考核指标"),
    Page("assessment:month_list", "月考核与季度排名"),
    Page("assessment:month", "月考核得分", kwargs=_month_kwargs),
    Page("assessment:breakdown", "单位得分明细", kwargs=_breakdown_kwargs),
    Page("assessment:ranking", "季度排名", kwargs=_ranking_kwargs),
    Page("assessment:ranking", "季度排名导出", kwargs=_ranking_kwargs, query="format=xlsx", bench=False),
)
