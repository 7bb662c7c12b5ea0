"""Change history shown on detail pages (django-auditlog), PII masked by the registry."""

from auditlog.models import LogEntry


def history_for(obj, limit: int = 50):
    return list(LogEntry.objects.get_for_object(obj).select_related("actor").order_by("-timestamp")[:limit])


def register(model, mask=(), exclude=()):
    """One place that decides how a model's history is kept, so all apps record alike."""
    from auditlog.registry import auditlog

    auditlog.register(
        model,
        exclude_fields=["created", "updated", *exclude],
        mask_fields=list(mask),
        mask_callable="dangjian.core.masking.mask_any",
        serialize_data=True,
        serialize_auditlog_fields_only=True,
    )
