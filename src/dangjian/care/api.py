from rest_framework import serializers, viewsets

from .models import ResidentFile


class ResidentFileSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    level_label = serializers.CharField(source="level.label", read_only=True)

    class Meta:
        model = ResidentFile
        fields = ["id", "organization", "name", "categories", "difficulties", "level", "level_label", "status"]

    def get_name(self, obj) -> str:
        return obj.person.name if obj.person else "（已匿名）"


class ResidentFileViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only for integrations; the same narrow visibility as the pages, and every open is logged."""

    serializer_class = ResidentFileSerializer

    def get_queryset(self):
        return ResidentFile.objects.visible_to(self.request.user).select_related("person", "level")

    def list(self, request, *args, **kwargs):
        from .actions import log_list

        response = super().list(request, *args, **kwargs)
        data = response.data
        count = data.get("count", len(data.get("results", []))) if isinstance(data, dict) else len(data)
        log_list(request.user, request.GET.urlencode(), count, via="api")
        return response

    def retrieve(self, request, *args, **kwargs):
        from .actions import log_open

        response = super().retrieve(request, *args, **kwargs)
        log_open(request.user, self.get_object())
        return response
