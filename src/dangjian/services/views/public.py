"""Phone pages for residents and volunteers (/p/): the community's boards and their own records.

What a page lists is what the models' reach declarations open to the user (`visible_to`), exactly as
the API lists it; a resident's board is their community's because the models declare the board
(`InCommunity`), not because a page filters by hand. Each button is shown where its `may_…`
predicate holds, and every action goes through services.actions, as the API does.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core.forms import style_fields
from dangjian.core.params import int_param
from dangjian.core.views import add_validation_error, get_visible_or_404, run_action
from dangjian.core.workflow import Refused, step
from dangjian.governance.models import PUBLIC_STAGES, Decision, DecisionStep

from .. import actions
from ..choices import ACTIVE_BOOKING, WishStatus
from ..forms import WishForm
from ..models import Activity, Booking, MicroWish, ServiceItem, ServiceSlot, Signup, StationDuty, StationService


def _mine():
    return reverse("public:mine")


def board(request):
    """The community's board: published wishes, the service menu, coming activities and published decisions."""
    user = request.user
    wishes = MicroWish.objects.visible_to(user).filter(status=WishStatus.PUBLISHED).order_by("-created", "-id")
    activities = Activity.objects.visible_to(user).filter(ends_at__gte=timezone.now()).order_by("starts_at")
    wish_rows, activity_rows = list(wishes[:20]), list(activities[:20])
    claimable = set(actions.claimable(user, MicroWish.objects.filter(pk__in=[w.pk for w in wish_rows]))
                    .values_list("pk", flat=True))
    signable = set(actions.signable(user, Activity.objects.filter(pk__in=[a.pk for a in activity_rows]))
                   .values_list("pk", flat=True))
    for w in wish_rows:
        w.may_claim = w.pk in claimable
    for a in activity_rows:
        a.may_sign_up = a.pk in signable
    community = actions.home_community(user)
    return render(request, "services/public/board.html", {
        "community": community,
        "may_wish": actions.may_submit_wish(user, community, getattr(user, "person", None)),
        "wishes": wish_rows,
        "items": ServiceItem.objects.visible_to(user)[:30],
        "activities": activity_rows,
        "decisions": _published(Decision.objects.visible_to(user).filter(stage__in=PUBLIC_STAGES)[:10]),
    })


def _published(decisions):
    """What a published decision tells residents: the record of each public stage it reached (the decision,
    then the result), the latest one where a stage was redone. The committees' minutes stay staff only."""
    rows = list(decisions.prefetch_related(Prefetch(
        "steps", queryset=DecisionStep.objects.filter(stage__in=PUBLIC_STAGES), to_attr="public_steps")))
    for d in rows:
        reached = PUBLIC_STAGES[:PUBLIC_STAGES.index(d.stage) + 1]
        latest = {s.stage: s for s in d.public_steps if s.stage in reached}
        d.published = [latest[k] for k in reached if k in latest]
    return rows


def mine(request):
    """The user's own bookings, wishes, claims and sign-ups, each with the buttons its predicate allows."""
    user = request.user
    person = getattr(user, "person", None)
    if person is None:  # a staff account: nothing of their own here, and nothing to act on
        return render(request, "services/public/mine.html", {"no_person": True, "hours": 0})
    bookings = list(Booking.objects.visible_to(user).filter(resident=person)
                    .select_related("slot__item", "resident")[:30])
    wishes = list(MicroWish.objects.visible_to(user).filter(resident=person)
                  .select_related("resident", "organization", "claimed_by", "claimed_partner")[:30])
    claimed = list(MicroWish.objects.visible_to(user).filter(claimed_by=user)[:30])
    signups = list(Signup.objects.visible_to(user).filter(person=person, cancelled_at__isnull=True)
                   .select_related("activity", "person")[:30])
    for b in bookings:
        b.may_rate = actions.may_rate(user, b)
    for w in wishes:
        w.may_confirm = actions.may_confirm(user, w)
    for w in claimed:
        w.may_fulfil = actions.may_fulfil(user, w)
    for s in signups:
        s.may_cancel = actions.may_cancel(user, s)
    turns = list(StationDuty.objects.visible_to(user).filter(volunteer__person=person, date__gte=timezone.localdate())
                 .select_related("station")[:10])
    served = list(StationService.objects.visible_to(user).filter(volunteer__person=person)
                  .select_related("station")[:10])
    return render(request, "services/public/mine.html", {
        "bookings": bookings, "wishes": wishes, "claimed": claimed, "signups": signups, "turns": turns,
        "served": served,
        "hours": actions.volunteer_hours(person), "star": actions.volunteer_star(person),
    })


