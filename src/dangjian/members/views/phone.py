"""A party member's phone pages under /p/ (namespace "phone"): reporting in to a community, confirming one's
points, the large-type switch, and the web app manifest that puts /p/ on the home screen.

Pages show a button where its `may_…` predicate holds; the steps live in members.reporting and
members.point_review and ask the same predicate again.
"""

import json

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from dangjian.core.params import year_param
from dangjian.core.views import get_visible_or_404, run_action
from dangjian.core.workflow import Refused

from .. import point_review, reporting
from ..choices import MemberAck
from ..models import PointEntry
from ..stats import yearly_points

LARGE_COOKIE = "dj_large"
THEME = "#c8161d"


def phone_home(request):
    """党员服务: where the member stands (reported or not), the community's activities, points to confirm."""
    member = reporting.own_member(request.user)
    to_confirm = 0
    if member is not None:
        to_confirm = PointEntry.objects.visible_to(request.user).filter(member=member).filter(
            point_review.OPEN_TO_MEMBER).count()
    return render(request, "members/phone/home.html", {"member": member, "to_confirm": to_confirm})


def report_in(request, token):
    """What a member sees after scanning the community's code: the community, and a button to report in.

    A code that was not made here answers 404; someone who cannot report (not a member, not in service,
    already reported) sees the community and the reason in Chinese, with its status."""
    context = {"token": token}
    try:
        community = reporting.community_for(token)
    except Refused as exc:
        return render(request, "members/phone/report_in.html", {"refused": exc.text}, status=exc.status)
    context["community"] = community
    member = reporting.own_member(request.user)
    context["member"] = member
    if request.method == "POST":
        try:
            context["member"] = reporting.report_in(request.user, community)
            context["done"] = f"报到成功！您已成为{community.name}的报到党员，可以报名参加社区的共建活动。"
        except Refused as exc:
            context["refused"] = exc.text
            return render(request, "members/phone/report_in.html", context, status=exc.status)
    else:
        refusal = reporting.why_not_report_in(request.user, member, community)
        if refusal is not None:
            context["refused"] = refusal.text
            return render(request, "members/phone/report_in.html", context, status=refusal.status)
    return render(request, "members/phone/report_in.html", context)


def points(request):
    """The member's own ledger of the year, each line with 确认 / 有异议 while they have not answered it."""
    member = reporting.own_member(request.user)
    year = year_param(request.GET.get("year"))
    entries, totals = [], None
    if member is not None:
        own = PointEntry.objects.visible_to(request.user).filter(member=member, date__year=year)
        entries = list(own.select_related("rule", "member__person"))
        for e in entries:
            e.may_ack = point_review.may_acknowledge(request.user, e)
        totals = yearly_points([member.pk], year)[member.pk]
    return render(request, "members/phone/points.html", {
        "member": member, "entries": entries, "totals": totals, "year": year, "disputed": MemberAck.DISPUTED,
        "answered": MemberAck.ANSWERED, "confirmed": MemberAck.CONFIRMED})


def _own_entry(request, pk):
    return get_visible_or_404(PointEntry.objects.select_related("member__person", "member__branch", "rule"),
                              request.user, pk=pk)


@require_POST
def point_confirm(request, pk):
    entry = _own_entry(request, pk)
    return run_action(request, reverse("phone:points") + f"?year={entry.date.year}",
                      lambda: point_review.confirm_entry(request.user, entry), "已确认该笔积分。")


@require_POST
def point_dispute(request, pk):
    entry = _own_entry(request, pk)
    return run_action(request, reverse("phone:points") + f"?year={entry.date.year}",
                      lambda: point_review.dispute_entry(request.user, entry, request.POST.get("objection", "")),
                      "异议已提交，支部书记核实后会答复您。")


@require_POST
def large_type(request):
    """The large-type switch for older members: a display preference kept in a cookie (no data changes)."""
    back = request.POST.get("next") or reverse("phone:home")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("phone:home")
    response = HttpResponseRedirect(back)
    if request.COOKIES.get(LARGE_COOKIE) == "1":
        response.delete_cookie(LARGE_COOKIE)
    else:
        response.set_cookie(LARGE_COOKIE, "1", max_age=3600 * 24 * 365 * 2, samesite="Lax", httponly=True)
    return response


@login_not_required
def manifest(request):
    """The web app manifest: the phone pages open from the home screen like an app, on any intranet."""
    data = {
        "name": "党建三张清单",
        "short_name": "党建三张清单",
        "description": "党员报到、共建活动报名签到、积分确认和社区服务",
        "lang": "zh-CN",
        "start_url": "/p/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME,
        "icons": [
            {"src": static("dangjian/pwa/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("dangjian/pwa/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("dangjian/pwa/icon-512.png"), "sizes": "512x512", "type": "image/png",
             "purpose": "maskable"},
            {"src": static("dangjian/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response
