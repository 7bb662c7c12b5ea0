from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dangjian.core.api import ScopedSerializerMixin, ScopedViewSet, body
from dangjian.core.scope import is_staff

from . import actions
from .filters import MeetingFilterSet, PartyMemberFilterSet, TrainingFilterSet
from .models import Attendance, OrgLifeMeeting, PartyMember, PointEntry, TrainingSession


class PartyMemberSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    name = serializers.CharField(source="person.name", read_only=True)
    party_age = serializers.IntegerField(read_only=True)
    is_glory_50 = serializers.BooleanField(read_only=True)

    class Meta:
        model = PartyMember
        fields = ["id", "person", "name", "branch", "category", "join_date", "full_date", "status", "status_date",
                  "is_hardship", "is_sick", "in_service", "employer", "registered_community", "registered_on",
                  "party_age", "is_glory_50", "note"]

    def validate_person(self, person):
        if self.instance is not None and person != self.instance.person:
            raise serializers.ValidationError("党员记录不能改换成另一个人；如登记有误请新建记录。")
        return person


class PartyMemberViewSet(ScopedViewSet):
    model = PartyMember
    serializer_class = PartyMemberSerializer
    filterset_class = PartyMemberFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("person")


class AttendanceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="member.person.name", read_only=True)
    # What the row means now (未开始 / 待签到 until the meeting has ended, then 出席 / 缺席 / 请假).
    state = serializers.CharField(source="state_label", read_only=True)

    class Meta:
        model = Attendance
        fields = ["member", "name", "status", "state", "reason", "checked_in_at", "via_qr"]


class MeetingSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    attendance = AttendanceSerializer(many=True, read_only=True)  # prefetched through visible_to

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not is_staff(self.context["request"].user):
            data.pop("resolutions", None)
        return data

    class Meta:
        model = OrgLifeMeeting
        fields = ["id", "organization", "kind", "date", "start_time", "duration_minutes", "place", "topic", "agenda",
                  "resolutions", "attendance"]

    def create(self, validated_data):
        org = validated_data.pop("organization")
        return actions.create_meeting(self.context["request"].user, org, **validated_data)  # refusals: 400


class MeetingViewSet(ScopedViewSet):
    model = OrgLifeMeeting
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet

    def get_queryset(self):
        visible = Attendance.objects.visible_to(self.request.user).select_related("member__person")
        return super().get_queryset().prefetch_related(Prefetch("attendance", queryset=visible))

    def perform_destroy(self, instance):
        actions.delete_meeting(instance)

    @extend_schema(request=inline_serializer("CheckIn", {"token": serializers.CharField()}),
                   responses=inline_serializer("CheckInResult", {"meeting": serializers.IntegerField(),
                                                                 "new": serializers.BooleanField(),
                                                                 "message": serializers.CharField()}))
    @action(detail=False, methods=["post"], url_path="checkin")
    def checkin(self, request):
        """Sign the caller in with a meeting's QR token (for mobile and mini-program clients).

        A refusal answers with its status and reason: 404 for a wrong or another organization's code,
        403 outside the sign-in window."""
        meeting, new = actions.check_in(request.user, str(body(request).get("token", "")), timezone.now())
        return Response({"meeting": meeting.pk, "new": new,
                         "message": "签到成功" if new else "您已签到，无需重复扫码。"})


class PointEntrySerializer(serializers.ModelSerializer):
    item = serializers.CharField(source="rule.item", read_only=True)

    class Meta:
        model = PointEntry
        fields = ["id", "member", "rule", "item", "date", "points", "reason", "source_key", "status"]


class PointEntryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PointEntrySerializer

    def get_queryset(self):
        return PointEntry.objects.visible_to(self.request.user).select_related("rule")


class TrainingSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = TrainingSession
        fields = ["id", "organization", "title", "category", "date", "hours", "teacher", "place", "note"]


class TrainingViewSet(ScopedViewSet):
    model = TrainingSession
    serializer_class = TrainingSerializer
    filterset_class = TrainingFilterSet
