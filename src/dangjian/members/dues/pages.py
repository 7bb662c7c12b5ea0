from django.db.models import Q

from dangjian.core.pages import Page, register
from dangjian.orgs.models import Organization

from ..actions import BRANCH_KINDS
from ..models import PartyMember
from ..models.dues import DUES_ROLES, DuesExemption, DuesMonth

WRITERS = frozenset(DUES_ROLES)
BRANCHES = Q(kind__in=BRANCH_KINDS)
WITH_DUES = Q(dues_months__isnull=False)


register(
    Page("dues:home", "党费收缴"),
    Page("dues:month", "支部月度党费", model=Organization, where=BRANCHES, writes=True, writers=WRITERS),
    Page("dues:generate", "生成月度党费", model=Organization, where=BRANCHES, writes=True, get=False,
         writers=WRITERS),
    Page("dues:standards", "支部党费标准", model=Organization, where=BRANCHES, writes=True, writers=WRITERS),
    Page("dues:sheet", "党费收缴登记表", model=Organization, where=BRANCHES, bench=False),
    Page("dues:member", "党员党费", model=PartyMember, where=WITH_DUES, writes=True, writers=WRITERS),
    Page("dues:standard_add", "调整党费标准", model=PartyMember, writes=True, writers=WRITERS, bench=False),
    Page("dues:exemption_add", "申请党费减免", model=PartyMember, writes=True, writers=WRITERS, bench=False),
    Page("dues:exemptions", "党费减免"),
    Page("dues:exemption_decide", "审批党费减免", model=DuesExemption, writes=True, get=False, writers=WRITERS),
    Page("dues:arrears", "党费欠交名单"),
    Page("dues:import", "银行代扣党费导入", writes=True, writers=WRITERS, bench=False),
    Page("dues:import_template", "银行代扣导入模板", bench=False),
    Page("dues:summary", "党费季度汇总表", bench=False),
    Page("dues:mine", "我的党费", bench=False),
    Page("api:duesmonth-list", "API 月度党费", api=True, bench=False),
    Page("api:duesmonth-detail", "API 月度党费详情", model=DuesMonth, api=True, bench=False),
    Page("todo", "我的待办：待审批的党费减免", kwargs=lambda _: {"key": "dues_exemptions"}),
    Page("todo", "我的待办：本月党费未登记的支部", kwargs=lambda _: {"key": "dues_months_open"}),
)
