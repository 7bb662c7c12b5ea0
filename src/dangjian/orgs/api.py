from rest_framework import serializers

from dangjian.core.api import ScopedSerializerMixin, ScopedViewSet

from . import actions
from .filters import GridFilterSet, OrganizationFilterSet, RoleAssignmentFilterSet
from .models import Grid, GridStaff, Organization, RoleAssignment


class OrganizationSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True, write_only=True,
        help_text="上级组织 ID（新建时必填，仅限有权管理的组织）",
    )
    parent_id = serializers.SerializerMethodField()
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "name", "short_name", "kind", "kind_display", "demo_site", "secretary", "contact_phone",
                  "address", "established", "note", "parent", "parent_id", "path", "depth"]
        read_only_fields = ["path", "depth"]

    def get_parent_id(self, obj) -> int | None:
        if hasattr(obj, "parent_pk"):
            return obj.parent_pk
        parent = obj.parent_org()
        return parent.pk if parent else None

    def validate(self, attrs):
        return attrs  # tree rules are checked by the actions below

    def create(self, validated_data):
        parent = validated_data.pop("parent", None)
        if parent is None and not self.context["request"].user.is_superuser:
            raise serializers.ValidationError({"parent": ["请选择上级组织。"]})
        return actions.create_organization(parent, **validated_data)  # a refusal answers with its status

    def update(self, instance, validated_data):
        parent = validated_data.pop("parent", None)
        return actions.update_organization(instance, new_parent=parent, **validated_data)


class OrganizationViewSet(ScopedViewSet):
    model = Organization
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet

    def get_queryset(self):
        return super().get_queryset().with_parent_pk()

    def check_destroy(self, instance):
        if instance.numchild:
            raise serializers.ValidationError({"non_field_errors": ["该组织还有下级组织，不能删除。"]})


class GridStaffSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    post_display = serializers.CharField(source="get_post_display", read_only=True)

    class Meta:
        model = GridStaff
        fields = ["id", "person", "person_name", "post", "post_display", "duty"]


class GridSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    staff = GridStaffSerializer(many=True, read_only=True)

    class Meta:
        model = Grid
        fields = ["id", "name", "area", "note", "organization", "staff"]
        read_only_fields = ["organization"]

    def create(self, validated_data):
        raise serializers.ValidationError({"non_field_errors": ["请通过 /api/orgs/ 建立网格党支部后在页面新建网格。"]})


class GridViewSet(ScopedViewSet):
    model = Grid
    serializer_class = GridSerializer
    filterset_class = GridFilterSet
    http_method_names = ["get", "put", "patch", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().prefetch_related("staff__person")


class AccountNameField(serializers.CharField):
    """The assignment's account by name: read from its user, written as a name (`assign_role` finds or creates
    the account), so clients read back what they wrote and the schema documents it both ways."""

    def get_attribute(self, instance):
        return instance.user.username


class RoleAssignmentSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    username = AccountNameField(max_length=150, help_text="账号；不存在时按 initial_password 新建")
    initial_password = serializers.CharField(write_only=True, required=False, allow_blank=True)

    class Meta:
        model = RoleAssignment
        fields = ["id", "user", "username", "initial_password", "organization", "role", "start", "end", "note"]
        read_only_fields = ["user"]

    def validate(self, attrs):
        return attrs  # assign_role checks rank, kind and dates

    def _save(self, instance, data):
        return actions.assign_role(self.context["request"].user, instance=instance, **data)

    def create(self, validated_data):
        return self._save(None, validated_data)

    def update(self, instance, validated_data):
        data = {"username": instance.user.username, "organization": instance.organization, "role": instance.role,
                "start": instance.start, "end": instance.end, "note": instance.note, **validated_data}
        return self._save(instance, data)


class RoleAssignmentViewSet(ScopedViewSet):
    model = RoleAssignment
    serializer_class = RoleAssignmentSerializer
    filterset_class = RoleAssignmentFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("user")
