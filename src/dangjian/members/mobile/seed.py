"""Demo mobile members, relative to today: every member the roster seeded as 流动 gets the stay that made them so,
and each community gets an out-flowing member (one not contacted for over six months), a returned one, and an
in-flowing member who joined one of its branches and took part in its meetings."""

from datetime import timedelta

from django.utils import timezone

from dangjian.core import seeding
from dangjian.core.roles import Role
from dangjian.core.seeding import seeder
from dangjian.core.workflow import transition
from dangjian.orgs.models import Organization, RoleAssignment
from dangjian.people.models import Person

from ..choices import Status
from ..models import OrgLifeMeeting, PartyMember
from ..models.mobile import Inflow, InflowParticipation, Outflow, OutflowContact

PLACES = [("广东省深圳市南山区", "深圳某科技有限公司", "南山区粤海街道流动党员党支部"),
          ("浙江省杭州市西湖区", "杭州某物流公司", "西湖区流动党员服务站党支部"),
          ("江苏省苏州市工业园区", "苏州某制造企业", "苏州工业园区非公企业党委"),
          ("上海市浦东新区", "上海某贸易公司", "浦东新区流动党员党委"),
          ("北京市朝阳区", "北京某建筑公司", "朝阳区建筑行业流动党员党支部")]
NEWCOMERS = ["龚建军", "蒋丽华", "韦志强", "鲁秀英"]
HOMES = [("河南省信阳市", "信阳市平桥区某村党支部"), ("安徽省阜阳市", "阜阳市颍州区某社区党委"),
         ("四川省南充市", "南充市顺庆区某街道党工委"), ("湖北省黄冈市", "黄冈市某镇党委")]


def _outflow(ctx, member, start, i, returned_on=None):
    place, unit, host = PLACES[i % len(PLACES)]
    return Outflow(member=member, place=place, unit=unit, phone=f"139{ctx.rng.randint(10000000, 99999999)}",
                   card_number=f"LD{start:%Y}{ctx.rng.randint(100000, 999999)}", card_issued=start,
                   host_org=host, host_contact=f"王书记 0755-{ctx.rng.randint(2000000, 8999999)}", start=start,
                   expected_return=start + timedelta(days=365), returned_on=returned_on)


def _plain(member) -> bool:
    """A normal member without an account (the demo personas keep their own state)."""
    return member.status == Status.NORMAL and member.person.user_id is None


@seeder(46)
def seed_mobile(ctx):
    today = timezone.localdate()
    rng = ctx.rng
    by_branch = ctx.data.get("members_by_branch", {})
    outflows, i = [], 0
    # The roster's 流动 members: their stay began on their status date.
    for m in PartyMember.objects.filter(branch_id__in=list(by_branch), status=Status.MOBILE).order_by("pk"):
        outflows.append(_outflow(ctx, m, m.status_date or today - timedelta(days=90), i))
        i += 1
    inflows, participations = [], []
    for community in ctx.data["communities"]:
        community = Organization.objects.get(pk=community.pk)  # as stored (paths move while the tree is built)
        branch_ids = list(Organization.objects.filter(pk__in=list(by_branch), path__startswith=community.path)
                          .order_by("path").values_list("pk", flat=True))
        if not branch_ids:
            continue
        # A branch with a secretary's account first (the demo's "branch" persona sees its stay waiting).
        held = set(RoleAssignment.objects.filter(role=Role.BRANCH_SECRETARY, organization_id__in=branch_ids)
                   .values_list("organization_id", flat=True))
        branch_ids.sort(key=lambda b: b not in held)  # stable: by path otherwise
        pool = [m for b in branch_ids for m in by_branch[b] if _plain(m)]
        if len(pool) < 3:
            continue
        first = [m for m in by_branch[branch_ids[0]] if _plain(m)]
        away = first[-1] if first else pool[-1]
        back = next(m for m in reversed(pool) if m.pk != away.pk)
        start = today - timedelta(days=rng.randint(200, 400))  # over six months ago: one waits for a contact
        outflows.append(_outflow(ctx, away, start, i))
        transition(away, when={}, to={"status": Status.MOBILE, "status_date": start}, actor=None, refusal="",
                   step="外出流动")  # the one transition helper: the member's history shows the stay
        back_start = today - timedelta(days=rng.randint(300, 500))
        outflows.append(_outflow(ctx, back, back_start, i + 1, returned_on=back_start + timedelta(days=150)))
        i += 2
        branch = by_branch[branch_ids[0]][0].branch
        place, home = HOMES[len(inflows) % len(HOMES)]
        person = (Person.objects.filter(organization__path__startswith=community.path, party_member__isnull=True,
                                        inflows__isnull=True, user__isnull=True)
                  .defer(*seeding.SECRETS).order_by("pk").first())
        if person is None:  # a newcomer: registered where they take part (their relationship is elsewhere)
            person = Person.objects.create(organization=branch, name=NEWCOMERS[len(inflows) % len(NEWCOMERS)],
                                           gender="M", birth_date=today - timedelta(days=365 * 35 + 40))
        inflow = Inflow(person=person, branch=branch, home_org=home, home_place=place,
                        card_number=f"LD{today:%Y}{rng.randint(100000, 999999)}",
                        join_date=today - timedelta(days=rng.randint(2000, 6000)),
                        start=today - timedelta(days=rng.randint(120, 300)),
                        note="在本支部参加组织生活，参加主题党日和志愿服务。")
        inflows.append(inflow)
    Outflow.objects.bulk_create(outflows, batch_size=500)
    Inflow.objects.bulk_create(inflows)
    for inflow in inflows:
        for meeting in OrgLifeMeeting.objects.filter(organization=inflow.branch, date__gte=inflow.start,
                                                     date__lte=today).order_by("-date")[:3]:
            participations.append(InflowParticipation(inflow=inflow, meeting=meeting, date=meeting.date))
    InflowParticipation.objects.bulk_create(participations)
    # A contact within the last months for the stays of the roster's 流动 members (the seeded long stays wait).
    contacts = [OutflowContact(outflow=o, date=max(o.start, today - timedelta(days=rng.randint(10, 120))),
                               note="电话联系，本人在外情况良好，按时参加流入地党组织活动。")
                for o in Outflow.objects.filter(returned_on__isnull=True, member__branch_id__in=list(by_branch),
                                                start__gt=today - timedelta(days=180))]
    OutflowContact.objects.bulk_create(contacts)
    ctx.out(f"流动党员：流出 {len(outflows)} 人，流入 {len(inflows)} 人")
