"""Several workers sending at once (threads, each its own database session): every delivery goes out once."""

import pytest
from django.test import override_settings
from django.utils import timezone

from dangjian.core.channels import deliveries
from dangjian.core.channels.models import Channel, Delivery, Status
from dangjian.core.models import Notification
from dangjian.testing import world
from dangjian.testing.concurrency import race, seeded_community

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_workers_sending_at_once_send_each_delivery_once(stub):
    seeded_community()
    user = world.user("member")
    user.person.phone = "13812345678"
    user.person.save()
    for i in range(12):
        note = Notification.objects.create(user=user, key=f"meeting:race{i}:upcoming", title=f"会议提醒{i}")
        Delivery.objects.create(notification=note, channel=Channel.SMS, topic="meeting", recipient="138****5678",
                                next_attempt_at=timezone.now())
    with override_settings(SMS_BACKEND="http", SMS_GATEWAY_URL=f"{stub.url}/sms"):
        results, errors = race(6, lambda i: deliveries.send_due())
    assert errors == [] and sum(r.get(Status.SENT, 0) for r in results) == 12
    mine = Delivery.objects.filter(notification__key__startswith="meeting:race")
    assert mine.filter(status=Status.SENT, attempts=1).count() == 12
    assert sorted(r["json"]["text"] for r in stub.requests) == sorted(f"【党建平台】会议提醒{i}" for i in range(12))
