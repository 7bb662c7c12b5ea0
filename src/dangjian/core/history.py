"""Change history shown on detail pages (django-auditlog), PII masked by the registry."""

from auditlog.models import LogEntry


def history_for(obj, limit: int = 50):
    # content_type too: rendering an entry reads its model (one query per entry otherwise)
    return list(LogEntry.objects.get_for_object(obj).select_related("actor", "content_type")
                .order_by("-timestamp")[:limit])


def register(model, mask=(), exclude=()):
    """One place that decides how a model's history is kept, so all apps record alike."""
    from auditlog.registry import auditlog

    # Reverse relations (a position's rooms) are not the row's own data: left in, a new row's history
    # would read "rooms: None → assessment.Room.None"; the id is shown by the page itself.
    reverse = [f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete]
    auditlog.register(
        model,
        exclude_fields=["id", "created", "updated", *reverse, *exclude],
        mask_fields=list(mask),
        mask_callable="dangjian.core.masking.mask_any",
        serialize_data=True,
        serialize_auditlog_fields_only=True,
    )
