"""The "3+×" grid network's metrics: grids, the three fixed posts filled, and the "×" members by post."""

from django.db.models import Count, Q

from dangjian.core.metrics import Metric as M
from dangjian.core.metrics import metric, register, subtree

from .choices import FIXED_GRID_POSTS, GridPost
from .models import Grid, GridStaff

GRID_COLUMNS = (("网格", "name"), ("网格党支部", "organization.name"))


@metric("grids", "网格", "个", "现有的网格（每个网格对应一个网格党支部）", Grid, columns=GRID_COLUMNS,
        assessable=False, dated=False)
def grids(base, org, start, end):
    return subtree(base, "organization", org)


@metric("grids_staffed", "配齐“3”个固定岗位的网格", "个", "社区干部、网格党支部书记、社区协警三个固定岗位都有人的网格",
        Grid, columns=GRID_COLUMNS, assessable=False, dated=False)
def grids_staffed(base, org, start, end):
    fixed = Count("staff__post", filter=Q(staff__post__in=[p.value for p in FIXED_GRID_POSTS]), distinct=True)
    full = Grid.objects.filter(organization__path__startswith=org.path).annotate(fixed=fixed).filter(
        fixed=len(FIXED_GRID_POSTS))
    return subtree(base, "organization", org).filter(pk__in=full.values("pk"))


def _staff_at(post):
    def rows(base, org, start, end):
        return subtree(base, "grid__organization", org).filter(post=post)

    return rows


# The "×" of 3+×: members of the network beyond the three fixed posts, one figure per post.
X_POSTS = [p for p in GridPost if p not in FIXED_GRID_POSTS]
for _post in X_POSTS:
    register(M(f"grid_staff_{_post.value}", f"编入网格的{_post.label}", "名", f"在网格中担任“{_post.label}”岗位的人员",
               GridStaff, rows=_staff_at(_post),
               columns=(("网格", "grid.name"), ("姓名", "person.name"), ("岗位", "get_post_display")),
               assessable=False, dated=False))
