"""Report pages in the page registry (role × view matrices, query budgets, bench)."""

from django.db.models import Q

from dangjian.core.pages import Page, register
from dangjian.core.reach import STAFF_ROLES
from dangjian.core.roles import Role
from dangjian.ledgers.models import ResponsibilityLetter
from dangjian.members.models import OrgLifeMeeting
from dangjian.orgs.models import Organization

from .models import AnnualReport

register(
    Page("reports:dashboard", "数据看板"),
    Page("reports:dashboard_screen", "数据看板（大屏）"),
    # The report composes some sixty figures in batches, and section 一 reads each kind of named record (partners,
    # teams, brands, stations, street sessions, two-new pairings …) once: a fixed ceiling above the default, at any
    # scale.
    Page("reports:annual", "年度落实情况报告", creates=AnnualReport, writes=True, budget=48),
    Page("reports:annual", "年度落实情况报告（Word）", query="format=docx", bench=False),
    # A street's own (`?within=`): its committee staff write, the district reads, a community gets 404.
    Page("reports:letterhead", "公文署名与版头", writes=True, writers=frozenset({Role.STREET_ADMIN}), bench=False),
    Page("reports:letterhead", "公文版头模板（下载）", query="format=docx", writes=True,
         writers=frozenset({Role.STREET_ADMIN}), bench=False),
    Page("reports:figure", "数字背后的记录", kwargs=lambda _: {"key": "problems_found"}),
    Page("reports:figure", "数字背后的记录（导出）", kwargs=lambda _: {"key": "volunteer_hours"}, query="format=xlsx",
         bench=False),
    # Paper for inspections (paper/): a button starts a long job; whoever sees the record may print it.
    Page("reports:paper_letter", "打印目标责任书", model=ResponsibilityLetter, writes=True, get=False,
         writers=STAFF_ROLES),
    Page("reports:paper_meeting", "打印会议记录及签到表", model=OrgLifeMeeting, writes=True, get=False,
         writers=STAFF_ROLES),
    Page("reports:paper_binder", "生成三张清单台账", model=Organization, where=Q(kind="community_committee"),
         writes=True, get=False, writers=STAFF_ROLES),
)
