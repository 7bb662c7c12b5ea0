"""Services API: the public actions (claim, sign up, book) call the same actions as the phone pages.

Lists and the object an action acts on come through `visible_to`, exactly as on the phone pages;
a refusal is `core.workflow.Refused`, answered by the platform's exception handler with its status
(409 when someone claimed first, 403 when the role may not) and its Chinese reason.
"""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dangjian.core.api import body
from dangjian.core.params import int_param
from dangjian.core.workflow import step

from . import actions
from .models import Activity, MicroWish, ServiceItem, ServiceSlot


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
        """Claim a published wish of the caller's own community's board (as on the phone pages)."""
        with step():
            wish = actions.claim_wish(request.user, self.get_object())
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
        activity = self.get_object()
        with step():
            actions.sign_up(request.user, activity)
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
                                                     "note": serializers.CharField(required=False),
                                                     "group_size": serializers.IntegerField(required=False),
                                                     "members": serializers.CharField(required=False)}),
                   responses={201: SlotSerializer})
    @action(detail=True, methods=["post"])
    def book(self, request, pk=None):
        """Book one of the item's slots for the caller (the same action as the phone page)."""
        item = self.get_object()
        data = body(request)
        slot_id = int_param(str(data.get("slot", "")))
        slot = ServiceSlot.objects.visible_to(request.user).filter(item=item, pk=slot_id).first() if slot_id else None
        with step():
            actions.book(request.user, item, slot, str(data.get("note", "")), data.get("group_size"),
                         str(data.get("members", "")))
        return Response(SlotSerializer(slot).data, status=201)
