"""What waits in member work: manual points to approve, nominations to decide on."""

from django.db.models import Q
from django.urls import reverse

from dangjian.core.scope import acts_above_q
from dangjian.core.todo import todo

from .actions import AWARD_ROLES
from .choices import AwardStatus, EntryStatus, MemberAck
from .models import Award, PointEntry


@todo("points_to_decide", "待审核的积分", roles=PointEntry.edit_roles, order=30,
      columns=(("党员", "member.person.name"), ("事由", "reason")), link=lambda e: reverse("members:points_pending"),
      hint="他人录入的积分须由另一位负责人审核后才计入。")
def points_to_decide(user):
    """Pending manual entries the user may decide: in their part of the tree, neither recorded by them nor theirs."""
    return (PointEntry.objects.editable_by(user).filter(status=EntryStatus.PENDING)
            .exclude(Q(created_by=user) | Q(member__person__user=user))
            .select_related("member__person").order_by("date", "pk"))


@todo("nominations_to_decide", "待审批的评优推荐", roles=AWARD_ROLES, order=31,
      columns=(("推荐组织", "proposer_org.name"), ("荣誉", "kind")), hint="下级组织推荐的评优，请审批。")
def nominations_to_decide(user):
    return (Award.objects.visible_to(user).filter(acts_above_q(user, AWARD_ROLES, "proposer_org"),
                                                  status=AwardStatus.NOMINATED)
            .exclude(member__person__user=user).select_related("member__person", "proposer_org").order_by("pk"))


@todo("points_disputed", "党员有异议的积分", roles=PointEntry.edit_roles, order=32,
      columns=(("党员", "member.person.name"), ("事由", "reason"), ("异议理由", "objection")),
      link=lambda e: reverse("members:point_disputes"), hint="党员核对积分时提出的异议，请核实后答复。")
def points_disputed(user):
    """Objections in the user's part of the tree, except to the user's own points."""
    return (PointEntry.objects.editable_by(user).filter(member_ack=MemberAck.DISPUTED)
            .exclude(member__person__user=user).select_related("member__person").order_by("ack_at", "pk"))


from . import parts as _parts  # noqa: E402

_parts.load("todo")  # the lifecycle parts: members/parts.py
