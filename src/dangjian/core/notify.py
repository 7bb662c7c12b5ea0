"""Creating notifications: one function every app calls, idempotent by key.

A new notification also goes out through the channels its topic and the person's choices name (SMS, e-mail,
group robots: core/channels/), as delivery rows the job queue sends after the commit."""

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
            note = Notification.objects.create(user=user, key=key[:200], title=title[:200], body=body, url=url,
                                               kind=kind)
            from .channels.deliveries import plan

            plan(note)
    except IntegrityError:  # a concurrent run created it first
        return False
    return True


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
