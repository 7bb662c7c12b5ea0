"""Services API: the public actions (claim, sign up, book) call the same actions as the pages."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dangjian.core.params import int_param

from . import actions
from .community import community_of, person_of
from .models import Activity, MicroWish, ServiceItem, ServiceSlot


def _refused(exc):
    return Response({"detail": str(exc)}, status=409)


class WishSerializer(serializers.ModelSerializer):
    class Meta:
        model = MicroWish
        fields = ["id", "organization", "content", "category", "budget", "status", "claimed_at"]


class WishViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = WishSerializer

    def get_queryset(self):
        return MicroWish.objects.visible_to(self.request.user)

    @extend_schema(request=None, responses=WishSerializer)
    @action(detail=True, methods=["post"])
    def claim(self, request, pk=None):
        """Claim a published wish of the caller's own community (as on the phone pages)."""
        wish = get_object_or_404(MicroWish, pk=pk, organization=community_of(request.user))
        try:
            wish = actions.claim_wish(request.user, wish)
        except actions.Refused as exc:
            return _refused(exc)
        return Response(WishSerializer(wish).data)


class ActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Activity
        fields = ["id", "organization", "title", "place", "starts_at", "ends_at", "capacity", "seats_taken",
                  "signup_opens", "signup_closes"]


class ActivityViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ActivitySerializer

    def get_queryset(self):
        return Activity.objects.visible_to(self.request.user)

    @extend_schema(request=None, responses=ActivitySerializer)
    @action(detail=True, methods=["post"])
    def signup(self, request, pk=None):
        community = community_of(request.user)
        activity = get_object_or_404(Activity, pk=pk, organization__path__startswith=community.path)
        try:
            actions.sign_up(request.user, activity, person_of(request.user))
        except actions.Refused as exc:
            return _refused(exc)
        activity.refresh_from_db()
        return Response(ActivitySerializer(activity).data)


class SlotSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceSlot
        fields = ["id", "starts_at", "ends_at"]


class ServiceItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceItem
        fields = ["id", "organization", "title", "mode", "free", "price", "description"]


class ServiceItemViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ServiceItemSerializer

    def get_queryset(self):
        return ServiceItem.objects.visible_to(self.request.user)

    @extend_schema(request=inline_serializer("Book", {"slot": serializers.IntegerField(),
                                                     "note": serializers.CharField(required=False)}),
                   responses=SlotSerializer)
    @action(detail=True, methods=["post"])
    def book(self, request, pk=None):
        """Book one of the item's slots for the caller (the same action as the phone page)."""
        person = person_of(request.user)
        item = get_object_or_404(ServiceItem, pk=pk, organization=community_of(request.user))
        slot_id = int_param(str(request.data.get("slot", "")))
        slot = ServiceSlot.objects.filter(item=item, pk=slot_id).first() if slot_id else None
        if slot is None:
            return Response({"detail": "请选择本服务项目的时段（账号须关联人员信息）。"}, status=400)
        try:
            actions.book(request.user, slot, person, str(request.data.get("note", "")))
        except actions.Refused as exc:
            return _refused(exc)
        return Response(SlotSerializer(slot).data, status=201)
