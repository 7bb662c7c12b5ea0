"""The kinds and states of a transfer (组织关系转接)."""

from django.db import models


class TransferKind(models.TextChoices):
    WITHIN = "within", "平台内转接"
    OUT = "out", "转出平台外"
    IN = "in", "从平台外转入"


class TransferStatus(models.TextChoices):
    PENDING = "pending", "待接收"
    ACCEPTED = "accepted", "已接收"
    REJECTED = "rejected", "已退回"
    CANCELLED = "cancelled", "已撤回"
    ISSUED = "issued", "已开介绍信（待回执）"
    RETURNED = "returned", "已回执"
    REGISTERED = "registered", "已转入"


# States in which a transfer still waits for someone: a member in one of them cannot get another.
OPEN_STATUSES = (TransferStatus.PENDING, TransferStatus.ISSUED)
DEFAULT_VALID_DAYS = 30
