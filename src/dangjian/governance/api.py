from django.core.exceptions import ValidationError
from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

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
            },
        ),
        responses=DecisionSerializer,
    )
    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None):
        """Complete the next stage (the same rules as the page: in order, vote before publishing)."""
        decision = self.get_object()
        if not Decision.objects.editable_by(request.user).filter(pk=decision.pk).exists():
            raise PermissionDenied("您的角色不能办理此事项。")
        data = request.data
        votes = data.get("votes")
        try:
            if votes is not None and (not isinstance(votes, list) or len(votes) != 3):
                raise ValidationError({"votes": "表决结果应为[赞成, 反对, 弃权]。"})
            decision = actions.advance(
                request.user,
                decision,
                str(data.get("stage", "")),
                timezone.localdate(),
                str(data.get("record", "")),
                opinions=data.get("opinions_count"),
                votes=tuple(int(v) for v in votes) if votes else None,
            )
        except (ValidationError, TypeError, ValueError) as exc:
            messages = getattr(exc, "message_dict", None) or {"non_field_errors": getattr(exc, "messages", [str(exc)])}
            return Response(messages, status=400)
        return Response(DecisionSerializer(decision).data)
