"""Positions and room bookings in the API: the same scoping as the pages, bookings through `actions.py`.

A refused booking answers through the platform's handler (core.api): 400 with `detail` (one Chinese
sentence for simple clients) and the fields to blame, or its own status (403 not for this role, 404
absent, 409 already cancelled).
"""

from django.db.models import Prefetch, Q
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from dangjian.core.api import ScopedSerializerMixin, ScopedViewSet

from . import actions
from .filters import BookingFilterSet, PositionFilterSet
from .models import Position, Room, RoomBooking, StandingService


class RoomSerializer(serializers.ModelSerializer):
    class Meta:
        model = Room
        fields = ["id", "name", "function", "capacity", "bookable"]


class StandingServiceSerializer(serializers.ModelSerializer):
    # A service run by a team, a brand or a partner names only that one: the other two are null.
    team_name = serializers.CharField(source="team.name", read_only=True, default=None, allow_null=True)
    brand_name = serializers.CharField(source="brand.name", read_only=True, default=None, allow_null=True)
    partner_name = serializers.CharField(source="partner.name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = StandingService
        fields = ["id", "name", "schedule", "team", "team_name", "brand", "brand_name", "partner", "partner_name",
                  "since", "until"]


class PositionSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    rooms = RoomSerializer(many=True, read_only=True)
    standing_services = StandingServiceSerializer(source="current_services", many=True, read_only=True,
                                                  help_text="在办的常设服务项目（已撤销的不列出）")

    class Meta:
        model = Position
        fields = ["id", "organization", "organization_name", "name", "level", "kind", "address", "area",
                  "open_hours", "opened_on", "note", "rooms", "standing_services"]


class PositionViewSet(ScopedViewSet):
    """Read-only: positions are kept on the pages; clients show them with rooms and current services."""

    model = Position
    serializer_class = PositionSerializer
    filterset_class = PositionFilterSet
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        today = timezone.localdate()
        current = StandingService.objects.filter(Q(until__isnull=True) | Q(until__gte=today)).select_related(
            "team", "brand", "partner")
        return super().get_queryset().select_related("organization").prefetch_related(
            "rooms", Prefetch("standing_services", queryset=current, to_attr="current_services"))


class RoomBookingSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    room_name = serializers.CharField(source="room.name", read_only=True)
    position = serializers.IntegerField(source="room.position_id", read_only=True)
    position_name = serializers.CharField(source="room.position.name", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    booked_by = serializers.CharField(source="booked_by.username", read_only=True, default=None, allow_null=True,
                                      help_text="预约人账号；账号已删除时为 null")

    class Meta:
        model = RoomBooking
        fields = ["id", "room", "room_name", "position", "position_name", "organization", "organization_name",
                  "purpose", "starts_at", "ends_at", "booked_by", "cancelled_at", "created"]
        read_only_fields = ["cancelled_at", "created"]
        extra_kwargs = {"organization": {"required": False, "help_text": "使用组织；不填时为本人所在组织"}}

    def create(self, validated_data):
        user = self.context["request"].user
        organization = validated_data.get("organization") or actions.default_organization(user)
        return actions.book_room(user, validated_data["room"], organization, validated_data["starts_at"],
                                 validated_data["ends_at"], validated_data["purpose"])

    def get_fields(self):
        """A branch books the rooms of the positions above it too: the room choices are what it may book."""
        fields = super().get_fields()
        request = self.context.get("request")
        if "room" in fields and request is not None:
            fields["room"].queryset = Room.objects.bookable_for(request.user)
        return fields


class RoomBookingViewSet(ScopedViewSet):
    """List, read and book; no edits or deletes — a booking is cancelled, and the freed slot can be booked again."""

    model = RoomBooking
    serializer_class = RoomBookingSerializer
    filterset_class = BookingFilterSet
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().select_related("room__position", "organization", "booked_by")

    def create(self, request, *args, **kwargs):
        # A role that never books is told so before its payload is read (not "field required").
        if not actions.may_book(request.user):
            raise PermissionDenied("您的角色不能预约功能室。")
        return super().create(request, *args, **kwargs)

    @extend_schema(request=None, responses=RoomBookingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel a booking (the booker or the room's managers; the same rule as the page)."""
        booking = get_object_or_404(self.get_queryset(), pk=pk)
        booking = actions.cancel_booking(request.user, booking)
        return Response(self.get_serializer(booking).data)
