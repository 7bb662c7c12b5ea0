"""Dues figures: due and paid (sums in fen), the collection rate (offered to the monthly assessment's
indicator catalogue), and members in arrears."""

from django.utils import timezone

from dangjian.core.dates import first_of
from dangjian.core.metrics import Metric as M
from dangjian.core.metrics import metric, register, subtree

from ..models import PartyMember
from ..models.dues import DuesMonth

COLUMNS = (("党员", "member.person.name"), ("支部", "branch.name"), ("月份", "month"), ("应交（分）", "due_fen"),
           ("实交（分）", "paid_fen"))


@metric("dues_due", "应交党费", "分", "期内各月生成的月度党费应交金额合计（以分计）", DuesMonth, sum_field="due_fen",
        columns=COLUMNS, assessable=False, month="month")
def dues_due(base, org, start, end):
    return subtree(base, "branch", org).filter(month__gte=start.replace(day=1), month__lte=end)


@metric("dues_paid", "实交党费", "分", "期内各月党费的实交金额合计（以分计，含部分交纳）", DuesMonth,
        sum_field="paid_fen", columns=COLUMNS, assessable=False, month="month")
def dues_paid(base, org, start, end):
    return dues_due(base, org, start, end)


register(M("dues_collection_rate", "党费收缴率", "%", "实交党费 ÷ 应交党费 × 100%（按月份统计）",
           ratio=("dues_paid", "dues_due")))


@metric("dues_arrears_members", "欠交党费党员", "名", "期内有已过完仍未交清月份的党员（按所在支部；本月不计）",
        PartyMember, columns=(("姓名", "person.name"), ("所在支部", "branch.name")), assessable=False,
        higher_is_better=False)
def dues_arrears_members(base, org, start, end):
    owing = (DuesMonth.objects.filter(month__gte=start.replace(day=1), month__lte=end)
             .in_arrears(first_of(timezone.localdate())))
    return subtree(base, "branch", org).filter(pk__in=owing.values("member_id"))
