"""Writing weekly summaries: save a draft, submit. The only code that writes `WeeklySummary`.

Both steps find-or-create the unit-week row and lock it before changing it, so two tabs (or a
double click) on the same week end in one row, and a submitted summary is never overwritten.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from dangjian.core.metrics import Scope
from dangjian.orgs.models import Organization

from . import summaries
from .models import WeeklySummary

SUBMITTED = "这份周总结已经提交，不能再修改。如需更正，请在下周总结中说明。"
RACE = "这一周的周总结刚刚已由他人保存或提交，请刷新页面后查看。"
TEXT_LIMIT = 5000


def check_unit(user, org: Organization) -> None:
    """404 when the unit is out of sight or owes no summary, 403 when the user may only read it."""
    if not summaries.units().visible_to(user).filter(pk=org.pk).exists():
        raise Http404("没有这个单位。")
    if not Organization.objects.placeable_for(user, WeeklySummary).filter(pk=org.pk).exists():
        raise PermissionDenied("您的角色不能填写这个单位的周总结。")


def check_week(week_start: date, today: date) -> None:
    if week_start.weekday() != 0:
        raise ValidationError({"week": "周总结按周填写，请选择一周的周一。"})
    if week_start > summaries.monday(today):
        raise ValidationError({"week": "还没有到这一周，不能提前填写。"})


def _clean_text(narrative: str, next_week: str) -> tuple[str, str]:
    narrative, next_week = (narrative or "").strip(), (next_week or "").strip()
    errors = {}
    if len(narrative) > TEXT_LIMIT:
        errors["narrative"] = f"工作小结请控制在{TEXT_LIMIT}字以内。"
    if len(next_week) > TEXT_LIMIT:
        errors["next_week"] = f"下周安排请控制在{TEXT_LIMIT}字以内。"
    if errors:
        raise ValidationError(errors)
    return narrative, next_week


def _locked_row(org, week_start) -> WeeklySummary:
    summary, _ = WeeklySummary.objects.get_or_create(organization=org, week_start=week_start)
    return WeeklySummary.objects.select_for_update().get(pk=summary.pk)


def _write(user, org, week_start, narrative, next_week, submit: bool) -> WeeklySummary:
    check_unit(user, org)
    today = timezone.localdate()
    check_week(week_start, today)
    narrative, next_week = _clean_text(narrative, next_week)
    if submit and not narrative:
        raise ValidationError({"narrative": "提交前请填写本周工作小结。"})
    try:
        with transaction.atomic():
            summary = _locked_row(org, week_start)
            if summary.is_submitted:
                raise ValidationError(SUBMITTED)
            summary.narrative, summary.next_week = narrative, next_week
            if submit:
                figures = summaries.week_figures(Scope(user), org, week_start)
                summary.figures = summaries.snapshot(figures)
                summary.submitted_at, summary.submitted_by = timezone.now(), user
            summary.save()
    except IntegrityError:
        raise ValidationError(RACE) from None
    return summary


def save_draft(user, org: Organization, week_start: date, narrative: str = "", next_week: str = "") -> WeeklySummary:
    return _write(user, org, week_start, narrative, next_week, submit=False)


def submit(user, org: Organization, week_start: date, narrative: str, next_week: str = "") -> WeeklySummary:
    """Submit the week: the figures are computed now and frozen; the text can no longer change."""
    return _write(user, org, week_start, narrative, next_week, submit=True)
