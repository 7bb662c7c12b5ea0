"""Read-only API of transfers, scoped like the pages (the steps are taken on the pages)."""

from rest_framework import serializers, viewsets

from ..models.transfers import Transfer


class TransferSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="member.person.name", read_only=True)

    class Meta:
        model = Transfer
        fields = ["id", "kind", "status", "member", "name", "from_branch", "to_branch", "outside_org",
                  "outside_parent", "letter_number", "valid_until", "date", "reason", "decided_on", "decision_note",
                  "returned_on"]


class TransferViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TransferSerializer

    def get_queryset(self):
        return Transfer.objects.visible_to(self.request.user).select_related("member__person").order_by("-date", "-pk")


def register(router):
    router.register("transfers", TransferViewSet, basename="transfer")
