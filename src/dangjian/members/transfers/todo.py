"""Transfers waiting in 我的待办: on the receiving side (to accept or reject), on the sending side (waiting for the
other side), and letters whose return slip is overdue."""

from django.utils import timezone

from dangjian.core.todo import todo

from ..models.transfers import Transfer
from .actions import EDIT_ROLES, side_q
from .choices import TransferKind, TransferStatus

COLUMNS = (("党员", "member.person.name"), ("转出方", "from_label"), ("接收方", "to_label"), ("转接日期", "date"))


def _base(user):
    return Transfer.objects.visible_to(user).select_related("member__person", "from_branch", "to_branch")


@todo("transfers_to_receive", "待接收的组织关系转接", roles=EDIT_ROLES, order=33, columns=COLUMNS,
      hint="其他支部转来的党员，请核对后接收或退回（退回须写明理由）。")
def transfers_to_receive(user):
    return (_base(user).filter(side_q(user, "to_branch"), kind=TransferKind.WITHIN, status=TransferStatus.PENDING)
            .exclude(member__person__user=user).order_by("date", "pk"))


@todo("transfers_sent", "待对方接收的组织关系转出", roles=EDIT_ROLES, order=34, columns=COLUMNS,
      hint="已发起、对方尚未接收的转接；如有变化可以撤回。")
def transfers_sent(user):
    return (_base(user).filter(side_q(user, "from_branch"), kind=TransferKind.WITHIN, status=TransferStatus.PENDING)
            .exclude(side_q(user, "to_branch")).order_by("date", "pk"))


@todo("transfer_returns_overdue", "介绍信回执逾期", roles=EDIT_ROLES, order=35,
      columns=(("党员", "member.person.name"), ("接收党组织", "outside_org"), ("介绍信编号", "letter_number"),
               ("有效期至", "valid_until")),
      hint="介绍信已过有效期仍未收到回执，请联系接收党组织核实并登记回执日期。")
def transfer_returns_overdue(user):
    return (_base(user).filter(side_q(user, "from_branch"), kind=TransferKind.OUT, status=TransferStatus.ISSUED,
                               valid_until__lt=timezone.localdate()).order_by("valid_until", "pk"))