def wish_new(request):
    """A resident's own wish, placed in their own community; others are told where wishes are entered."""
    user = request.user
    community = actions.home_community(user)
    person = getattr(user, "person", None)
    if not actions.may_submit_wish(user, community, person):
        if request.method == "POST":
            raise PermissionDenied("只有本社区的居民、志愿者和党员可以在这里许愿。")
        return render(request, "services/public/wish_new.html", {"form": None})
    form = WishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with step():
                actions.submit_wish(user, community, person, d["content"], d["category"], d["budget"])
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, "心愿已提交，社区审核后发布。")
            return HttpResponseRedirect(_mine())
    style_fields(form)
    return render(request, "services/public/wish_new.html", {"form": form})


@require_POST
def claim(request, pk):
    wish = get_visible_or_404(MicroWish.objects.select_related("resident"), request.user, pk=pk)
    return run_action(request, _mine(), lambda: actions.claim_wish(request.user, wish),
                      "认领成功！请尽快帮助实现心愿，实现后上传照片。")


@require_POST
def fulfil(request, pk):
    wish = get_visible_or_404(MicroWish, request.user, pk=pk)
    return run_action(request, _mine(), lambda: actions.fulfil_wish(request.user, wish, request.FILES.getlist("photo")),
                      "已登记心愿实现，待确认。")


@require_POST
def confirm(request, pk):
    wish = get_visible_or_404(MicroWish.objects.select_related("resident", "organization"), request.user, pk=pk)
    return run_action(request, _mine(), lambda: actions.confirm_wish(request.user, wish), "已确认，感谢！")


def item(request, pk):
    service = get_visible_or_404(ServiceItem, request.user, pk=pk)
    free = ServiceSlot.objects.visible_to(request.user).filter(item=service, starts_at__gt=timezone.now())
    if service.is_group:  # a group's slot stays open while seats remain
        free = free.filter(seats_taken__lt=service.group_capacity or 0)
    else:
        free = free.exclude(bookings__status__in=list(ACTIVE_BOOKING))
    free = free.order_by("starts_at")[:30]
    return render(request, "services/public/item.html",
                  {"item": service, "slots": free, "may_book": actions.may_book(request.user, service)})


@require_POST
def book(request, pk):
    slot = get_visible_or_404(ServiceSlot.objects.select_related("item__organization"), request.user, pk=pk)
    note = request.POST.get("note", "")
    size, members = request.POST.get("group_size"), request.POST.get("members", "")
    return run_action(request, _mine(), lambda: actions.book(request.user, slot.item, slot, note, size, members),
                      "预约成功，服务方确认后会通知您。")


@require_POST
def rate(request, pk):
    booking = get_visible_or_404(Booking.objects.select_related("resident"), request.user, pk=pk)
    stars = int_param(request.POST.get("stars"), 0)
    return run_action(request, _mine(), lambda: actions.rate_booking(request.user, booking, stars), "感谢您的评价。")


@require_POST
def signup(request, pk):
    activity = get_visible_or_404(Activity, request.user, pk=pk)
    return run_action(request, _mine(), lambda: actions.sign_up(request.user, activity),
                      "报名成功。活动当天请到现场扫码签到。")


@require_POST
def cancel(request, pk):
    row = get_visible_or_404(Signup.objects.select_related("person"), request.user, pk=pk)
    return run_action(request, _mine(), lambda: actions.cancel_signup(request.user, row), "已取消报名。")


def check(request, token):
    """The QR code at the place: the first scan signs in, the second signs out."""
    activity = get_visible_or_404(Activity, request.user, checkin_token=token)
    context, status = {"activity": activity}, 200
    if request.method == "POST":
        try:
            with step():
                _, context["done"] = actions.check(request.user, activity)
        except Refused as exc:
            context["refused"], status = exc.text, exc.status
    elif not actions.may_check(request.user, activity):
        context["refused"] = "您没有报名这个活动，或已签到并签退。"
    return render(request, "services/public/check.html", context, status=status)
