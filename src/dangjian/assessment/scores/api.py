"""Read-only API: published rankings (the street's notice board) and scores within the caller's scope."""

from rest_framework import serializers, viewsets

from .models import AssessmentMonth, MonthlyScore, QuarterlyRanking, RankingEntry


class RankingEntrySerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name")
    change = serializers.IntegerField(allow_null=True)

    class Meta:
        model = RankingEntry
        fields = ["organization", "organization_name", "total", "rank", "previous_rank", "change"]


class RankingSerializer(serializers.ModelSerializer):
    entries = RankingEntrySerializer(many=True)

    class Meta:
        model = QuarterlyRanking
        fields = ["id", "street", "year", "quarter", "applies_to", "published_at", "entries"]


class RankingViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RankingSerializer

    def get_queryset(self):
        return (QuarterlyRanking.objects.visible_to(self.request.user)
                .prefetch_related("entries__organization").order_by("-year", "-quarter"))


class ScoreSerializer(serializers.ModelSerializer):
    indicator_name = serializers.CharField(source="indicator.name")
    year = serializers.IntegerField(source="month.year")
    month_number = serializers.IntegerField(source="month.month")
    published = serializers.BooleanField(source="month.is_published")

    class Meta:
        model = MonthlyScore
        fields = ["id", "year", "month_number", "published", "organization", "indicator", "indicator_name", "value",
                  "computed", "score", "reason"]


class ScoreViewSet(viewsets.ReadOnlyModelViewSet):
    """A unit's scores: the unit itself and the committee; drafts only for those who may edit the month."""

    serializer_class = ScoreSerializer

    def get_queryset(self):
        months = AssessmentMonth.objects.visible_to(self.request.user)
        return (MonthlyScore.objects.visible_to(self.request.user).filter(month__in=months)
                .select_related("indicator", "month").order_by("-month__year", "-month__month", "organization_id"))
