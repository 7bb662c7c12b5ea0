"""Demo dues: a year of months for every member of the demo branches, standards across every band and kind,
most months paid, some arrears (a few members six months or more behind), one exemption per community.

Runs after the members (40) with its own random generator, so the other seeders' data stays as it was.
"""

import random
from datetime import timedelta

from django.utils import timezone

from dangjian.core import bulkload, seeding, tree
from dangjian.core.dates import add_months, first_of
from dangjian.core.seeding import seeder

from ..choices import ACTIVE_STATUSES
from ..models import PartyMember
from ..models.dues import DuesExemption, DuesKind, DuesMonth, DuesStandard, ExemptionStatus, PayMethod
from .actions import due_for, in_force
from .standard import monthly_fen

MONTHS = 12
# (kind, monthly income in yuan): every band of both tables, at and around the bounds.
PROFILES = [
    (DuesKind.EMPLOYED, 2800), (DuesKind.EMPLOYED, 3000), (DuesKind.EMPLOYED, 4200), (DuesKind.EMPLOYED, 5000),
    (DuesKind.EMPLOYED, 6800), (DuesKind.EMPLOYED, 10000), (DuesKind.EMPLOYED, 12500),
    (DuesKind.RETIRED, 3200), (DuesKind.RETIRED, 5000), (DuesKind.RETIRED, 6100), (DuesKind.RETIRED, 4300),
    (DuesKind.LOW_INCOME, 0), (DuesKind.FIXED, 0),
]
FIXED_FEN = 5000  # 50 yuan a month: a member who pays a fixed amount


def _profile(member, index: int, rng):
    age = member.person.age or 40
    if age >= 60:
        return rng.choice([p for p in PROFILES if p[0] == DuesKind.RETIRED])
    if age < 24 and rng.random() < 0.5:
        return DuesKind.LOW_INCOME, 0
    return PROFILES[index % len(PROFILES)]


@seeder(48)
def seed_dues(ctx):
    if not ctx.first:
        return  # the demo district only: a year of months for half a million people is not needed anywhere
    rng = random.Random(1921)
    today = timezone.localdate()
    this = first_of(today)
    first = add_months(this, -(MONTHS - 1))
    january = this.replace(month=1)
    # Read from the database, not the members seeder's list: recruitment, transfers and mobile members (41–46)
    # add members and change statuses after it.
    by_branch = {}
    for m in (PartyMember.objects.filter(status__in=ACTIVE_STATUSES).select_related("person", "branch")
              .defer(*(f"person__{s}" for s in seeding.SECRETS)).order_by("branch_id", "pk")):
        by_branch.setdefault(m.branch_id, []).append(m)
    standards, exemptions = [], []
    members = []
    for branch_members in by_branch.values():
        for index, m in enumerate(branch_members):
            members.append(m)
            kind, income = _profile(m, index, rng)
            start = max(first, first_of(m.join_date))
            amount, rate = monthly_fen(kind, income * 100, FIXED_FEN)
            standards.append(DuesStandard(member=m, effective_from=start, kind=kind, income_fen=income * 100,
                                          rate_bp=rate, monthly_fen=amount, note="年度核定"))
            if kind == DuesKind.EMPLOYED and january > start and index % 3 == 0:  # this year's recalculation
                raised = income + 300
                amount, rate = monthly_fen(kind, raised * 100)
                standards.append(DuesStandard(member=m, effective_from=january, kind=kind, income_fen=raised * 100,
                                              rate_bp=rate, monthly_fen=amount, note=f"{january:%Y年}党费基数核定"))
    standards = bulkload.insert_objects(DuesStandard, standards)
    own = {}
    for s in standards:
        own.setdefault(s.member_id, []).append(s)
    # One exemption per community, on a hardship member where there is one: approved in the first, asked in the rest.
    seen = set()
    for m in sorted(members, key=lambda x: (not x.is_hardship, x.branch.path, x.pk)):
        community = tree.at_depth(m.branch.path, tree.COMMUNITY_DEPTH)
        if community in seen or tree.depth(m.branch.path) <= tree.COMMUNITY_DEPTH:
            continue
        seen.add(community)
        approved = not exemptions
        exemptions.append(DuesExemption(
            member=m, start=add_months(this, -3), end=add_months(this, 8), monthly_fen=0,
            reason="家庭生活困难，申请免交党费一年", created=timezone.now(),
            status=ExemptionStatus.APPROVED if approved else ExemptionStatus.PENDING,
            decided_at=timezone.now() if approved else None, decision_note="同意免交" if approved else ""))
    exemptions = bulkload.insert_objects(DuesExemption, exemptions)
    exempt = {e.member_id: e for e in exemptions if e.status == ExemptionStatus.APPROVED}
    rows = []
    for m in members:
        behind = rng.random()
        # Most pay every month; some are a month or three behind; a few stopped paying half a year ago or more.
        unpaid_from = (add_months(this, -rng.randint(6, 8)) if behind < 0.03 else
                       add_months(this, -rng.randint(1, 3)) if behind < 0.12 else this)
        month = max(first, first_of(m.join_date))
        while month <= this:
            standard = in_force(own.get(m.pk, []), month)
            exemption = exempt.get(m.pk) if m.pk in exempt and exempt[m.pk].covers(month) else None
            due = due_for(standard, exemption)
            paid, paid_on, method = 0, None, ""
            current = month == this and rng.random() < 0.7  # this month: most have not paid yet
            if month < unpaid_from and not current:
                paid = due if rng.random() > 0.03 else due // 2  # now and then a partial payment
                last = min(today, add_months(month, 1) - timedelta(days=1))
                paid_on = min(last, month + timedelta(days=rng.randint(2, 25)))
                method = rng.choices([PayMethod.CASH, PayMethod.TRANSFER, PayMethod.BANK], [5, 3, 2])[0]
                if not paid:
                    paid_on, method = None, ""
            rows.append(DuesMonth(member=m, branch_id=m.branch_id, month=month, due_fen=due, paid_fen=paid,
                                  paid_on=paid_on, method=method, standard=standard, exemption=exemption,
                                  updated=timezone.now()))
            month = add_months(month, 1)
    bulkload.insert_objects(DuesMonth, rows)
    ctx.out(f"党费：{len(standards)} 条标准，{len(rows)} 条月度记录")
