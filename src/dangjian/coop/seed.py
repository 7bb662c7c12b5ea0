"""Demo co-building: partner units of three kinds per community, agreements, lists, a year of activities,
and in-service members' sign-ups and QR check-ins (past activities attended, coming ones signed up for)."""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from dangjian.core import seeding
from dangjian.core.models import Evidence
from dangjian.core.seeding import seeder
from dangjian.members.models import PartyMember

from .models import (
    ActivitySignup,
    CoBuildAgreement,
    JointActivity,
    Need,
    PartnerKind,
    PartnerUnit,
    Project,
    ProjectStatus,
    Resource,
    SignupStatus,
)

# Each community's three partners of the three kinds, then the demonstration sites' further ones, by the
# community's place in its street (the reference report's ×集团, 市财政局, 区发改委, ×之家, ×社工, ×养老, ×亲子派).
PARTNERS = {
    0: [("中原恒泰集团", PartnerKind.RESIDENT_UNIT), ("市财政局", PartnerKind.PAIRED_UNIT),
        ("爱心之家", PartnerKind.SOCIAL_ORG)],
    1: [("市第二发电厂", PartnerKind.RESIDENT_UNIT), ("区住建局", PartnerKind.PAIRED_UNIT),
        ("红色志愿者驿站", PartnerKind.SOCIAL_ORG)],
}
MORE_PARTNERS = {
    0: [("区发改委", PartnerKind.PAIRED_UNIT), ("同心社工", PartnerKind.SOCIAL_ORG),
        ("康乐养老", PartnerKind.SOCIAL_ORG), ("彩虹亲子派", PartnerKind.SOCIAL_ORG)],
    1: [("市中心医院", PartnerKind.RESIDENT_UNIT), ("邻里和谐社工", PartnerKind.SOCIAL_ORG)],
}
POOLS = (
    (PartnerKind.RESIDENT_UNIT, ["市自来水公司", "区实验小学", "市第三人民医院", "工商银行城关支行", "市邮政分公司",
                                 "区消防救援大队", "市公交公司第二分公司", "燃气公司营业所", "市第一中学", "区图书馆",
                                 "国网供电服务站"]),
    (PartnerKind.PAIRED_UNIT, ["区人社局", "区卫健委", "区教体局", "区民政局", "区司法局", "区城管局", "区税务局",
                               "区市场监管局", "区文旅局", "区应急管理局", "区统计局"]),
    (PartnerKind.SOCIAL_ORG, ["夕阳红养老服务中心", "启明社工", "益家亲社工", "和谐邻里促进会", "蒲公英亲子派",
                              "暖阳之家", "乐龄养老", "青禾社工", "向日葵亲子派", "善邻之家", "康馨养老"]),
)
# The neighbourhood problem each community solved with a partner's help (its need, then the project's outcome).
NEEDS = ["老旧小区下水道改造", "发电厂小区下水道改造", "背街小巷路面硬化", "老旧小区楼道粉刷", "小区路灯维修",
         "小区停车难", "垃圾分类站点建设", "健身器材更新", "楼院化粪池清掏", "小区安防监控", "雨污管网疏通"]


def _partners(pos: int) -> list:
    if pos in PARTNERS:
        return PARTNERS[pos]
    return [(pool[(pos - 2) % len(pool)], kind) for kind, pool in POOLS]


KINDS = ["亲子读书会", "环境整治", "义诊进社区", "政策宣讲", "文艺汇演", "关爱留守儿童"]
OUTCOMES = {
    "亲子读书会": "带动辖区儿童和家长共读红色经典",
    "环境整治": "清理楼道杂物和卫生死角，小区环境明显改善",
    "义诊进社区": "为老年居民免费测量血压血糖、讲解健康知识",
    "政策宣讲": "把惠民政策讲到居民家门口",
    "文艺汇演": "丰富了居民的文化生活",
    "关爱留守儿童": "为留守儿童送去学习用品，陪孩子们过周末",
}
# The demonstration sites' own outcomes, as their partners (a group and a hospital; a power plant and a clinic)
# would have them.
SITE_OUTCOMES = {
    0: {"亲子读书会": "同心社工带领亲子家庭共读红色绘本", "环境整治": "恒泰集团职工清运楼院堆积的建筑垃圾",
        "义诊进社区": "康乐养老的医护人员上门为失能老人查体", "政策宣讲": "财政局干部讲解医保和养老补贴新政",
        "文艺汇演": "和立方俏夕阳合唱队登台献唱", "关爱留守儿童": "彩虹亲子派为留守儿童开设周末手工课"},
    1: {"亲子读书会": "驿站志愿者在红色书屋陪孩子读书", "环境整治": "发电厂党员突击队疏通了堵塞的雨水管",
        "义诊进社区": "市中心医院专家为慢病居民建立随访卡", "政策宣讲": "住建局干部解答老旧小区改造政策",
        "文艺汇演": "发电厂职工文艺队与居民同台演出", "关爱留守儿童": "社工为留守儿童建立成长档案"},
}
# What the partner lent to solve the problem, by the community's place; and a second problem a site solved.
RESOURCES = {1: "检修班组和抢修车辆"}
MORE_PROJECTS = {0: ("楼道适老化扶手加装", 1, "改造资金和施工队伍")}  # (need, partner index, what it lent)
DROP_EVERY = {1: 3}  # a site that met its partners less often: every third month's activity not held


