"""在职党员到社区报到: an in-service member reports in to the community where they live, by its code.

The community's code (a QR on the wall of the service centre, or the same link sent round a group) carries
the community signed with the installation's key: it cannot be made up for another organization, and it
needs no stored token. Reporting in sets `registered_community` and `registered_on` on the member through
`transition` (the history names who and when); from then on the community sees the member (the reach of
PartyMember), the member sees the community's co-building activities (the reach of JointActivity), and the
figures count them (coop.metrics `inservice_registered`).
"""

from django.core import signing
from django.utils import timezone

from dangjian.core.roles import Role
from dangjian.core.scope import has_role
from dangjian.core.workflow import Refused, transition
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization

from .choices import ACTIVE_STATUSES
from .models import PartyMember

_SIGNER = signing.Signer(salt="dangjian.members.report-in")


def report_token(community) -> str:
    return _SIGNER.sign(str(community.pk))


def community_for(token: str) -> Organization:
    """The community a report-in code names, or `Refused` (404) for a code that was not made here."""
    try:
        pk = int(_SIGNER.unsign(token))
    except (signing.BadSignature, ValueError):
        raise Refused.absent("报到码无效，请向社区党委索取正确的报到二维码。") from None
    community = Organization.objects.filter(pk=pk, kind=OrgKind.COMMUNITY_COMMITTEE).first()
    if community is None:
        raise Refused.absent("报到码无效，请向社区党委索取正确的报到二维码。")
    return community


def own_member(user) -> PartyMember | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (PartyMember.objects.filter(person__user=user)
            .select_related("person", "branch", "registered_community").first())


def why_not_report_in(user, member, community) -> Refused | None:
    """The one rule of reporting in, for the button and the step: a party member acting as one, in service,
    active, not yet reported anywhere."""
    if member is None or not has_role(user, Role.MEMBER):
        return Refused.forbidden("您的账号不是党员账号，无需报到。居民和志愿者请在“社区服务”中参加活动。")
    if member.status not in ACTIVE_STATUSES:
        return Refused.forbidden("您的党员状态不是“正常”，暂不能报到，请联系所在支部。")
    if not member.in_service:
        return Refused.forbidden("到社区报到面向在职党员。您不是在职党员，请参加所在支部的组织生活。")
    if member.registered_community_id == community.pk:
        return Refused.conflict(f"您已于 {member.registered_on:%Y年%m月%d日} 向{community.name}报到，无需重复报到。"
                                if member.registered_on else f"您已向{community.name}报到，无需重复报到。")
    if member.registered_community_id:
        return Refused.conflict(f"您已向{member.registered_community.name}报到。如需改到其他社区，"
                                "请联系所在支部书记变更。")
    return None


def may_report_in(user, member, community) -> bool:
    return why_not_report_in(user, member, community) is None


def report_in(user, community) -> PartyMember:
    """Record the signed-in member's report-in to `community` today (a second tap changes nothing: 409)."""
    member = own_member(user)
    refusal = why_not_report_in(user, member, community)
    if refusal is not None:
        raise refusal
    return transition(member, when={"in_service": True, "registered_community__isnull": True},
                      to={"registered_community": community, "registered_on": timezone.localdate()},
                      actor=user, step="到社区报到", reason=f"扫码向{community.name}报到",
                      refusal="您已向社区报到，无需重复报到。")
