"""Positions (阵地) pages: the list, a position with its rooms, standing services and week schedule, and bookings.

Views stay thin: scoping comes from the generic views, every booking write goes through `actions.py`.
"""

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.db import transaction
from django.db.models import Case, Count, F, Q, When
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from dangjian.core.params import int_param
from dangjian.core.views import (
    ObjectDeleteView,
    ObjectEditView,
    ObjectListView,
    ObjectView,
    StaffOnlyMixin,
    TableListView,
    get_editable_or_404,
    get_visible_or_404,
    run_action,
)
from dangjian.core.workflow import Refused

from . import actions
from .filters import BookingFilterSet, PositionFilterSet
from .forms import BookingForm, PositionForm, RoomForm, StandingServiceForm, booking_initial
from .models import Position, Room, RoomBooking, StandingService

SCHEDULE_DAYS = 7


def _current_q(today, prefix=""):
    return Q(**{f"{prefix}until__isnull": True}) | Q(**{f"{prefix}until__gte": today})


class PositionListView(StaffOnlyMixin, TableListView):
    model = Position
    heading = "阵地建设"
    template_name = "assessment/position_list.html"
    add_url_name = "assessment:position_add"
    filterset_class = PositionFilterSet
    extra_links = [("功能室预约", "assessment:booking_list")]
    columns = [
        ("名称", "name"),
        ("层级", "level"),
        ("类型", "kind"),
        ("所属组织", "organization.name"),
        ("地址", "address"),
        ("面积（平方米）", "area"),
        ("开放时间", "open_hours"),
        ("功能室", "room_count"),
        ("常设服务项目", "service_count"),
    ]

    def base_queryset(self):
        today = timezone.localdate()
        return Position.objects.select_related("organization").annotate(
            room_count=Count("rooms", distinct=True),
            service_count=Count("standing_services", filter=_current_q(today, "standing_services__"), distinct=True),
        ).order_by("organization__path", "level", "name", "pk")


class PositionView(ObjectView):
    model = Position
    template_name = "assessment/position.html"

    def base_queryset(self):
        return Position.objects.select_related("organization")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, position = self.request.user, self.object
        today = timezone.localdate()
        rooms = list(Room.objects.visible_to(user).filter(position=position))
        bookable = [r for r in rooms if r.bookable]
        services = StandingService.objects.visible_to(user).filter(position=position).select_related(
            "team", "brand", "partner")
        ctx.update(
            rooms=rooms,
            services=sorted(services, key=lambda s: s.until is not None and s.until < today),
            today=today,
            schedule_rooms=bookable,
            schedule=_week_schedule(user, position, bookable, today),
            can_book=actions.may_book(user) and bool(bookable),
        )
        return ctx


def _week_schedule(user, position, rooms, today):
    """[(day, [[bookings of room 1], [bookings of room 2], …])] for the next days, one query for all rooms."""
    days = [today + timedelta(days=i) for i in range(SCHEDULE_DAYS)]
    start = timezone.make_aware(datetime.combine(days[0], time.min))
    end = start + timedelta(days=SCHEDULE_DAYS)
    cells = {}
    bookings = RoomBooking.objects.visible_to(user).filter(
        room__position=position, cancelled_at__isnull=True, starts_at__lt=end, ends_at__gt=start
    ).select_related("organization")
    for b in bookings:
        cells.setdefault((b.room_id, timezone.localtime(b.starts_at).date()), []).append(b)
    return [(day, [cells.get((room.pk, day), []) for room in rooms]) for day in days]


class PositionEditView(ObjectEditView):
    model = Position
    form_class = PositionForm


class PositionDeleteView(ObjectDeleteView):
    model = Position
    success_url_name = "assessment:position_list"

    def form_valid(self, form):
        if _has_upcoming(Q(room__position=self.object)):
            messages.error(self.request, "该阵地还有未开始的功能室预约，不能删除。请先取消这些预约。")
            return HttpResponseRedirect(self.object.get_absolute_url())
        return super().form_valid(form)


def _has_upcoming(condition) -> bool:
    return RoomBooking.objects.filter(condition, cancelled_at__isnull=True, ends_at__gt=timezone.now()).exists()


