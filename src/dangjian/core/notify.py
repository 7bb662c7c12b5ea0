"""Creating notifications: one function every app calls, idempotent by key."""

from django.db import IntegrityError, transaction

from .models import Notification


def notify(user, key: str, title: str, body: str = "", url: str = "", kind: str = "notice") -> bool:
    """Create the notification unless (user, key) exists. Returns True when one was created."""
    if user is None:
        return False
    if Notification.objects.filter(user=user, key=key).exists():
        return False
    try:
        with transaction.atomic():
            Notification.objects.create(user=user, key=key[:200], title=title[:200], body=body, url=url, kind=kind)
    except IntegrityError:  # a concurrent run created it first
        return False
    return True


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
