"""Forms for positions (阵地), their rooms and standing services, and room bookings."""

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone

from dangjian.core import tree
from dangjian.core.views import ScopedModelForm
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization

from .actions import default_organization
from .models import Position, PositionLevel, Room, RoomBooking, StandingService

# A level names the kind of organization that holds the place (楼院 and 广场 may sit below a community).
LEVEL_ORG_KINDS = {
    PositionLevel.COMMITTEE: ({OrgKind.STREET_COMMITTEE}, "街道级阵地须属于街道党工委。"),
    PositionLevel.COMMUNITY: ({OrgKind.COMMUNITY_COMMITTEE}, "社区级阵地须属于社区党委。"),
}


class PositionForm(ScopedModelForm):
    class Meta:
        model = Position
        fields = ["organization", "name", "level", "kind", "address", "area", "open_hours", "opened_on", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        org, level = data.get("organization"), data.get("level")
        kinds, message = LEVEL_ORG_KINDS.get(level, (None, ""))
        if org is not None and kinds and org.kind not in kinds:
            self.add_error("level", message)
        return data


class RoomForm(ScopedModelForm):
    class Meta:
        model = Room
        fields = ["name", "function", "capacity", "bookable"]


class StandingServiceForm(ScopedModelForm):
    """Partners, teams and brands are offered from the position's own community (or street), not the whole reach."""

    class Meta:
        model = StandingService
        fields = ["name", "schedule", "team", "brand", "partner", "since", "until"]
        help_texts = {"until": "服务项目停止后填写，页面上显示为“已撤销”。"}

    def __init__(self, *args, position=None, **kwargs):
        super().__init__(*args, **kwargs)
        position = position or getattr(self.instance, "position", None)
        home = _home_of(position.organization) if position else None
        if home is not None:
            for name in ("team", "brand", "partner"):
                field = self.fields[name]
                field.queryset = field.queryset.filter(organization__path__startswith=home.path)

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", "撤销日期不能早于设立日期。")
        return data


def _home_of(org):
    """The community (or street) the organization belongs to: whose teams and partners serve at its places."""
    ancestors = tree.ancestor_paths(org.path, include_self=True)
    kinds = [OrgKind.COMMUNITY_COMMITTEE, OrgKind.STREET_COMMITTEE]
    return Organization.objects.filter(path__in=ancestors, kind__in=kinds).order_by("-depth").first() or org


class BookingForm(ScopedModelForm):
    """Date and two times rather than two datetimes: a booking sits within one day on the page."""

    date = forms.DateField(label="日期")
    start = forms.TimeField(label="开始时间")
    end = forms.TimeField(label="结束时间")
    field_order = ["room", "date", "start", "end", "organization", "purpose"]

    class Meta:
        model = RoomBooking
        fields = ["room", "organization", "purpose"]
        help_texts = {"organization": "以哪个组织的名义使用，默认为本组织。"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        room = self.fields["room"]
        room.queryset = Room.objects.bookable_for(self.user).filter(bookable=True).select_related("position")
        room.empty_label = "请选择功能室"
        self.fields["organization"].empty_label = None

    def clean(self):
        data = super().clean()
        day, start, end = data.get("date"), data.get("start"), data.get("end")
        if day and start and end:
            data["starts_at"] = _aware(day, start)
            data["ends_at"] = _aware(day, end)
        return data

    def booking_arguments(self) -> dict:
        data = self.cleaned_data
        return {key: data.get(key) for key in ("room", "organization", "starts_at", "ends_at", "purpose")}


def _aware(day, moment):
    return timezone.make_aware(datetime.combine(day, moment))


def booking_initial(user, room_pk=None) -> dict:
    tomorrow = timezone.localdate() + timedelta(days=1)
    initial = {"date": tomorrow, "start": time(9, 0), "end": time(11, 0), "organization": default_organization(user)}
    if room_pk:
        initial["room"] = room_pk
    return initial
