"""Base API viewset: the same scoping as the pages (out of scope answers 404)."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.views import APIView

from .reach import home_field
from .views import can_create


def exception_handler(exc, context):
    """DRF's handler, plus the platform's refusals: their status and Chinese reason (fields kept apart)."""
    from rest_framework.response import Response
    from rest_framework.views import exception_handler as drf_handler

    if isinstance(exc, DjangoValidationError):
        status = getattr(exc, "status", 400)
        if status == 404:
            return Response({"detail": exc.messages[0]}, status=404)
        # One sentence for simple clients, and the fields to blame where there are some.
        body = {"detail": "；".join(exc.messages), **(exc.message_dict if hasattr(exc, "error_dict") else {})}
        return Response(body, status=status)
    return drf_handler(exc, context)


NOT_AN_OBJECT = "请求内容应为一个 JSON 对象（{…}）。"
NOT_TEXT = "请填写文字。"


def body(request) -> Mapping:
    """The JSON object an action reads its fields from; a list, a string or a number is refused with 400 (the
    actions then check each field themselves, with their own messages)."""
    if not isinstance(request.data, Mapping):
        raise serializers.ValidationError({"non_field_errors": [NOT_AN_OBJECT]})
    return request.data


class NotFoundView(APIView):
    """Any /api/ address that no route takes (an id such as `0.5`, a stray segment): 404 in JSON like the
    routes' own, after the same sign-in check, instead of the site's HTML page."""

    schema = None  # not an operation of the document

    def http_method_not_allowed(self, request, *args, **kwargs):
        raise NotFound()

    options = http_method_not_allowed


class MayCreate(permissions.IsAuthenticated):
    """A POST to a list is refused to roles that may not create before its body is read: a read-only
    role gets 403, not the validation errors of a form it may never send."""

    message = "您的角色不能新建此类记录。"

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        return getattr(view, "action", None) != "create" or can_create(request.user, view.model)


class ScopedViewSet(viewsets.ModelViewSet):
    """Reads through `visible_to`; writes need `editable_by` on the object and on its new place."""

    model = None
    permission_classes = [MayCreate]

    def get_queryset(self):
        return self.model.objects.all().visible_to(self.request.user)

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            if not self.model.objects.editable_by(request.user).filter(pk=obj.pk).exists():
                raise PermissionDenied("您的角色不能修改此记录。")

    def perform_create(self, serializer):
        if not can_create(self.request.user, self.model):
            raise PermissionDenied("您的角色不能新建此类记录。")
        with transaction.atomic():
            serializer.save()

    def perform_update(self, serializer):
        with transaction.atomic():
            serializer.save()

    def check_destroy(self, instance):
        """Hook: raise ValidationError when this row must not be deleted (e.g. it has children)."""

    def perform_destroy(self, instance):
        from django.db.models import ProtectedError

        self.check_destroy(instance)
        try:
            with transaction.atomic():
                instance.delete()
        except ProtectedError as exc:
            message = "仍有关联记录，不能删除。请先处理关联的人员或下级组织。"
            raise serializers.ValidationError({"non_field_errors": [message]}) from exc


class TextInputMixin:
    """A text field takes text, as sent: JSON's 0, true, [..] or {..} sent as a name or a note is refused (400), not
    stored as "0" or "True" (DRF would coerce it); and its length limit (the document's maxLength) counts what was
    sent, before DRF trims the spaces around it."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            errors = {}
            for name, field in self.fields.items():
                value = data.get(name)
                if not isinstance(field, serializers.CharField) or field.read_only or value is None:
                    continue
                if not isinstance(value, str):
                    errors[name] = [NOT_TEXT]
                elif field.max_length is not None and len(value) > field.max_length:
                    errors[name] = [field.error_messages["max_length"].format(max_length=field.max_length)]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class ScopedSerializerMixin(TextInputMixin):
    """Limits related choices like the forms do, and runs the model's clean() for one rule set."""

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for field in fields.values():
            qs = getattr(field, "queryset", None)
            if qs is None or not hasattr(qs, "visible_to"):
                continue
            qs = qs.all()  # DRF passes the model's manager
            if home_field(qs.model) == "":  # a choice of organization: where the user may place this record
                field.queryset = qs.placeable_for(user, self.Meta.model)
            else:
                field.queryset = qs.visible_to(user)
        return fields

    def validate(self, attrs):
        attrs = super().validate(attrs)
        instance = self.instance or self.Meta.model()
        # Many-to-many values are not the row's (clean() cannot see them): ModelSerializer sets them after saving.
        many = {field.name for field in instance._meta.many_to_many}
        for key, value in attrs.items():
            if key not in many:
                setattr(instance, key, value)
        try:
            instance.clean()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        # clean() may normalize (e.g. a 15-digit ID upgraded); carry that back.
        for key in attrs:
            if key not in many:
                attrs[key] = getattr(instance, key)
        for derived in getattr(self.Meta, "derived_from_clean", ()):
            attrs[derived] = getattr(instance, derived)
        return attrs
