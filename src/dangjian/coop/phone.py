"""In-service members' phone pages for co-building activities (/p/cobuild/, namespace "cobuild"): the
activities of the community they reported to, sign-up, and the check-in a scan of the activity's QR opens.

What the list holds is what JointActivity's reach opens to the member (their reported community's
activities); a code of another community's or street's activity is a 404, as any row out of reach.
Buttons show where the predicates of coop.signups hold; the steps ask them again.
"""

from datetime import timedelta

from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core.views import get_visible_or_404, run_action
from dangjian.core.workflow import Refused, step

from . import signups
from .models import ActivitySignup, JointActivity, SignupStatus

RECENT_DAYS = 30  # past activities stay on the list this long (to see one's check-ins)


def activities(request):
    user = request.user
    member = signups.member_of(user)
    now = timezone.now()
    since = timezone.localdate() - timedelta(days=RECENT_DAYS)
    rows = list(JointActivity.objects.visible_to(user).filter(date__gte=since)
                .annotate(taken=Count("signups", filter=Q(signups__status__in=signups.TAKEN)))
                .select_related("organization").order_by("date", "start_time", "pk")[:40])
    mine = {}
    if member is not None:
        own = ActivitySignup.objects.visible_to(user).filter(member=member, activity__in=rows)
        mine = {s.activity_id: s for s in own.select_related("member__person")}
    for a in rows:
        a.mine = mine.get(a.pk)
        if a.mine is not None:
            a.mine.activity = a
        a.may_sign_up = member is not None and signups.may_sign_up(user, member, a, now, a.mine)
        a.may_cancel = a.mine is not None and signups.may_cancel(user, a.mine, now)
        a.upcoming = a.ends_at >= now
    return render(request, "coop/phone/activities.html", {
        "member": member, "activities": rows, "checked_in": SignupStatus.CHECKED_IN,
        "signed_up": SignupStatus.SIGNED_UP})


@require_POST
def sign_up(request, pk):
    activity = get_visible_or_404(JointActivity, request.user, pk=pk)
    return run_action(request, reverse("cobuild:activities"), lambda: signups.sign_up(request.user, activity),
                      f"已报名“{activity.title}”，请按时参加，到场后扫码签到。")


@require_POST
def cancel(request, pk):
    signup = get_visible_or_404(ActivitySignup.objects.select_related("activity", "member__person"), request.user,
                                pk=pk)
    return run_action(request, reverse("cobuild:activities"), lambda: signups.cancel(request.user, signup),
                      "已取消报名。")


def check_in(request, token):
    """What a member sees after scanning the activity's code: the activity and a button; POST checks in."""
    activity = get_visible_or_404(JointActivity.objects.select_related("organization"), request.user,
                                  checkin_token=token)
    member = signups.member_of(request.user)
    context, status = {"activity": activity}, 200
    if request.method == "POST":
        try:
            with step():
                _, new = signups.check_in(request.user, activity)
            context["done"] = "签到成功，感谢您参加社区共建活动！" if new else "您已签到，无需重复扫码。"
        except Refused as exc:
            context["refused"], status = exc.text, exc.status
    else:
        refusal = signups.why_not_check_in(request.user, member, activity)
        if refusal is not None:
            context["refused"], status = refusal.text, refusal.status
        else:
            mine = signups.own_signup(member, activity)
            context["already"] = mine is not None and mine.status == SignupStatus.CHECKED_IN
    return render(request, "coop/phone/check_in.html", context, status=status)
