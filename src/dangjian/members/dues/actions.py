"""Dues writes: standards, the months generated for a branch, payments recorded, exemptions decided.

Pages, the bank import, the daily job and the seed call these; each write that matters leaves history
(a new standard is a new row; a payment is a `transition` on the month, conditional on what the page showed,
so a double submit records once).
"""

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from dangjian.core.dates import first_of, month_end
from dangjian.core.scope import holds
from dangjian.core.workflow import Refused, credit, transition

from ..choices import ACTIVE_STATUSES
from ..models import PartyMember
from ..models.dues import DUES_ROLES, DuesExemption, DuesKind, DuesMonth, DuesStandard, ExemptionStatus, PayMethod
from .standard import monthly_fen

ARREARS_WARNING_MONTHS = 6  # 党章：连续6个月不交纳党费 — shown as a warning, never acted on by itself


def this_month() -> date:
    return first_of(timezone.localdate())


def may_manage(user, branch) -> bool:
    """Whoever manages the branch (at it or above) keeps its dues: standards, months, payments."""
    return holds(user, branch, DUES_ROLES)


def _require(user, branch):
    if not may_manage(user, branch):
        raise Refused.forbidden("您的角色不能办理该支部的党费。")


# Standards ------------------------------------------------------------------------------------------------------

def in_force(standards, month: date):
    """The standard in force for `month` among one member's rows (latest start on or before it, then latest)."""
    best = None
    for s in standards:
        if s.effective_from <= month and (best is None or (s.effective_from, s.pk) > (best.effective_from, best.pk)):
            best = s
    return best


def set_standard(user, member, *, kind, income_fen=0, fixed_fen=None, effective_from, note="") -> DuesStandard:
    """A new dated standard (the old rows stay): months from then on not yet paid follow it."""
    _require(user, member.branch)
    if kind == DuesKind.FIXED and not fixed_fen:
        raise Refused({"fixed_fen": "固定数额的党员请填写每月交纳金额。"})
    if kind in (DuesKind.EMPLOYED, DuesKind.RETIRED) and income_fen <= 0:
        raise Refused({"income_fen": "请填写月收入基数。"})
    amount, rate = monthly_fen(kind, income_fen, fixed_fen)
    standard = DuesStandard.objects.create(
        member=member, effective_from=first_of(effective_from), kind=kind,
        income_fen=income_fen if kind in (DuesKind.EMPLOYED, DuesKind.RETIRED) else 0,
        rate_bp=rate, monthly_fen=amount, note=note[:200], recorded_by=user)
    credit(standard, user)
    refresh_dues(member, standard.effective_from, actor=user, reason=note[:200])
    return standard


def same_standard(current, kind, income_fen, fixed_fen) -> bool:
    if current is None or current.kind != kind:
        return False
    if kind in (DuesKind.EMPLOYED, DuesKind.RETIRED):
        return current.income_fen == income_fen
    if kind == DuesKind.FIXED:
        return current.monthly_fen == (fixed_fen or 0)
    return True


def recalculate(user, branch, effective_from, entries) -> int:
    """The yearly recalculation: `entries` is [(member, kind, income_fen, fixed_fen)]; a member whose basis
    changed gets a new standard from `effective_from`. Returns how many changed."""
    _require(user, branch)
    changed = 0
    month = first_of(effective_from)
    with transaction.atomic():
        current = standards_in_force([m for m, *_ in entries], month)
        for member, kind, income_fen, fixed_fen in entries:
            if member.branch_id != branch.pk:
                raise Refused.absent()
            if same_standard(current.get(member.pk), kind, income_fen, fixed_fen):
                continue
            set_standard(user, member, kind=kind, income_fen=income_fen, fixed_fen=fixed_fen,
                         effective_from=month, note=f"{month:%Y年}党费基数核定")
            changed += 1
    return changed


def standards_in_force(members, month: date) -> dict:
    """{member pk: the standard in force for `month`}, in one query."""
    rows = DuesStandard.objects.filter(member__in=[m.pk for m in members], effective_from__lte=month)
    by_member = {}
    for s in rows:
        by_member.setdefault(s.member_id, []).append(s)
    return {pk: in_force(rows, month) for pk, rows in by_member.items()}


# Months ---------------------------------------------------------------------------------------------------------

def _approved_exemptions(member_ids, month):
    found = {}
    rows = (DuesExemption.objects.filter(member_id__in=member_ids, status=ExemptionStatus.APPROVED, start__lte=month)
            .filter(Q(end__isnull=True) | Q(end__gte=month)).order_by("start", "pk"))
    for e in rows:
        found[e.member_id] = e  # the latest approved one wins
    return found


def due_for(standard, exemption) -> int:
    if exemption is not None:
        return exemption.monthly_fen if standard is None else min(exemption.monthly_fen, standard.monthly_fen)
    return standard.monthly_fen if standard is not None else 0


def members_of(branch, month):
    """The branch's members who owe dues for `month`: in the roster then (joined by the month's end)."""
    return (PartyMember.objects.filter(branch=branch, status__in=ACTIVE_STATUSES, join_date__lte=month_end(month))
            .order_by("person__pinyin", "pk"))


