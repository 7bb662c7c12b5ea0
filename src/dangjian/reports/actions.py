"""Writes of the reports app: the annual report's own words (its figures are never stored).

`may_edit_report` decides both whether the page offers the form and whether a save is accepted.
"""

from django.db import IntegrityError, transaction

from dangjian.core.scope import holds
from dangjian.core.workflow import Refused

from .models import AnnualReport


def may_edit_report(user, org) -> bool:
    """The organization's own staff (its secretary, the committee above it); readers only read."""
    return holds(user, org, AnnualReport.edit_roles)


def save_report(user, form) -> AnnualReport:
    """Save the title, recipient, date and narratives of a validated `AnnualReportForm`."""
    report = form.save(commit=False)
    if not may_edit_report(user, report.organization):
        raise Refused.forbidden("您可以查看和下载本报告；修改补充段落须由该组织的工作人员进行。")
    report.updated_by = user
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:  # someone else saved this year's report first
        raise Refused.conflict("报告刚被他人保存，请刷新页面后再修改。") from None
    return report
