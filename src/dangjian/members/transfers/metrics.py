"""Figures of transfers: members transferred in and out of an organization in a period (by the accepted date).

A move inside the organization's own subtree (between two branches of one community) is neither in nor out of it.
"""

from dangjian.core.metrics import metric, subtree

from ..models.transfers import Transfer
from .choices import TransferKind, TransferStatus

COLUMNS = (("党员", "member.person.name"), ("转出方", "from_label"), ("接收方", "to_label"), ("日期", "decided_on"))


@metric("transfers_in", "组织关系转入", "人",
        "期内接收（含从平台外转入）的党员组织关系，按接收日期；同一组织内部的调整不计",
        Transfer, columns=COLUMNS, assessable=False, month="decided_on", place=None)
def transfers_in(base, org, start, end):
    return (subtree(base, "to_branch", org)
            .filter(status__in=(TransferStatus.ACCEPTED, TransferStatus.REGISTERED), decided_on__gte=start,
                    decided_on__lte=end)
            .exclude(kind=TransferKind.WITHIN, from_branch__path__startswith=org.path))


@metric("transfers_out", "组织关系转出", "人",
        "期内被接收的转出和开具介绍信转往平台外的党员，按接收（开具）日期；同一组织内部的调整不计",
        Transfer, columns=(("党员", "member.person.name"), ("转出方", "from_label"), ("接收方", "to_label"),
                           ("日期", "date")), assessable=False, month="date", place=None)
def transfers_out(base, org, start, end):
    within = subtree(base, "from_branch", org).filter(
        kind=TransferKind.WITHIN, status=TransferStatus.ACCEPTED, decided_on__gte=start, decided_on__lte=end
    ).exclude(to_branch__path__startswith=org.path)
    out = subtree(base, "from_branch", org).filter(
        kind=TransferKind.OUT, status__in=(TransferStatus.ISSUED, TransferStatus.RETURNED), date__gte=start,
        date__lte=end)
    return within | out
