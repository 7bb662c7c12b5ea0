"""Demo transfers in both directions, relative to today: in every community a pending move inside it, a pending one
to the next community (so community A has one to B and B one to A), a rejected one, an accepted one, a letter out
of the platform with its return slip and one overdue without it, and a member who arrived from outside.

The accepted and incoming ones are recorded for members already in their receiving branch (they arrived earlier),
and the rows are written in bulk (the seed runs without the history): the seeded roster stays as members/seed.py
made it, except the two members per community whose letters out make them 转出.
"""

from datetime import timedelta

from django.utils import timezone

from dangjian.core import tree
from dangjian.core.seeding import seeder
from dangjian.core.workflow import transition

from ..choices import Status
from ..models import PartyMember
from ..models.transfers import Transfer
from .choices import TransferKind, TransferStatus

REASONS = ["工作调动", "搬迁居住", "随子女居住", "退休后回原籍居住", "升学"]
OUTSIDE = [("某某县城关镇东关社区党支部", "中共某某县城关镇委员会"),
           ("某某市高新区创业服务中心党支部", "中共某某市高新区工作委员会"),
           ("某某大学研究生第一党支部", "中共某某大学委员会")]
REJECTION = "该党员实际居住地不在本支部服务范围，请核实后转往居住地所在支部。"


def _candidates(ctx, branch_ids):
    """Plain members of these branches: no account (the personas stay put), no committee seat, status normal."""
    seated = {m.pk for members in ctx.data.get("committee", {}).values() for m in members}
    found = []
    for branch_id in branch_ids:
        for m in ctx.data["members_by_branch"].get(branch_id, []):
            if m.status == Status.NORMAL and m.pk not in seated and m.person.user_id is None and not m.in_service:
                found.append(m)
    return found


@seeder(45)
def seed_transfers(ctx):
    today = timezone.localdate()
    communities = ctx.data["communities"]
    if len(communities) < 2 or not ctx.data.get("members_by_branch"):
        return
    orgs = {o.pk: o for o in ctx.data["branches"] + ctx.data["volunteer_branches"]}
    orgs.update({g.organization.pk: g.organization for g in ctx.data["grids"]})
    held = {}
    for branch_id in ctx.data["members_by_branch"]:
        org = orgs.get(branch_id)
        if org is not None:
            held.setdefault(tree.at_depth(org.path, tree.COMMUNITY_DEPTH), []).append(org)
    rows, leaving, used = [], [], set()
    rng = ctx.rng

    def pick(pool):
        for m in pool:
            if m.pk not in used:
                used.add(m.pk)
                return m
        return None

    for i, community in enumerate(communities):
        branches = sorted(held.get(community.path, []), key=lambda o: o.path)
        other = communities[(i + 1) % len(communities)]
        there = sorted(held.get(other.path, []), key=lambda o: o.path)
        if len(branches) < 2 or not there:
            continue
        pool = _candidates(ctx, [b.pk for b in branches])
        rng.shuffle(pool)

        def row(member, **fields):
            base = {"member": member, "reason": rng.choice(REASONS)}
            base.update(fields)
            rows.append(Transfer(**base))

        def home(member):
            return orgs[member.branch_id]

        m = pick(pool)  # pending, inside the community
        if m is not None:
            target = next(b for b in branches if b.pk != m.branch_id)
            row(m, kind=TransferKind.WITHIN, status=TransferStatus.PENDING, from_branch=home(m), to_branch=target,
                from_community=community, to_community=community, date=today - timedelta(days=5))
        m = pick(pool)  # pending, to the next community
        if m is not None:
            row(m, kind=TransferKind.WITHIN, status=TransferStatus.PENDING, from_branch=home(m), to_branch=there[0],
                from_community=community, to_community=other, date=today - timedelta(days=3))
        m = pick(pool)  # rejected by the next community
        if m is not None:
            row(m, kind=TransferKind.WITHIN, status=TransferStatus.REJECTED, from_branch=home(m), to_branch=there[0],
                from_community=community, to_community=other, date=today - timedelta(days=40),
                decided_on=today - timedelta(days=35), decision_note=REJECTION)
        m = pick(pool)  # accepted: arrived from the next community two months ago
        if m is not None:
            row(m, kind=TransferKind.WITHIN, status=TransferStatus.ACCEPTED, from_branch=there[0], to_branch=home(m),
                from_community=other, to_community=community, date=today - timedelta(days=65),
                decided_on=today - timedelta(days=60))
        outside = OUTSIDE[i % len(OUTSIDE)]
        for n, (days, returned) in enumerate(((90, 70), (50, None))):  # letters out: one returned, one overdue
            m = pick(pool)
            if m is None:
                continue
            on = today - timedelta(days=days)
            number = f"{on.year}-{community.pk:03d}{n + 1}"
            row(m, kind=TransferKind.OUT, status=TransferStatus.RETURNED if returned else TransferStatus.ISSUED,
                from_branch=home(m), from_community=community, outside_org=outside[0], outside_parent=outside[1],
                letter_number=number, valid_days=30,
                valid_until=on + timedelta(days=30),
                date=on, returned_on=today - timedelta(days=returned) if returned else None,
                status_before=Status.NORMAL)
            leaving.append((m.pk, on, f"转往{outside[0]}（{number}）"))
        m = pick(pool)  # arrived from outside the platform
        if m is not None:
            on = today - timedelta(days=200)
            row(m, kind=TransferKind.IN, status=TransferStatus.REGISTERED, to_branch=home(m), to_community=community,
                outside_org=OUTSIDE[(i + 1) % len(OUTSIDE)][0], outside_parent=OUTSIDE[(i + 1) % len(OUTSIDE)][1],
                letter_number=f"外{on.year}-{community.pk:04d}", date=on, decided_on=on, reason="工作调动，随迁转入")
    Transfer.objects.bulk_create(rows, batch_size=500)
    members = PartyMember.objects.in_bulk([pk for pk, _, _ in leaving])
    for pk, on, reason in leaving:  # through the one transition helper, so the member's history shows the letter
        transition(members[pk], when={}, to={"status": Status.TRANSFERRED, "status_date": on}, actor=None,
                   step="开具组织关系介绍信", reason=reason, refusal="")
    gone = {pk for pk, _, _ in leaving}
    for member_list in ctx.data["members_by_branch"].values():
        for m in member_list:
            if m.pk in gone:
                m.status = Status.TRANSFERRED
    ctx.out(f"组织关系转接：{len(rows)} 条")
