"""Buttons that start a paper document as a long job and send the person to its progress page.

Each checks scope as every page does (out of sight: 404) before queueing; the builder reads the rows again in the
worker through `visible_to` of the same person."""

from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from dangjian.core import longjobs
from dangjian.core.params import year_param
from dangjian.core.views import get_visible_or_404, staff_only

from . import FORMATS


def _fmt(request) -> str:
    fmt = request.POST.get("fmt", "docx")
    return fmt if fmt in FORMATS else "docx"


@staff_only
@require_POST
def letter_start(request, pk):
    from dangjian.ledgers.models import ResponsibilityLetter

    letter = get_visible_or_404(ResponsibilityLetter, request.user, pk=pk)
    return redirect(longjobs.start(request.user, "paper.letter", letter=letter.pk, fmt=_fmt(request),
                                   name=str(letter)[:60]))


@staff_only
@require_POST
def meeting_start(request, pk):
    from dangjian.members.models import OrgLifeMeeting

    meeting = get_visible_or_404(OrgLifeMeeting, request.user, pk=pk)
    name = f"{meeting.date:%Y-%m-%d} {meeting.topic}"[:60]  # which meeting, in the job list and the to-do list
    return redirect(longjobs.start(request.user, "paper.meeting", meeting=meeting.pk, fmt=_fmt(request), name=name))


@staff_only
@require_POST
def binder_start(request, pk):
    from dangjian.orgs.choices import OrgKind
    from dangjian.orgs.models import Organization

    community = get_visible_or_404(Organization.objects.filter(kind=OrgKind.COMMUNITY_COMMITTEE), request.user, pk=pk)
    year = year_param(request.POST.get("year"))
    return redirect(longjobs.start(request.user, "paper.binder", org=community.pk, year=year, fmt=_fmt(request),
                                   name=community.name))