class _PositionPartCreateView(ObjectEditView):
    """A room or service added to a position the user may change (the URL's pk is the position's)."""

    def get_object(self, queryset=None):
        self.position = get_editable_or_404(Position, self.request.user, self.kwargs["pk"], "您的角色不能修改此阵地。")
        return None

    def save_form(self, form):
        part = form.save(commit=False)
        part.position = self.position
        part.save()
        return part

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "position": self.position}


class _PositionPartDeleteView(ObjectDeleteView):
    """Deleting a room or service goes back to its position's page."""

    def form_valid(self, form):
        part, back = self.object, self.object.position.get_absolute_url()
        with transaction.atomic():
            part.delete()
        messages.success(self.request, f"已删除「{part.name}」。删除前的内容已记入操作记录。")
        return HttpResponseRedirect(back)


class RoomCreateView(_PositionPartCreateView):
    model = Room
    form_class = RoomForm


class RoomEditView(ObjectEditView):
    model = Room
    form_class = RoomForm


class RoomDeleteView(_PositionPartDeleteView):
    model = Room

    def form_valid(self, form):
        if _has_upcoming(Q(room=self.object)):
            messages.error(self.request, "该功能室还有未开始的预约，不能删除；如暂停使用，可将其设为不可预约。")
            return HttpResponseRedirect(self.object.get_absolute_url())
        return super().form_valid(form)


class ServiceCreateView(_PositionPartCreateView):
    model = StandingService
    form_class = StandingServiceForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "position": self.position}


class ServiceEditView(ObjectEditView):
    model = StandingService
    form_class = StandingServiceForm


class ServiceDeleteView(_PositionPartDeleteView):
    model = StandingService


class BookingListView(StaffOnlyMixin, ObjectListView):
    """Upcoming bookings first (soonest on top), then past ones (latest on top)."""

    model = RoomBooking
    filterset_class = BookingFilterSet
    template_name = "assessment/booking_list.html"

    def base_queryset(self):
        now = timezone.now()
        return (
            RoomBooking.objects.select_related("room__position", "organization", "booked_by")
            .annotate(
                past=Case(When(ends_at__lt=now, then=1), default=0),
                upcoming_key=Case(When(ends_at__gte=now, then=F("starts_at"))),
                past_key=Case(When(ends_at__lt=now, then=F("starts_at"))),
            )
            .order_by("past", F("upcoming_key").asc(nulls_last=True), F("past_key").desc(nulls_last=True), "pk")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, now = self.request.user, timezone.now()
        rows = list(ctx["object_list"])
        editable = set(RoomBooking.objects.editable_by(user).filter(pk__in=[b.pk for b in rows])
                       .values_list("pk", flat=True))
        ctx["rows"] = [(b, actions.may_cancel_booking(user, b, manages=b.pk in editable)) for b in rows]
        # A branch books its community's centre without the right to open the centre's page: link only
        # the positions the user sees.
        ctx["open_positions"] = set(Position.objects.visible_to(user).filter(
            pk__in={b.room.position_id for b in rows}).values_list("pk", flat=True))
        ctx["now"] = now
        return ctx


class BookingCreateView(ObjectEditView):
    model = RoomBooking
    form_class = BookingForm
    template_name = "assessment/booking_edit.html"

    def get_initial(self):
        return {**super().get_initial(), **booking_initial(self.request.user, int_param(self.request.GET.get("room")))}

    def save_form(self, form):
        try:
            return actions.book_room(self.request.user, **form.booking_arguments())
        except Refused as exc:
            # The action speaks of the model's start and end; the form asks for them as two times.
            renamed = {"starts_at": "start", "ends_at": "end"}
            if hasattr(exc, "error_dict"):
                raise Refused({renamed.get(k, k): v for k, v in exc.error_dict.items()}, exc.status) from exc
            raise


@require_POST
def booking_cancel(request, pk):
    booking = get_visible_or_404(RoomBooking, request.user, pk=pk)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
        back = reverse("assessment:booking_list")
    return run_action(request, back, lambda: actions.cancel_booking(request.user, booking),
                      "已取消预约，该时段可重新预约。")
