"""Figures the committee's analysis and annual report read: training mix, committee profile, points."""

from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from dangjian.people.choices import Education

from .choices import THEORY_CATEGORIES, EntryStatus, TrainingCategory
from .models import CommitteePost, PointEntry, TrainingSession
from .models.points import BASE_POINTS

AGE_BANDS = [(0, 35, "35岁及以下"), (36, 45, "36-45岁"), (46, 55, "46-55岁"), (56, 60, "56-60岁"),
             (61, 200, "60岁以上")]


def training_share(user, within, start: date, end: date):
    """Hours per content category (session hours) and each category's share of the total."""
    rows = (
        TrainingSession.objects.visible_to(user)
        .filter(organization__path__startswith=within.path, date__gte=start, date__lte=end)
        .order_by()
        .values("category")
        .annotate(hours=Sum("hours"))
    )
    hours = {r["category"]: r["hours"] or Decimal(0) for r in rows}
    total = sum(hours.values(), Decimal(0))
    shares = []
    for value, label in TrainingCategory.choices:
        h = hours.get(value, Decimal(0))
        shares.append({"category": value, "label": label, "hours": h,
                       "share": float(h / total * 100) if total else 0.0})
    theory = sum((hours.get(c, Decimal(0)) for c in THEORY_CATEGORIES), Decimal(0))
    return {"rows": shares, "total": total, "theory_share": float(theory / total * 100) if total else 0.0}


def committee_profile(user, within, on: date | None = None):
    """Age bands and education of sitting committee members, per branch and in total."""
    on = on or timezone.localdate()
    posts = (
        CommitteePost.objects.visible_to(user)
        .filter(branch__path__startswith=within.path, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .select_related("branch", "member__person")
        .order_by("branch__path")
    )
    per_branch = defaultdict(lambda: {"ages": Counter(), "education": Counter(), "people": set(), "branch": None})
    total = {"ages": Counter(), "education": Counter(), "people": set()}
    for post in posts:
        person = post.member.person
        slot = per_branch[post.branch_id]
        slot["branch"] = post.branch
        if person.pk in slot["people"]:
            continue
        slot["people"].add(person.pk)
        band = _band(person.age)
        edu = person.get_education_display() or "未填写"
        slot["ages"][band] += 1
        slot["education"][edu] += 1
        if person.pk not in total["people"]:
            total["people"].add(person.pk)
            total["ages"][band] += 1
            total["education"][edu] += 1
    older = sum(n for band, n in total["ages"].items() if band in ("56-60岁", "60岁以上"))
    low_edu_labels = {Education.JUNIOR.label, Education.PRIMARY.label, Education.SECONDARY.label}
    low_edu = sum(n for e, n in total["education"].items() if e in low_edu_labels)
    count = len(total["people"])
    return {
        "branches": list(per_branch.values()),
        "total": total,
        "count": count,
        "age_bands": [b[2] for b in AGE_BANDS],
        "education_levels": [label for _, label in Education.choices] + ["未填写"],
        "older_share": older / count * 100 if count else 0.0,
        "low_education_share": low_edu / count * 100 if count else 0.0,
    }


def _band(age):
    if age is None:
        return "未填写"
    for low, high, label in AGE_BANDS:
        if low <= age <= high:
            return label
    return AGE_BANDS[-1][2]


def yearly_points(member_ids, year: int):
    """member id → {"base", "bonus", "deduction", "total"} from approved entries of that year."""
    rows = (
        PointEntry.objects.filter(member_id__in=member_ids, date__year=year, status=EntryStatus.APPROVED)
        .order_by()
        .values("member_id")
        .annotate(bonus=Sum("points", filter=Q(points__gt=0)), deduction=Sum("points", filter=Q(points__lt=0)))
    )
    result = {m: {"base": BASE_POINTS, "bonus": Decimal(0), "deduction": Decimal(0)} for m in member_ids}
    for r in rows:
        result[r["member_id"]]["bonus"] = r["bonus"] or Decimal(0)
        result[r["member_id"]]["deduction"] = r["deduction"] or Decimal(0)
    for value in result.values():
        value["total"] = value["base"] + value["bonus"] + value["deduction"]
    return result


def rank(totals: dict) -> dict:
    """Competition ranking (1, 2, 2, 4) by total, highest first."""
    ordered = sorted(totals.items(), key=lambda kv: kv[1]["total"], reverse=True)
    ranks, previous, position = {}, None, 0
    for index, (member_id, value) in enumerate(ordered, start=1):
        if value["total"] != previous:
            position, previous = index, value["total"]
        ranks[member_id] = position
    return ranks
