"""The 两公开 board of one community, open to anyone without signing in (a QR code on the notice board).

It shows what the community has made public: decisions at 决议公开 / 结果公开 with the published records, and
how the problems its residents raised are getting on (status, dates, whether residents say they are fixed),
with the last twelve months' satisfaction rate from the metrics registry. It names no resident: no name, phone, address,
nor the text of a report — only the problem's title as the community registered it.
"""

import re
from datetime import timedelta

from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from dangjian.core import metrics
from dangjian.core.masking import mask_any
from dangjian.core.reach import opened_at
from dangjian.core.roles import Role
from dangjian.ledgers.choices import ProblemStatus
from dangjian.ledgers.models import Problem
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization

from .models import PUBLIC_STAGES, Decision, DecisionStep

PROGRESS = {ProblemStatus.OPEN: "办理中", ProblemStatus.RECTIFYING: "整改中", ProblemStatus.RESOLVED: "已整改",
            ProblemStatus.VERIFIED: "已办结", ProblemStatus.CLOSED: "已关闭"}


def published_decisions(community, limit=20):
    """What its residents see of its decisions (the reach a resident of the community holds), published
    only, each with the record of the public stages it reached — never the committees' minutes."""
    qs = (Decision.objects.filter(opened_at(Decision, community.path, Role.RESIDENT), stage__in=PUBLIC_STAGES)
          .prefetch_related(Prefetch("steps", queryset=DecisionStep.objects.filter(stage__in=PUBLIC_STAGES),
                                     to_attr="public_steps")).order_by("-created", "-id"))
    rows = list(qs[:limit])
    for d in rows:
        reached = PUBLIC_STAGES[:PUBLIC_STAGES.index(d.stage) + 1]
        latest = {s.stage: s for s in d.public_steps if s.stage in reached}
        d.published = [latest[k] for k in reached if k in latest]
    return rows


_LONG_NUMBER = re.compile(r"\d[\d\s-]{5,}\d")


def without_numbers(text: str) -> str:
    """Staff write the title of a resident's problem for this page; a phone or ID number that slipped into it is
    still masked here (a building or room number, at most six digits, stays)."""
    return _LONG_NUMBER.sub(lambda m: mask_any(re.sub(r"\D", "", m.group())), text)


def resident_problems(community, limit=30):
    """The problems raised by the community's residents, wherever they are now handled."""
    rows = list(Problem.objects.filter(raised_in=community).annotate(
        answers=Count("feedback", filter=Q(feedback__answered_at__isnull=False)),
        fixed=Count("feedback", filter=Q(feedback__fixed=True)),
        not_fixed=Count("feedback", filter=Q(feedback__fixed=False)),
    ).only("title", "category", "status", "found_on", "resolved_on", "organization_id", "raised_in_id")
        .order_by("-found_on", "-id")[:limit])
    for p in rows:
        p.title = without_numbers(p.title)
        p.progress = PROGRESS.get(p.status, p.get_status_display())
        p.reopened = bool(p.not_fixed) and p.organization_id != community.pk
    return rows


@login_not_required
def open_board(request, pk):
    community = get_object_or_404(Organization, pk=pk, kind=OrgKind.COMMUNITY_COMMITTEE)
    today = timezone.localdate()
    start = today - timedelta(days=365)  # the last twelve months, so a January board is not empty
    scope = metrics.Scope(None)
    answered = metrics.value("feedback_answered", scope, community, start, today)
    return render(request, "governance/phone/open_board.html", {
        "community": community, "decisions": published_decisions(community),
        "problems": resident_problems(community), "answered": answered,
        "satisfaction": metrics.value("resident_satisfaction", scope, community, start, today),
        "rating": metrics.value("resident_rating", scope, community, start, today),
    })
