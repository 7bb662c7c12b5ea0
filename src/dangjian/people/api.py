from rest_framework import serializers

from dangjian.core.api import ScopedSerializerMixin, ScopedViewSet

from .actions import may_reveal
from .filters import PersonFilterSet
from .models import Person


class PersonSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    """Full ID and phone are accepted on write and never returned: reads carry masked values."""

    id_number = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=20)
    phone = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=20)
    id_number_masked = serializers.CharField(read_only=True)
    phone_masked = serializers.CharField(read_only=True)

    class Meta:
        model = Person
        fields = ["id", "organization", "name", "pinyin", "pinyin_initials", "gender", "birth_date", "ethnicity",
                  "education", "id_number", "id_number_masked", "phone", "phone_masked", "address", "note"]
        read_only_fields = ["pinyin", "pinyin_initials"]
        derived_from_clean = ["gender", "birth_date"]

    def to_representation(self, instance):
        """The birth date only to those who may reveal the ID number it is part of (see the person page)."""
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None and data.get("birth_date") and not may_reveal(request.user, instance):
            data["birth_date"] = None
        return data


class PersonViewSet(ScopedViewSet):
    model = Person
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("organization")