@seeder(60)
def seed_coop(ctx):
    rng = ctx.rng
    today = timezone.localdate()
    registered = {}
    communities = ctx.data["communities"]
    for m in PartyMember.objects.filter(in_service=True, registered_community__in=communities).only(
            "pk", "registered_community_id"):
        registered.setdefault(m.registered_community_id, []).append(m)
    for index, community in enumerate(communities):
        pos = index % ctx.scale.communities_per_street  # the first two of a street are the demonstration sites
        units = PartnerUnit.objects.bulk_create([
            PartnerUnit(
                organization=community,
                name=name,
                kind=kind,
                party_org=f"{name}党支部",
                member_count=rng.randint(5, 60),
                leader_on_committee=kind != PartnerKind.SOCIAL_ORG,
            )
            for name, kind in _partners(pos)
        ])
        more = PartnerUnit.objects.bulk_create(  # no random draws: the rest of the demo stays as it was
            PartnerUnit(organization=community, name=name, kind=kind, party_org=f"{name}党支部", member_count=20,
                        leader_on_committee=kind != PartnerKind.SOCIAL_ORG)
            for name, kind in MORE_PARTNERS.get(pos, ()))
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
            for unit in units + more
        )
        need = Need.objects.create(organization=community, title=NEEDS[pos % len(NEEDS)],
                                   raised_on=date(today.year, 3, 1))
        resource = Resource.objects.create(partner=units[0], title=RESOURCES.get(pos, "工程技术人员和维修设备"))
        Project.objects.create(
            organization=community,
            title=f"{NEEDS[pos % len(NEEDS)]}共建项目",
            need=need,
            resource=resource,
            status=ProjectStatus.DONE,
            outcome="施工队伍和设备由共建单位提供，问题在雨季前解决",
        )
        if pos in MORE_PROJECTS:
            title, k, lent = MORE_PROJECTS[pos]
            extra = Need.objects.create(organization=community, title=title, raised_on=date(today.year, 4, 1))
            Project.objects.create(organization=community, title=f"{title}共建项目", need=extra,
                                   resource=Resource.objects.create(partner=units[k], title=lent),
                                   status=ProjectStatus.DONE, outcome="共建单位出资出力，老人上下楼有了扶手")
        Need.objects.create(organization=community, title="留守儿童课后托管", raised_on=date(today.year, 5, 1))
        Resource.objects.create(partner=units[2], title="专业社工和志愿者")
        members = registered.get(community.pk, [])
        keen = rng.sample(members, len(members) // 2) if members else []  # half never show up
        activities, partners, joined = [], [], []
        for month in range(1, today.month + 1):
            when = date(today.year, month, rng.randint(3, 26))
            if when > today:
                continue
            title = rng.choice(KINDS)
            activities.append(JointActivity(
                organization=community,
                title=title,
                kind="联创共建",
                date=when,
                partner_staff=rng.randint(3, 15),
                outcome=SITE_OUTCOMES.get(pos, OUTCOMES)[title],
            ))
            partners.append(rng.sample(units, 2) + (more[month % len(more):][:1] if more else []))  # one more in turn
            joined.append(rng.sample(keen, min(len(keen), rng.randint(1, 4))) if keen else [])
        every = DROP_EVERY.get(pos)  # dropped after the draws, so the rest of the demo stays as it was
        if every:
            kept = [k for k in range(len(activities)) if k % every != every - 1]
            activities, partners, joined = ([rows[k] for k in kept] for rows in (activities, partners, joined))
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
        _signups(community, index, activities, joined, keen, today)
    ctx.out(f"共建单位：{PartnerUnit.objects.count()} 个，联创共建活动：{JointActivity.objects.count()} 次，"
            f"在职党员报名 {ActivitySignup.objects.count()} 人次")


COMING = [("楼院环境整治志愿行动", "环境整治", "社区党群服务中心门前集合", 7),
          ("关爱老人义诊", "义诊进社区", "社区卫生服务站", 14)]


def _at(day: date, hour: int, minute: int = 0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _signups(community, index, activities, joined, keen, today) -> None:
    """Who attended the past activities checked in (most by scanning the activity's code, signed up days
    before); two coming activities with places, half the keen members signed up. A generator of its own, so
    the draws of the rest of the demo stay as they were."""
    rng = random.Random(7919 * (index + 1))
    rows = []
    for activity, chosen in zip(activities, joined, strict=True):
        starts = _at(activity.date, 9)
        for m in {m.pk: m for m in chosen}.values():
            qr = rng.random() < 0.8
            rows.append(ActivitySignup(activity=activity, member=m, status=SignupStatus.CHECKED_IN,
                                       signed_up_at=starts - timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 9))
                                       if qr else None,
                                       checked_in_at=starts + timedelta(minutes=rng.randint(-20, 25)), via_qr=qr))
    for title, kind, place, days in COMING:
        when = today + timedelta(days=days)
        coming = JointActivity.objects.create(organization=community, title=title, kind=kind, date=when,
                                              start_time=time(9, 0), place=place, capacity=20, hours=2,
                                              outcome="")
        for m in keen[: max(1, len(keen) // 2)]:
            rows.append(ActivitySignup(activity=coming, member=m, status=SignupStatus.SIGNED_UP,
                                       signed_up_at=_at(today, 8) - timedelta(days=rng.randint(1, 5))))
    ActivitySignup.objects.bulk_create(rows)
