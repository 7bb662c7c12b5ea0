"""Writing weekly summaries: save a draft, submit. The only code that writes `WeeklySummary`.

Both steps find-or-create the unit-week row and lock it before changing it, so two tabs (or a
double click) on the same week end in one row, and a submitted summary is never overwritten.
Submitting is a `transition` (submitted_at set once), so the history names who submitted.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from dangjian.core.metrics import Scope
from dangjian.core.workflow import Refused, credit, transition
from dangjian.orgs.models import Organization

from . import figures, rules
from .models import WeeklySummary

SUBMITTED = "这份周总结已经提交，不能再修改。如需更正，请在下周总结中说明。"
RACE = "这一周的周总结刚刚已由他人保存或提交，请刷新页面后查看。"
TEXT_LIMIT = 5000


def writable_units(user):
    """The units whose summary the user writes: those owing one that the user may place a summary under."""
    placeable = Organization.objects.placeable_for(user, WeeklySummary)
    return rules.units().filter(pk__in=placeable.values("pk"))


def unit_refusal(user, org: Organization) -> Refused | None:
    """Absent (404) when the unit is out of sight or owes no summary, forbidden (403) when only readable."""
    if not rules.units().visible_to(user).filter(pk=org.pk).exists():
        return Refused.absent("没有这个单位。")
    if not writable_units(user).filter(pk=org.pk).exists():
        return Refused.forbidden("您的角色不能填写这个单位的周总结。")
    return None


def may_write_summary(user, org: Organization, summary: WeeklySummary | None = None) -> bool:
    """The unit's own secretary (or the committee), while the week's summary is not submitted."""
    if summary is not None and summary.is_submitted:
        return False
    return unit_refusal(user, org) is None


def check_week(week_start: date, today: date) -> None:
    if week_start.weekday() != 0:
        raise Refused({"week": "周总结按周填写，请选择一周的周一。"})
    if week_start > rules.monday(today):
        raise Refused({"week": "还没有到这一周，不能提前填写。"})


def _clean_text(narrative: str, next_week: str) -> tuple[str, str]:
    narrative, next_week = (narrative or "").strip(), (next_week or "").strip()
    errors = {}
    if len(narrative) > TEXT_LIMIT:
        errors["narrative"] = f"工作小结请控制在{TEXT_LIMIT}字以内。"
    if len(next_week) > TEXT_LIMIT:
        errors["next_week"] = f"下周安排请控制在{TEXT_LIMIT}字以内。"
    if errors:
        raise Refused(errors)
    return narrative, next_week


def _locked_row(user, org, week_start) -> WeeklySummary:
    summary, created = WeeklySummary.objects.get_or_create(organization=org, week_start=week_start)
    if created:
        credit(summary, user)
    return WeeklySummary.objects.select_for_update().get(pk=summary.pk)


def _write(user, org, week_start, narrative, next_week, submit: bool) -> WeeklySummary:
    refusal = unit_refusal(user, org)
    if refusal is not None:
        raise refusal
    check_week(week_start, timezone.localdate())
    narrative, next_week = _clean_text(narrative, next_week)
    if submit and not narrative:
        raise Refused({"narrative": "提交前请填写本周工作小结。"})
    try:
        with transaction.atomic():
            summary = _locked_row(user, org, week_start)
            if summary.is_submitted:
                raise Refused.conflict(SUBMITTED)
            summary.narrative, summary.next_week = narrative, next_week
            if submit:
                summary.figures = figures.snapshot(figures.week_figures(Scope(user), org, week_start))
            summary.save()
            if submit:
                summary = transition(summary, when={"submitted_at__isnull": True},
                                     to={"submitted_at": timezone.now(), "submitted_by": user}, actor=user,
                                     refusal=SUBMITTED, step="提交周总结")
    except IntegrityError:
        raise Refused.conflict(RACE) from None
    return summary


def save_draft(user, org: Organization, week_start: date, narrative: str = "", next_week: str = "") -> WeeklySummary:
    return _write(user, org, week_start, narrative, next_week, submit=False)


def submit(user, org: Organization, week_start: date, narrative: str, next_week: str = "") -> WeeklySummary:
    """Submit the week: the figures are computed now and frozen; the text can no longer change."""
    return _write(user, org, week_start, narrative, next_week, submit=True)
