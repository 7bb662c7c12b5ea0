"""Sums of dues in fen, grouped in SQL: per branch for a month or a span, and the arrears per member."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Max, Min, Q, Sum

from dangjian.core import tree
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization

from ..actions import BRANCH_KINDS
from ..models.dues import DuesMonth, yuan

OWING = Q(paid_fen__lt=F("due_fen"))


def rate(paid: int, due: int) -> Decimal | None:
    """The collection rate in percent, one decimal, half up (None when nothing was due)."""
    if not due:
        return None
    return (Decimal(paid) * 100 / Decimal(due)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def aggregate(qs) -> dict:
    """due, paid, rows, owing rows, owing fen of a set of dues months."""
    found = qs.aggregate(due=Sum("due_fen"), paid=Sum("paid_fen"), rows=Count("id"),
                         owing_rows=Count("id", filter=OWING), owing_due=Sum("due_fen", filter=OWING),
                         owing_paid=Sum("paid_fen", filter=OWING), members=Count("member", distinct=True),
                         owing_members=Count("member", filter=OWING, distinct=True))
    found = {k: v or 0 for k, v in found.items()}
    found["owing"] = found.pop("owing_due") - found.pop("owing_paid")
    found["rate"] = rate(found["paid"], found["due"])
    return with_yuan(found)


def with_yuan(figures: dict) -> dict:
    """The money figures also as yuan text, for pages."""
    for key in ("due", "paid", "owing", "fen"):
        if key in figures:
            figures[f"{key}_yuan"] = yuan(figures[key])
    return figures


def by_branch(qs) -> dict:
    """{branch pk: the same figures as `aggregate`} in one grouped query."""
    rows = (qs.order_by().values("branch_id")
            .annotate(due=Sum("due_fen"), paid=Sum("paid_fen"), rows=Count("id"), owing_rows=Count("id", filter=OWING),
                      owing_due=Sum("due_fen", filter=OWING), owing_paid=Sum("paid_fen", filter=OWING),
                      members=Count("member", distinct=True),
                      owing_members=Count("member", filter=OWING, distinct=True)))
    found = {}
    for r in rows:
        r = {k: v or 0 for k, v in r.items()}
        r["owing"] = r.pop("owing_due") - r.pop("owing_paid")
        r["rate"] = rate(r["paid"], r["due"])
        found[r.pop("branch_id")] = with_yuan(r)
    return found


def branches_under(user, org):
    return (Organization.objects.visible_to(user).filter(path__startswith=org.path, kind__in=BRANCH_KINDS)
            .order_by("path"))


def summary(user, org, start, end) -> list[dict]:
    """The street's summary: one row per branch under `org` with its community, then a total row per
    community (members, due, paid, rate, members in arrears, arrears), from the months in [start, end]."""
    qs = DuesMonth.objects.visible_to(user).filter(branch__path__startswith=org.path, month__gte=start,
                                                    month__lte=end)
    figures = by_branch(qs)
    branches = list(branches_under(user, org))
    community_paths = {tree.at_depth(b.path, tree.COMMUNITY_DEPTH) for b in branches}
    communities = {c.path: c for c in Organization.objects.filter(path__in=community_paths,
                                                                   kind=OrgKind.COMMUNITY_COMMITTEE)}
    empty = {"due": 0, "paid": 0, "rows": 0, "owing_rows": 0, "members": 0, "owing_members": 0, "owing": 0}
    groups = {}
    for b in branches:
        community = communities.get(tree.at_depth(b.path, tree.COMMUNITY_DEPTH))
        key = community.name if community else "（街道直属）"
        groups.setdefault(key, []).append((b, figures.get(b.pk, dict(empty, rate=None))))
    rows = []
    for name, members in groups.items():
        total = dict(empty)
        for b, f in members:
            rows.append({"community": name, "branch": b.name, **f})
            for k in total:
                total[k] += f[k]
        rows.append({"community": name, "branch": "小计", **total, "rate": rate(total["paid"], total["due"]),
                     "subtotal": True})
    return rows


def arrears(qs):
    """Per member: owing months, first and last of them, and the fen still owed — a grouped queryset."""
    return (qs.owing().order_by().values("member_id")
            .annotate(months=Count("id"), first=Min("month"), last=Max("month"),
                      fen=Sum("due_fen") - Sum("paid_fen"))
            .order_by("-months", "member_id"))


def longest_run(months) -> int:
    """The longest run of consecutive months in a sorted list of first-of-month dates."""
    best = run = 0
    previous = None
    for m in months:
        index = m.year * 12 + m.month
        run = run + 1 if previous is not None and index == previous + 1 else 1
        best = max(best, run)
        previous = index
    return best


def paid_up_to(member):
    """The month up to which the member's dues are settled without a gap (the 介绍信's 党费交到): the last settled
    month before the first owing one, or None when the ledger holds no such month (the secretary writes it in)."""
    months = DuesMonth.objects.filter(member=member)
    found = months.aggregate(first_owing=Min("month", filter=OWING), last_settled=Max("month", filter=~OWING))
    if found["first_owing"] is None:
        return found["last_settled"]
    return months.filter(~OWING, month__lt=found["first_owing"]).aggregate(m=Max("month"))["m"]
