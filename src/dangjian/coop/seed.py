"""Demo co-building: partner units of three kinds per community, agreements, lists, a year of activities."""

from datetime import date

from django.utils import timezone

from dangjian.core import seeding
from dangjian.core.models import Evidence
from dangjian.core.seeding import seeder
from dangjian.members.models import PartyMember

from .models import CoBuildAgreement, JointActivity, Need, PartnerKind, PartnerUnit, Project, ProjectStatus, Resource

PARTNERS = [
    ("市供电公司第三供电所", PartnerKind.RESIDENT_UNIT),
    ("市财政局机关党委", PartnerKind.PAIRED_UNIT),
    ("爱心之家社工服务中心", PartnerKind.SOCIAL_ORG),
]


KINDS = ["亲子读书会", "环境整治", "义诊进社区", "政策宣讲", "文艺汇演", "关爱留守儿童"]


@seeder(60)
def seed_coop(ctx):
    rng = ctx.rng
    today = timezone.localdate()
    registered = {}
    communities = ctx.data["communities"]
    for m in PartyMember.objects.filter(in_service=True, registered_community__in=communities).only(
            "pk", "registered_community_id"):
        registered.setdefault(m.registered_community_id, []).append(m)
    for community in communities:
        units = PartnerUnit.objects.bulk_create([
            PartnerUnit(
                organization=community,
                name=f"{community.short_name}·{name}",
                kind=kind,
                party_org=f"{name}党支部",
                member_count=rng.randint(5, 60),
                leader_on_committee=kind != PartnerKind.SOCIAL_ORG,
            )
            for name, kind in PARTNERS
        ])
        CoBuildAgreement.objects.bulk_create(
            CoBuildAgreement(
                partner=unit,
                organization_building="支部联建、党课共上",
                resource_sharing="场地设施、专业人才共享",
                member_management="在职党员到社区报到",
                joint_activities="每月开展1次共建活动",
                start=date(today.year, 1, 1),
                end=date(today.year + 1, 12, 31),
            )
            for unit in units
        )
        need = Need.objects.create(organization=community, title="老旧小区下水道改造", raised_on=date(today.year, 3, 1))
        resource = Resource.objects.create(partner=units[0], title="工程技术人员和维修设备")
        Project.objects.create(
            organization=community,
            title="下水道改造共建项目",
            need=need,
            resource=resource,
            status=ProjectStatus.DONE,
            outcome="改造管网600米，解决积水问题",
        )
        Need.objects.create(organization=community, title="留守儿童课后托管", raised_on=date(today.year, 5, 1))
        Resource.objects.create(partner=units[2], title="专业社工和志愿者")
        members = registered.get(community.pk, [])
        keen = rng.sample(members, len(members) // 2) if members else []  # half never show up
        activities, partners, joined = [], [], []
        for month in range(1, today.month + 1):
            when = date(today.year, month, rng.randint(3, 26))
            if when > today:
                continue
            activities.append(JointActivity(
                organization=community,
                title=f"{rng.choice(KINDS)}",
                kind="联创共建",
                date=when,
                partner_staff=rng.randint(3, 15),
                outcome="活动顺利开展，居民满意。",
            ))
            partners.append(rng.sample(units, 2))
            joined.append(rng.sample(keen, min(len(keen), rng.randint(1, 4))) if keen else [])
        JointActivity.objects.bulk_create(activities)
        through = JointActivity.partners.through
        through.objects.bulk_create(through(jointactivity_id=a.pk, partnerunit_id=pk)
                                    for a, chosen in zip(activities, partners, strict=True)
                                    for pk in set(u.pk for u in chosen))  # in the order `set` adds them
        if activities:  # the first one photographed
            photo = seeding.demo_photo("活动合影.png")
            activities[0].photos.add(Evidence.store(photo, community, None))
        through = JointActivity.members.through
        through.objects.bulk_create(through(jointactivity_id=a.pk, partymember_id=pk)
                                    for a, chosen in zip(activities, joined, strict=True)
                                    for pk in set(m.pk for m in chosen))
    ctx.out(f"共建单位：{PartnerUnit.objects.count()} 个，联创共建活动：{JointActivity.objects.count()} 次")