def generate_month(branch, month, actor=None) -> int:
    """A row for each member of the branch with a standard, for `month`; safe to run again (rows that exist
    are left alone). Members without a standard get none: the month page lists them to be given one."""
    month = first_of(month)
    members = list(members_of(branch, month))
    standards = standards_in_force(members, month)
    exemptions = _approved_exemptions([m.pk for m in members], month)
    existing = set(DuesMonth.objects.filter(branch=branch, month=month).values_list("member_id", flat=True))
    existing |= set(DuesMonth.objects.filter(member__in=members, month=month).values_list("member_id", flat=True))
    new = []
    for m in members:
        standard = standards.get(m.pk)
        if m.pk in existing or standard is None:
            continue
        exemption = exemptions.get(m.pk)
        new.append(DuesMonth(member=m, branch=branch, month=month, due_fen=due_for(standard, exemption),
                             standard=standard, exemption=exemption, recorded_by=actor))
    DuesMonth.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def refresh_dues(member, from_month, *, actor, reason="") -> int:
    """Months from `from_month` on with nothing paid yet follow the member's standards and exemptions now;
    each changed month keeps who changed its due and why (a month paid meanwhile is left as it is)."""
    rows = list(DuesMonth.objects.filter(member=member, month__gte=first_of(from_month), paid_fen=0))
    if not rows:
        return 0
    standards = list(DuesStandard.objects.filter(member=member))
    exemptions = list(DuesExemption.objects.filter(member=member, status=ExemptionStatus.APPROVED).order_by("start",
                                                                                                           "pk"))
    changed = 0
    for row in rows:
        standard = in_force(standards, row.month)
        exemption = next((e for e in reversed(exemptions) if e.covers(row.month)), None)
        due = due_for(standard, exemption)
        if (due, getattr(standard, "pk", None), getattr(exemption, "pk", None)) != (
                row.due_fen, row.standard_id, row.exemption_id):
            try:
                transition(row, when={"paid_fen": 0, "due_fen": row.due_fen},
                           to={"due_fen": due, "standard": standard, "exemption": exemption}, actor=actor,
                           step="党费标准调整", reason=reason, refusal="该月党费已登记，未调整。")
            except Refused as exc:
                if exc.status != 409:
                    raise
                continue
            changed += 1
    return changed


# Payments -------------------------------------------------------------------------------------------------------

def record_payments(user, items, *, paid_on, method, batch=None) -> tuple[int, int]:
    """Record what members paid: `items` is [(dues month, paid fen as the page showed it, paid fen now)].

    Each row changes only if it still holds what the page showed (a double submit, or someone else recording
    the same month meanwhile, records once). Returns (recorded, already recorded by someone else)."""
    if method not in PayMethod.values:
        raise Refused({"method": "请选择交纳方式。"})
    if paid_on is None or paid_on > timezone.localdate():
        raise Refused({"paid_on": "交纳日期不能晚于今天。"})
    recorded = skipped = 0
    for row, was, amount in items:
        _require(user, row.branch)
        if amount < 0:
            raise Refused(f"{row.member}：金额不能为负数。")
        if amount == was:
            continue
        to = {"paid_fen": amount, "paid_on": paid_on if amount else None, "method": method if amount else "",
              "recorded_by": user, "batch": batch}
        try:
            transition(row, when={"paid_fen": was}, to=to, actor=user, step="登记党费",
                       refusal="该月党费已由他人登记。")
        except Refused as exc:
            if exc.status != 409:
                raise
            skipped += 1
        else:
            recorded += 1
    return recorded, skipped


# Exemptions -----------------------------------------------------------------------------------------------------

_UNSET = object()


def request_exemption(user, member, *, start, end, monthly_fen, reason) -> DuesExemption:
    _require(user, member.branch)
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise Refused({"reason": "请写明减免理由（至少4个字）。"})
    if end and end < start:
        raise Refused({"end": "截止月份不能早于起始月份。"})
    exemption = DuesExemption.objects.create(member=member, start=first_of(start), end=first_of(end) if end else None,
                                             monthly_fen=monthly_fen, reason=reason[:200], requested_by=user)
    credit(exemption, user)
    return exemption


def _is_decider(user, exemption, parent=_UNSET) -> bool:
    """The level above the member's branch (`parent_org`) approves, and never the one who asked.

    `parent` is that level when the caller already looked it up (a list deciding many)."""
    if parent is _UNSET:
        parent = exemption.member.branch.parent_org()
    return (parent is not None and holds(user, parent, DUES_ROLES) and exemption.requested_by_id != user.pk
            and exemption.member.person.user_id != user.pk)


def may_decide_exemption(user, exemption, parent=_UNSET) -> bool:
    """The button: a pending request, and the user is its decider."""
    return exemption.status == ExemptionStatus.PENDING and _is_decider(user, exemption, parent)


def decide_exemption(user, exemption, approve: bool | None, note: str = "") -> DuesExemption:
    if not _is_decider(user, exemption):  # not for this role: 403 whatever the state; decided already: 409 below
        raise Refused.forbidden("党费减免由支部的上级党组织审批，申请人不能自行审批。")
    if approve is None:
        raise Refused("请选择批准或不批准。")
    status = ExemptionStatus.APPROVED if approve else ExemptionStatus.REJECTED
    exemption = transition(exemption, when={"status": ExemptionStatus.PENDING},
                           to={"status": status, "decided_by": user, "decided_at": timezone.now(),
                               "decision_note": (note or "").strip()[:200]},
                           actor=user, step="批准" if approve else "不批准", reason=note or "",
                           refusal="该减免申请已审批。")
    if approve:
        refresh_dues(exemption.member, exemption.start, actor=user, reason=f"党费减免批准：{exemption.reason}")
    return exemption
