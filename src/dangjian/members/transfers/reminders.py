"""Daily: a letter past its validity without its return slip reminds the sending branch's secretaries (once each)."""

from django.utils import timezone

from dangjian.core.jobs import daily_job
from dangjian.core.notify import notify

from ..models.transfers import Transfer
from .choices import TransferKind, TransferStatus


@daily_job("组织关系介绍信回执逾期提醒")
def remind_overdue_returns(today=None) -> int:
    from .actions import _holders

    today = today or timezone.localdate()
    sent = 0
    overdue = (Transfer.objects.filter(kind=TransferKind.OUT, status=TransferStatus.ISSUED, valid_until__lt=today)
               .select_related("member__person", "from_branch"))
    from django.contrib.auth import get_user_model

    for transfer in overdue:
        for user in get_user_model().objects.filter(pk__in=_holders(transfer.from_branch), is_active=True):
            sent += notify(user, f"transfer:{transfer.pk}:overdue", f"介绍信回执逾期：{transfer.member.person.name}",
                           f"介绍信{transfer.letter_number}已于{transfer.valid_until:%Y-%m-%d}到期，尚未收到"
                           f"{transfer.outside_org}的回执。", url=transfer.get_absolute_url())
    return sent
