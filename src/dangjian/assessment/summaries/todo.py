"""What waits in assessment: the weekly summary each unit the user writes for still owes."""

from django.utils import timezone

from dangjian.core.todo import todo

from . import rules
from .actions import writable_units
from .models import WeeklySummary


def _week():
    return rules.default_week(timezone.localdate())


@todo("summary_due", "待报送的周总结", roles=WeeklySummary.edit_roles, order=40,
      link=lambda org: _write_url(org), hint="每周总结在下周一前报送；草稿可先保存。")
def summary_due(user):
    submitted = WeeklySummary.objects.filter(week_start=_week(), submitted_at__isnull=False).values("organization_id")
    return writable_units(user).exclude(pk__in=submitted).order_by("path")


def _write_url(org):
    from .views import write_url

    return write_url(org.pk, _week())
