"""The transfer pages in the role × view and write matrices (core/pages.py).

A transfer is seen by both sides; the matrices sample transfers that stay inside one community (or leave the
platform), so "a sibling community's record answers 404" holds for the sample — the two sides of a transfer between
communities are tested in tests/test_transfers.py instead.
"""

from django.db.models import F, Q

from dangjian.core.pages import Page, register

from ..models.transfers import Transfer
from .choices import TransferKind, TransferStatus

MANAGERS = frozenset(Transfer.edit_roles)
ONE_SIDE = Q(to_branch__isnull=True) | Q(from_branch__isnull=True) | Q(from_community=F("to_community"))
PENDING = ONE_SIDE & Q(kind=TransferKind.WITHIN, status=TransferStatus.PENDING)
ISSUED = Q(kind=TransferKind.OUT, status=TransferStatus.ISSUED)

register(
    Page("transfers:transfer_list", "组织关系转接"),
    Page("transfers:transfer_list", "组织关系转接：转入", query="dir=in"),
    Page("transfers:transfer_list", "组织关系转接：待办理", query="dir=open"),
    Page("transfers:transfer", "转接详情", model=Transfer, where=ONE_SIDE),
    Page("transfers:transfer_add", "发起组织关系转接", writes=True, writers=MANAGERS, bench=False),
    Page("transfers:incoming_add", "登记平台外转入", writes=True, writers=MANAGERS, bench=False),
    Page("transfers:transfer_accept", "接收组织关系转接", model=Transfer, where=PENDING, writes=True, bench=False),
    Page("transfers:transfer_reject", "退回组织关系转接", model=Transfer, where=PENDING, writes=True, bench=False),
    Page("transfers:transfer_cancel", "撤回组织关系转接", model=Transfer, where=PENDING, writes=True, get=False),
    Page("transfers:transfer_return", "登记介绍信回执", model=Transfer, where=ISSUED, writes=True, get=False),
    Page("transfers:transfer_letter", "组织关系介绍信", model=Transfer, where=Q(kind=TransferKind.OUT), bench=False),
    Page("todo", "我的待办：待接收的组织关系转接", kwargs=lambda _: {"key": "transfers_to_receive"}),
    Page("api:transfer-list", "API 组织关系转接", api=True, bench=False),
    Page("api:transfer-detail", "API 组织关系转接详情", model=Transfer, where=ONE_SIDE, api=True, bench=False),
)
