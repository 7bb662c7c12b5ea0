"""Phone pages for residents and volunteers (/p/): the community's boards and their own records.

A resident or volunteer sees their own community's published wishes, menu and activities, and only
their own bookings, wishes and hours. Every action goes through services.actions, as the API does.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core.forms import store_evidence
from dangjian.core.params import int_param
from dangjian.governance.models import Decision

from .. import actions
from ..choices import WishStatus
from ..community import community_of, person_of
from ..forms import WishForm
from ..models import Activity, Booking, MicroWish, ServiceItem, ServiceSlot, Signup


def _person(request):
    return person_of(request.user)


def _community(request):
    return community_of(request.user)


def board(request):
    community = _community(request)
    now = timezone.now()
    return render(
        request,
        "services/public/board.html",
        {
            "community": community,
            "wishes": MicroWish.objects.filter(organization=community, status=WishStatus.PUBLISHED)[:20],
            "items": ServiceItem.objects.filter(organization=community)[:30],
            "activities": Activity.objects.filter(
                organization__path__startswith=community.path, ends_at__gte=now
            ).order_by("starts_at")[:20],
            "decisions": Decision.objects.filter(community=community, stage__in=["publish_decision", "publish_result"])[
                :10
            ],
        },
    )


def _community_object(request, model, pk, path_field):
    community = _community(request)
    return get_object_or_404(model, pk=pk, **{f"{path_field}__path__startswith": community.path})


def _done(request, url, func, ok):
    try:
        func()
    except actions.Refused as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, ok)
    return HttpResponseRedirect(url)


@require_POST
def claim(request, pk):
    wish = _community_object(request, MicroWish, pk, "organization")
    return _done(
        request,
        reverse("public:mine"),
        lambda: actions.claim_wish(request.user, wish),
        "认领成功！请尽快帮助实现心愿，实现后上传照片。",
    )


@require_POST
def fulfil(request, pk):
    wish = get_object_or_404(MicroWish, pk=pk, claimed_by=request.user, status=WishStatus.CLAIMED)
    photos = store_evidence(request.FILES.getlist("photo")[:1], wish.organization, request.user)
    return _done(
        request,
        reverse("public:mine"),
        lambda: actions.fulfil_wish(request.user, wish, photos[0] if photos else None),
        "已登记心愿实现，待确认。",
    )


@require_POST
def confirm(request, pk):
    wish = get_object_or_404(MicroWish, pk=pk, resident__user=request.user)
    return _done(request, reverse("public:mine"), lambda: actions.confirm_wish(request.user, wish), "已确认，感谢！")


def item(request, pk):
    service = _community_object(request, ServiceItem, pk, "organization")
    free = (
        ServiceSlot.objects.filter(item=service, starts_at__gt=timezone.now())
        .exclude(bookings__status__in=["booked", "confirmed", "served"])
        .order_by("starts_at")[:30]
    )
    return render(request, "services/public/item.html", {"item": service, "slots": free})


@require_POST
def book(request, pk):
    slot = _community_object(request, ServiceSlot, pk, "item__organization")
    return _done(
        request,
        reverse("public:mine"),
        lambda: actions.book(request.user, slot, _person(request), request.POST.get("note", "")),
        "预约成功，服务方确认后会通知您。",
    )


@require_POST
def rate(request, pk):
    booking = get_object_or_404(Booking, pk=pk, resident__user=request.user)
    stars = int_param(request.POST.get("stars"), 0)
    return _done(
        request, reverse("public:mine"), lambda: actions.rate_booking(request.user, booking, stars), "感谢您的评价。"
    )


@require_POST
def signup(request, pk):
    activity = _community_object(request, Activity, pk, "organization")
    return _done(
        request,
        reverse("public:mine"),
        lambda: actions.sign_up(request.user, activity, _person(request)),
        "报名成功。活动当天请到现场扫码签到。",
    )


@require_POST
def cancel(request, pk):
    row = get_object_or_404(Signup, pk=pk, person__user=request.user)
    return _done(request, reverse("public:mine"), lambda: actions.cancel_signup(request.user, row), "已取消报名。")


def check(request, token):
    """The QR code at the place: first scan signs in, the second signs out."""
    context = {}
    if request.method == "POST":
        try:
            _, context["done"] = actions.check(request.user, token)
        except actions.Refused as exc:
            context["refused"] = str(exc)
    return render(request, "services/public/check.html", context)


def wish_new(request):
    community = _community(request)
    form = WishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.submit_wish(request.user, community, _person(request), d["content"], d["category"], d["budget"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "心愿已提交，社区审核后发布。")
            return HttpResponseRedirect(reverse("public:mine"))
    from dangjian.core.forms import style_fields

    style_fields(form)
    return render(request, "services/public/wish_new.html", {"form": form})


def mine(request):
    person = _person(request)
    return render(
        request,
        "services/public/mine.html",
        {
            "bookings": Booking.objects.filter(resident=person).select_related("slot__item")[:30],
            "wishes": MicroWish.objects.filter(resident=person)[:30],
            "claimed": MicroWish.objects.filter(claimed_by=request.user)[:30],
            "signups": Signup.objects.filter(person=person, cancelled_at__isnull=True).select_related("activity")[:30],
            "hours": actions.volunteer_hours(person),
            "star": actions.volunteer_star(person),
        },
    )
