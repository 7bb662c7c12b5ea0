"""Mobile members in the figures: out-flowing members counted in their branch's community, in-flowing members in
the community of the branch they joined (each by its own home in the tree, so a grouped count splits them right)."""

from django.db.models import Q

from dangjian.core.metrics import metric, subtree

from ..models.mobile import Inflow, Outflow


@metric("mobile_out", "外出流动党员", "名", "期末仍在外出流动的本地党员（按其所在支部归属）", Outflow,
        columns=(("党员", "member.person.name"), ("所在支部", "member.branch.name"), ("流入地", "place"),
                 ("外出日期", "start")), assessable=False)
def mobile_out(base, org, start, end):
    return subtree(base, "member__branch", org).filter(Q(returned_on__isnull=True) | Q(returned_on__gt=end),
                                                       start__lte=end)


@metric("mobile_in", "流入党员", "名", "期末在本地参加组织生活、组织关系在外地的党员（按所参加的支部归属）", Inflow,
        columns=(("姓名", "person.name"), ("参加组织生活的支部", "branch.name"), ("组织关系所在党组织", "home_org"),
                 ("流入日期", "start")), assessable=False)
def mobile_in(base, org, start, end):
    return subtree(base, "branch", org).filter(Q(end__isnull=True) | Q(end__gt=end), start__lte=end)
