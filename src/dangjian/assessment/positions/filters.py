"""List filters of positions and room bookings, shared by the pages and the API."""

import django_filters

from dangjian.core.filters import ScopedFilterSet
from dangjian.orgs.filters import SubtreeFilter

from .models import Position, PositionKind, PositionLevel, Room, RoomBooking


class PositionFilterSet(ScopedFilterSet):
    q = django_filters.CharFilter(label="名称", field_name="name", lookup_expr="icontains")
    level = django_filters.ChoiceFilter(label="层级", choices=PositionLevel.choices)
    kind = django_filters.ChoiceFilter(label="类型", choices=PositionKind.choices)
    within = SubtreeFilter(label="所属组织")

    class Meta:
        model = Position
        fields = ["q", "level", "kind", "within"]


class BookingFilterSet(ScopedFilterSet):
    room = django_filters.ModelChoiceFilter(label="功能室", queryset=Room.objects.all())
    date = django_filters.DateFilter(label="日期", field_name="starts_at", lookup_expr="date")
    status = django_filters.ChoiceFilter(label="状态", choices=[("active", "有效"), ("cancelled", "已取消")],
                                         method="filter_status")

    class Meta:
        model = RoomBooking
        fields = ["room", "date", "status"]

    def filter_status(self, qs, name, value):
        return qs.filter(cancelled_at__isnull=value == "active")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        room = self.filters["room"]
        room.queryset = room.queryset.select_related("position")  # the option labels name the position
