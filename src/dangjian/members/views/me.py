"""A party member's own pages (phone first): points, meetings, notifications, what's coming, 党员之家."""

from django.shortcuts import render
from django.utils import timezone

from dangjian.core.models import Notification
from dangjian.core.params import year_param

from ..choices import EntryStatus
from ..models import Attendance, Bulletin, OrgLifeMeeting, PartyMember, PointEntry
from ..stats import rank, yearly_points


def _me(request):
    return PartyMember.objects.filter(person__user=request.user).select_related("person", "branch").first()


def me_home(request):
    member = _me(request)
    today = timezone.localdate()
    context = {"member": member, "year": today.year,
               "notifications": Notification.objects.filter(user=request.user)[:5],
               "bulletins": Bulletin.objects.visible_to(request.user).order_by("-published_at")[:5]}
    if member is not None:
        totals = yearly_points([member.pk], today.year)[member.pk]
        branch_ids = list(PartyMember.objects.active().filter(branch=member.branch_id).values_list("pk", flat=True))
        context.update({
            "points": totals,
            "rank": rank(yearly_points(branch_ids, today.year)).get(member.pk),
            "branch_size": len(branch_ids),
            "upcoming": OrgLifeMeeting.objects.filter(organization=member.branch, date__gte=today).order_by(
                "date", "start_time")[:5],
            "recent": Attendance.objects.filter(member=member).select_related("meeting").order_by(
                "-meeting__date")[:5],
        })
    return render(request, "members/me/home.html", context)


def me_points(request):
    """The member's own ledger: every line says where it came from."""
    member = _me(request)
    year = year_param(request.GET.get("year"))
    entries = []
    totals = None
    if member is not None:
        entries = PointEntry.objects.filter(member=member, date__year=year).select_related("rule")
        totals = yearly_points([member.pk], year)[member.pk]
    return render(request, "members/me/points.html", {"member": member, "entries": entries, "totals": totals,
                                                      "year": year, "pending": EntryStatus.PENDING})


def me_meetings(request):
    member = _me(request)
    rows = []
    if member is not None:
        rows = Attendance.objects.filter(member=member).select_related("meeting").order_by("-meeting__date")[:50]
    return render(request, "members/me/meetings.html", {"member": member, "rows": rows})
