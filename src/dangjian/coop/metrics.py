"""Regional co-building metrics: partner units, joint activities, in-service members' participation."""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from dangjian.core.metrics import Metric as M
from dangjian.core.metrics import metric, on_days, register, subtree
from dangjian.members.models import PartyMember
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization

from .models import CoBuildAgreement, JointActivity, PartnerKind, PartnerUnit, Project, ProjectStatus

MEMBER_COLUMNS = (("姓名", "person.name"), ("工作单位", "employer"), ("报到社区", "registered_community.name"))


@metric("partner_units", "共建单位", "个", "期内有有效共建协议的驻区单位、结对单位和社会组织", PartnerUnit,
        columns=(("单位", "name"), ("类型", "get_kind_display"), ("共建社区", "organization.name")))
def partner_units(base, org, start, end):
    current = CoBuildAgreement.objects.filter(partner=OuterRef("pk"), start__lte=end, end__gte=start)
    return subtree(base, "organization", org).filter(Exists(current))


@metric("regional_committees", "建立区域党委的社区", "个",
        "期内至少有一个共建单位负责人任兼职委员（有有效共建协议）的社区党委", Organization,
        columns=(("社区", "name"),), assessable=False)
def regional_committees(base, org, start, end):
    seated = partner_units(PartnerUnit.objects.all(), org, start, end).filter(leader_on_committee=True)
    return base.filter(path__startswith=org.path, kind=OrgKind.COMMUNITY_COMMITTEE,
                       pk__in=seated.values("organization_id"))


@metric("joint_activities", "联创共建活动", "次", "期内社区与共建单位共同开展的活动（按活动日期）", JointActivity,
        columns=(("日期", "date"), ("活动", "title"), ("社区", "organization.name"), ("共建单位人数", "partner_staff")),
        month="date")
def joint_activities(base, org, start, end):
    # Held, not planned: an activity members have signed up for next week has not happened yet.
    return subtree(base, "organization", org).filter(date__gte=start, date__lte=min(end, timezone.localdate()))


def _registered(base, org, end):
    return base.active().filter(in_service=True, registered_community__path__startswith=org.path).filter(
        Q(registered_on__isnull=True) | Q(registered_on__lte=end))


@metric("inservice_registered", "报到在职党员", "名", "期末到社区报到的在职党员", PartyMember,
        columns=MEMBER_COLUMNS, assessable=False, place="registered_community__path")
def inservice_registered(base, org, start, end):
    return _registered(base, org, end)


@metric("joint_activity_members", "参加联创共建活动的在职党员", "名",
        "期内至少参加一次本社区联创共建活动的在职党员（按人计）", PartyMember, columns=MEMBER_COLUMNS,
        assessable=False, place=None)  # counted by the activities joined, not where a member hangs
def joint_activity_members(base, org, start, end):
    joined = JointActivity.objects.filter(members=OuterRef("pk"), organization__path__startswith=org.path,
                                          date__gte=start, date__lte=end)
    return base.active().filter(in_service=True).filter(Exists(joined))


@metric("inservice_active", "参与社区活动的在职党员", "名",
        "报到在职党员中期内参加过联创共建活动或有经确认的志愿服务时长的人数", PartyMember, columns=MEMBER_COLUMNS,
        assessable=False, place="registered_community__path")
def inservice_active(base, org, start, end):
    from dangjian.services.models import Signup

    joined = JointActivity.objects.filter(members=OuterRef("pk"), date__gte=start, date__lte=end)
    served = Signup.objects.filter(person=OuterRef("person"), confirmed=True,
                                   **on_days("activity__starts_at", start, end))
    return _registered(base, org, end).filter(Exists(joined) | Exists(served))


register(M("inservice_participation", "在职党员参与率", "%", "参与社区活动的在职党员 ÷ 报到在职党员 × 100%",
           ratio=("inservice_active", "inservice_registered")))


def _partners_of_kind(kind):
    def rows(base, org, start, end):
        return partner_units(base, org, start, end).filter(kind=kind)

    return rows


for _kind, _key in ((PartnerKind.RESIDENT_UNIT, "resident"), (PartnerKind.PAIRED_UNIT, "paired"),
                    (PartnerKind.SOCIAL_ORG, "social")):
    register(M(f"partner_units_{_key}", f"共建单位（{_kind.label}）", "个",
               f"期内有有效共建协议的{_kind.label}", PartnerUnit, rows=_partners_of_kind(_kind),
               columns=(("单位", "name"), ("共建社区", "organization.name")), assessable=False))


@metric("coop_projects_done", "共建项目解决的问题", "个",
        "需求清单中经共建单位资源对接、项目已完成的问题（项目记录无日期，按现状）", Project,
        columns=(("项目", "title"), ("对应需求", "need.title"), ("社区", "organization.name")), assessable=False,
        dated=False)
def coop_projects_done(base, org, start, end):
    return subtree(base, "organization", org).filter(status=ProjectStatus.DONE)
