from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dangjian.core.api import body
from dangjian.core.workflow import step

from . import actions
from .models import Decision


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = [
            "id",
            "community",
            "title",
            "background",
            "stage",
            "opinions_count",
            "votes_for",
            "votes_against",
            "votes_abstain",
        ]


class DecisionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DecisionSerializer

    def get_queryset(self):
        return Decision.objects.visible_to(self.request.user)

    @extend_schema(
        request=inline_serializer(
            "Advance",
            {
                "stage": serializers.CharField(),
                "record": serializers.CharField(),
                "opinions_count": serializers.IntegerField(required=False),
                "votes": serializers.ListField(child=serializers.IntegerField(), required=False),
                "if_failed": serializers.ChoiceField(choices=list(actions.IF_FAILED), required=False),
            },
        ),
        responses=DecisionSerializer,
    )
    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None):
        """Complete the next stage (the same rules as the page: in order, vote before publishing).

        A vote where 赞成 is not more than half of the votes cast ends the decision as 未通过
        (`if_failed="reject"`, the default) or sends it back for a revised proposal (`"revise"`).

        Refusals reach the platform's handler: 403 for a role that may not, 409 when someone else moved
        the decision on first, 400 with the field's message for bad input.
        """
        decision = self.get_object()
        data = body(request)
        with step():
            decision = actions.advance(request.user, decision, str(data.get("stage", "")), timezone.localdate(),
                                       str(data.get("record", "")), opinions=data.get("opinions_count"),
                                       votes=data.get("votes"), if_failed=str(data.get("if_failed", "reject")))
        return Response(DecisionSerializer(decision).data)
