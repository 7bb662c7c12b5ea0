from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from dangjian.core.api import ScopedSerializerMixin, ScopedViewSet, TextInputMixin

from . import actions
from .filters import ProblemFilterSet, ResponsibilityFilterSet, TaskFilterSet, VisitFilterSet
from .models import Problem, ProgressEntry, ResponsibilityPost, Task, Visit
from .progress import attach_progress, with_latest_percent


def _unchanged(instance, field, value):
    """Where an item sits decides who checks it: organization and parent are fixed once created."""
    if instance is not None and getattr(instance, field) != value:
        raise serializers.ValidationError("创建后不能更改；如登记有误，请删除后重新登记。")
    return value


def _create(action, serializer, validated_data):
    """Creation goes through the app's action (same rules as the pages); its errors become a 400."""
    org = validated_data.pop("organization")
    try:
        return action(serializer.context["request"].user, org, **validated_data)
    except DjangoValidationError as exc:
        _raise(exc)


def _raise(exc):
    raise serializers.ValidationError(getattr(exc, "message_dict", None) or {"non_field_errors": exc.messages})


class ProblemSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = Problem
        fields = ["id", "organization", "title", "description", "category", "source", "source_visit", "found_on",
                  "severity", "responsible_org", "responsible_person", "deadline", "measures", "status",
                  "resolution", "resolved_on", "verified_on"]
        # Status moves only through the workflow actions (evidence rule, verification by the level above).
        read_only_fields = ["status", "resolution", "resolved_on", "verified_on"]

    def validate_organization(self, org):
        return _unchanged(self.instance, "organization", org)

    def validate_deadline(self, value):
        # Left out (or null) on creation, the street's rule sets it; once set, a problem always keeps one.
        if value is None and self.instance is not None:
            raise serializers.ValidationError("整改时限不能为空。")
        return value

    def create(self, validated_data):
        return _create(actions.create_problem, self, validated_data)


class ProblemViewSet(ScopedViewSet):
    model = Problem
    serializer_class = ProblemSerializer
    filterset_class = ProblemFilterSet

    def check_destroy(self, instance):
        if not actions.may_delete_problem(self.request.user, instance):
            raise PermissionDenied("只能删除自己登记的问题；上级登记或走访发现的问题由上级处理。")


class TaskSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    progress = serializers.DecimalField(max_digits=5, decimal_places=1, read_only=True)

    class Meta:
        model = Task
        fields = ["id", "parent", "organization", "year", "title", "category", "target_value", "target_unit",
                  "measures", "deadline", "responsible_person", "weight", "done_on", "progress"]
        read_only_fields = ["done_on"]

    def validate_organization(self, org):
        return _unchanged(self.instance, "organization", org)

    def validate_parent(self, parent):
        return _unchanged(self.instance, "parent", parent)

    def create(self, validated_data):
        return _create(actions.create_task, self, validated_data)


class TaskViewSet(ScopedViewSet):
    model = Task
    serializer_class = TaskSerializer
    filterset_class = TaskFilterSet

    def get_queryset(self):
        return with_latest_percent(super().get_queryset())

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            attach_progress(page)
        return page

    def get_object(self):
        obj = super().get_object()
        attach_progress([obj])
        return obj

    def perform_create(self, serializer):
        super().perform_create(serializer)
        attach_progress([serializer.instance])  # the answer to a create carries `progress` like every read

    def perform_update(self, serializer):
        if actions.assigned_from_above(self.request.user, serializer.instance):
            raise PermissionDenied("分解下达的任务由上级组织调整。")
        super().perform_update(serializer)
        attach_progress([serializer.instance])

    def check_destroy(self, instance):
        if instance.children.exists():
            raise serializers.ValidationError({"non_field_errors": ["该任务已分解，请先删除各社区任务。"]})
        if actions.assigned_from_above(self.request.user, instance):
            raise PermissionDenied("分解下达的任务由上级组织调整。")


class ProgressEntrySerializer(TextInputMixin, serializers.ModelSerializer):
    class Meta:
        model = ProgressEntry
        fields = ["id", "task", "date", "value", "percent", "note", "created"]
        extra_kwargs = {"percent": {"required": False}}

    def validate_task(self, task):
        user = self.context["request"].user
        if not Task.objects.editable_by(user).filter(pk=task.pk).exists():
            raise PermissionDenied("您的角色不能为该任务登记进展。")
        return task

    def get_fields(self):
        fields = super().get_fields()
        fields["task"].queryset = Task.objects.visible_to(self.context["request"].user)
        return fields

    def create(self, validated_data):
        try:
            return actions.add_progress(self.context["request"].user, validated_data["task"], validated_data["date"],
                                        validated_data.get("note", ""), value=validated_data.get("value"),
                                        percent=validated_data.get("percent"))
        except DjangoValidationError as exc:
            _raise(exc)


class ProgressEntryViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Append-only: list, read and create; no update, no delete."""

    serializer_class = ProgressEntrySerializer

    def get_queryset(self):
        return ProgressEntry.objects.visible_to(self.request.user)


class ResponsibilitySerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = ResponsibilityPost
        fields = ["id", "organization", "post", "holder", "start", "end", "duties", "tasks"]


class ResponsibilityViewSet(ScopedViewSet):
    model = ResponsibilityPost
    serializer_class = ResponsibilitySerializer
    filterset_class = ResponsibilityFilterSet


class VisitSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = Visit
        fields = ["id", "cadre", "kind", "organization", "household", "date", "look", "listen", "speak", "act"]
        read_only_fields = ["cadre"]

    def create(self, validated_data):
        return super().create({**validated_data, "cadre": self.context["request"].user})


class VisitViewSet(ScopedViewSet):
    model = Visit
    serializer_class = VisitSerializer
    filterset_class = VisitFilterSet
    http_method_names = ["get", "post", "head", "options"]
