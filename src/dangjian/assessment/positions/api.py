"""Positions and room bookings in the API: the same scoping as the pages, bookings through `actions.py`.

A refused booking answers 400 with `detail` (one Chinese sentence for simple clients) and, where a
field is to blame, that field's messages as well; a refusal with its own status (403 not for this
role, 404 absent, 409 already cancelled) answers with that status through the platform's handler.
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
from dangjian.core.workflow import Refused

from . import actions
from .filters import BookingFilterSet, PositionFilterSet
from .models import Position, Room, RoomBooking, StandingService


def _refusal(exc: Refused) -> Exception:
    """A bad request as 400 with `detail` and the fields to blame; any other refusal keeps its status."""
    if exc.status != 400:
        return exc  # answered by the platform's exception handler (core.api) with its status
    fields = exc.message_dict if hasattr(exc, "error_dict") else {}
    return serializers.ValidationError({"detail": exc.text, **fields})


class RoomSerializer(serializers.ModelSerializer):
    class Meta:
        model = Room
        fields = ["id", "name", "function", "capacity", "bookable"]


class StandingServiceSerializer(serializers.ModelSerializer):
    team_name = serializers.CharField(source="team.name", read_only=True, default=None)
    brand_name = serializers.CharField(source="brand.name", read_only=True, default=None)
    partner_name = serializers.CharField(source="partner.name", read_only=True, default=None)

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
    booked_by = serializers.CharField(source="booked_by.username", read_only=True, default=None)

    class Meta:
        model = RoomBooking
        fields = ["id", "room", "room_name", "position", "position_name", "organization", "organization_name",
                  "purpose", "starts_at", "ends_at", "booked_by", "cancelled_at", "created"]
        read_only_fields = ["cancelled_at", "created"]
        extra_kwargs = {"organization": {"required": False, "help_text": "使用组织；不填时为本人所在组织"}}

    def create(self, validated_data):
        user = self.context["request"].user
        organization = validated_data.get("organization") or actions.default_organization(user)
        try:
            return actions.book_room(user, validated_data["room"], organization, validated_data["starts_at"],
                                     validated_data["ends_at"], validated_data["purpose"])
        except Refused as exc:
            raise _refusal(exc) from None


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
        try:
            booking = actions.cancel_booking(request.user, booking)
        except Refused as exc:
            raise _refusal(exc) from None
        return Response(self.get_serializer(booking).data)
