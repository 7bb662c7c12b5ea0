from dangjian.core.pages import Page, register

from .models import Grid, Organization

register(
    Page("orgs:tree", "组织架构"),
    Page("orgs:organization_list", "组织列表"),
    Page("orgs:organization", "组织详情", model=Organization),
    Page("orgs:grid_list", "网格列表"),
    Page("orgs:grid", "网格详情", model=Grid),
    Page("orgs:roleassignment_list", "角色列表", bench=False),
    Page("api:organization-list", "API 组织", api=True),
    Page("api:organization-detail", "API 组织详情", model=Organization, api=True),
    Page("api:grid-list", "API 网格", api=True),
    Page("api:grid-detail", "API 网格详情", model=Grid, api=True),
    Page("api:roleassignment-list", "API 角色", api=True, bench=False),
)
