"""API: the dues months, read-only and scoped like the pages (a member reads their own)."""

from rest_framework import serializers, viewsets

from ..models.dues import DuesMonth


class DuesMonthSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="member.person.name", read_only=True)
    settled = serializers.BooleanField(source="is_settled", read_only=True)

    class Meta:
        model = DuesMonth
        fields = ["id", "member", "name", "branch", "month", "due_fen", "paid_fen", "settled", "paid_on", "method"]


class DuesMonthViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DuesMonthSerializer
    queryset = DuesMonth.objects.none()  # for the schema; requests read through `visible_to`

    def get_queryset(self):
        qs = DuesMonth.objects.visible_to(self.request.user).select_related("member__person")
        month = self.request.query_params.get("month", "")
        if len(month) == 7 and month[4] == "-" and month.replace("-", "").isdigit():
            qs = qs.filter(month=f"{month}-01")
        return qs.order_by("-month", "member_id")


def register(router):
    router.register("dues-months", DuesMonthViewSet, basename="duesmonth")
