from django.db.models import Q

from dangjian.core.pages import Page, register

from .models import Cultivation, Grid, HelpRecord, LinkActivity, Organization, RoleAssignment


def _staff(grid):
    return {"pk": grid.pk, "staff_pk": grid.staff.order_by("pk").first().pk}


register(
    Page("orgs:tree", "组织架构"),
    Page("orgs:organization_list", "组织列表"),
    Page("orgs:organization", "组织详情", model=Organization),
    Page("orgs:organization_add", "新建组织", writes=True, writers=frozenset(Organization.edit_roles), bench=False),
    Page("orgs:organization_edit", "修改组织", model=Organization, writes=True, bench=False),
    Page("orgs:organization_delete", "删除组织", model=Organization, writes=True, bench=False),
    Page("orgs:grid_list", "网格列表"),
    Page("orgs:grid", "网格详情", model=Grid),
    Page("orgs:grid_add", "新建网格", writes=True, writers=frozenset(Grid.edit_roles), bench=False),
    Page("orgs:grid_edit", "修改网格", model=Grid, writes=True, bench=False),
    Page("orgs:grid_delete", "删除网格", model=Grid, writes=True, bench=False),
    Page("orgs:grid_staff_add", "配备网格人员", model=Grid, writes=True, get=False),
    Page("orgs:grid_staff_remove", "移除网格人员", model=Grid, kwargs=_staff, where=Q(staff__isnull=False),
         writes=True, get=False),
    Page("orgs:roleassignment_list", "角色列表", bench=False),
    Page("orgs:roleassignment_add", "分配角色", writes=True, writers=frozenset(RoleAssignment.edit_roles),
         bench=False),
    Page("orgs:roleassignment_edit", "修改角色", model=RoleAssignment, writes=True, bench=False),
    Page("orgs:roleassignment_delete", "撤销角色", model=RoleAssignment, writes=True, bench=False),
    # 双培四联三帮带 (two_new.py)
    Page("orgs:cultivation_list", "双培结对"),
    Page("orgs:cultivation_add", "新建双培结对", creates=Cultivation, writes=True, bench=False),
    Page("orgs:cultivation", "双培结对详情", model=Cultivation),
    Page("orgs:cultivation_edit", "修改双培结对", model=Cultivation, where=Q(status="ongoing"), writes=True,
         bench=False),  # a concluded pairing is no longer edited (409)
    Page("orgs:cultivation_conclude", "登记培养结果", model=Cultivation, where=Q(status="ongoing"), writes=True,
         get=False),
    Page("orgs:link_list", "四联活动"),
    Page("orgs:link_add", "登记四联活动", creates=LinkActivity, writes=True, bench=False),
    Page("orgs:link", "四联活动详情", model=LinkActivity),
    Page("orgs:link_edit", "修改四联活动", model=LinkActivity, writes=True, bench=False),
    Page("orgs:help_list", "三帮带记录"),
    Page("orgs:help_add", "登记三帮带", creates=HelpRecord, writes=True, bench=False),
    Page("orgs:help", "三帮带记录详情", model=HelpRecord),
    Page("orgs:help_edit", "修改三帮带记录", model=HelpRecord, writes=True, bench=False),
    Page("api:organization-list", "API 组织", api=True, writes=True, writers=frozenset(Organization.edit_roles)),
    Page("api:organization-detail", "API 组织详情", model=Organization, api=True, writes=True),
    Page("api:grid-list", "API 网格", api=True),  # grids are made with their branch, on the page only
    Page("api:grid-detail", "API 网格详情", model=Grid, api=True, writes=True),
    Page("api:roleassignment-list", "API 角色", api=True, writes=True, writers=frozenset(RoleAssignment.edit_roles),
         bench=False),
    Page("api:roleassignment-detail", "API 角色详情", model=RoleAssignment, api=True, writes=True, bench=False),
)

# 换届 (terms.py): a term is changed and its elected added until approved; approval is the level above's.
from dangjian.core.roles import Role  # noqa: E402

from .terms import CommitteeTerm  # noqa: E402

_OPEN_TERM = Q(closed_on__isnull=True, approved_on__isnull=True)
register(
    Page("orgs:term_list", "班子任期与换届"),
    Page("orgs:term_list", "班子任期：六个月内届满", query="due=soon"),
    Page("orgs:term_list", "班子任期：逾期未换届", query="due=overdue"),
    Page("orgs:term_add", "登记换届选举", creates=CommitteeTerm, writes=True, bench=False),
    Page("orgs:term", "班子任期详情", model=CommitteeTerm),
    Page("orgs:term_edit", "修改班子任期", model=CommitteeTerm, where=_OPEN_TERM, writes=True, bench=False),
    Page("orgs:term_elected", "登记当选委员", model=CommitteeTerm, where=_OPEN_TERM, writes=True, get=False),
    # Only the level above approves: the organization's own secretary is refused too.
    Page("orgs:term_approve", "批复换届选举", model=CommitteeTerm,
         where=_OPEN_TERM & ~Q(organization__kind="community_committee"), writes=True, get=False,
         writers=frozenset({Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY})),
)
register(Page("todo", "我的待办：逾期未换届的下级党组织", kwargs=lambda _: {"key": "terms_overdue"}))
