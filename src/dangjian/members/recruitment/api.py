"""Read-only API of the pipeline: the candidates the user sees (the same reach as the pages)."""

from rest_framework import serializers, viewsets

from ..models import Candidate
from .views import CandidateFilterSet


class CandidateSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.name", read_only=True)
    branch_name = serializers.CharField(source="branch.name", read_only=True)

    class Meta:
        model = Candidate
        fields = ["id", "person", "name", "branch", "branch_name", "stage", "applied_on", "talked_on",
                  "activist_on", "developed_on", "reviewed_on", "trained_until", "introduced_on",
                  "committee_reviewed_on", "prereviewed_on", "voted_on", "approved_on", "oath_on",
                  "extended_months", "convert_voted_on", "converted_on", "stopped_on", "member", "next_step",
                  "next_from", "next_due"]
        read_only_fields = fields


class CandidateViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CandidateSerializer
    filterset_class = CandidateFilterSet

    def get_queryset(self):
        return Candidate.objects.visible_to(self.request.user).select_related("person", "branch").order_by("pk")


def register(router) -> None:
    router.register("recruitment/candidates", CandidateViewSet, basename="candidate")
