"""The "3+×" grid network's metrics (grids, the three fixed posts filled, the "×" members by post) and the
two-new organizations' 双培四联三帮带 (pairings, people cultivated, link activities, helps)."""

from django.db.models import Count, Q

from dangjian.core.metrics import Metric as M
from dangjian.core.metrics import metric, register, subtree

from .choices import FIXED_GRID_POSTS, CultivationDirection, CultivationStatus, GridPost, HelpKind, LinkKind
from .models import Cultivation, Grid, GridStaff, HelpRecord, LinkActivity

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


# -- 双培四联三帮带 (two_new.py): what a two-new organization's method did, counted from its records ------------

PAIRING_COLUMNS = (("培养对象", "person.name"), ("培养方向", "get_direction_display"), ("联系人", "mentor.name"),
                   ("结对日期", "start"), ("培养结果", "outcome_label"), ("两新组织", "organization.name"))


@metric("two_new_pairings", "双培结对培养对象", "名", "期内在培养中的双培结对（结对日期不晚于期末，期初前未登记结果）",
        Cultivation, columns=PAIRING_COLUMNS, assessable=False)
def two_new_pairings(base, org, start, end):
    open_then = Q(outcome_on__isnull=True) | Q(outcome_on__gte=start)
    return subtree(base, "organization", org).filter(open_then, start__lte=end)


def _cultivated(direction):
    def rows(base, org, start, end):
        return subtree(base, "organization", org).filter(
            direction=direction, status=CultivationStatus.ACHIEVED, outcome_on__gte=start, outcome_on__lte=end)

    return rows


register(M("two_new_cultivated_members", "培养骨干成党员", "名",
           "期内登记为“已培养成”的“培养骨干成党员”结对（按结果日期）：业务骨干发展为党员",
           Cultivation, rows=_cultivated(CultivationDirection.BACKBONE_TO_MEMBER), columns=PAIRING_COLUMNS,
           month="outcome_on"))
register(M("two_new_cultivated_backbones", "培养党员成骨干", "名",
           "期内登记为“已培养成”的“培养党员成骨干”结对（按结果日期）：党员成长为业务骨干",
           Cultivation, rows=_cultivated(CultivationDirection.MEMBER_TO_BACKBONE), columns=PAIRING_COLUMNS,
           month="outcome_on"))

LINK_COLUMNS = (("日期", "date"), ("四联", "get_link_display"), ("联系对象", "partner"), ("活动内容", "content"),
                ("两新组织", "organization.name"))
HELP_COLUMNS = (("日期", "date"), ("三帮带", "get_kind_display"), ("帮带人（单位）", "helper"), ("帮带内容", "content"),
                ("两新组织", "organization.name"))


def _dated(**condition):
    def rows(base, org, start, end):
        return subtree(base, "organization", org).filter(date__gte=start, date__lte=end, **condition)

    return rows


register(M("two_new_link_activities", "四联活动", "次",
           "期内两新组织开展的“四联”活动（组织联建、活动联办、资源联享、服务联动，按日期）",
           LinkActivity, rows=_dated(), columns=LINK_COLUMNS, month="date"))
register(M("two_new_helps", "三帮带", "次", "期内对两新组织开展的“三帮带”（帮思想、帮技能、帮发展，按日期）",
           HelpRecord, rows=_dated(), columns=HELP_COLUMNS, month="date"))
# One figure per link and per help, so the report can say "组织联建3次、活动联办2次" with each number a figure.
for _link in LinkKind:
    register(M(f"two_new_links_{_link.value}", f"四联·{_link.label}", "次",
               f"期内两新组织开展的“{_link.label}”活动（按日期）",
               LinkActivity, rows=_dated(link=_link), columns=LINK_COLUMNS, assessable=False, month="date"))
for _help in HelpKind:
    register(M(f"two_new_helps_{_help.value}", f"三帮带·{_help.label}", "次",
               f"期内对两新组织的“{_help.label}”（按日期）",
               HelpRecord, rows=_dated(kind=_help), columns=HELP_COLUMNS, assessable=False, month="date"))

# What the annual report probes for a two-new demonstration organization before telling its method.
TWO_NEW_METHOD_KEYS = ("two_new_pairings", "two_new_cultivated_members", "two_new_cultivated_backbones",
                       "two_new_link_activities", "two_new_helps",
                       *(f"two_new_links_{k.value}" for k in LinkKind), *(f"two_new_helps_{k.value}" for k in HelpKind))


# 换届 (terms.py): terms past their end with no new election, and terms falling due, as of the period's end.
from dangjian.core.dates import add_months  # noqa: E402

from .terms import CommitteeTerm  # noqa: E402

TERM_COLUMNS = (("组织", "organization.name"), ("选举日期", "elected_on"), ("届满日期", "ends_on"))


def _current_at(base, org, end):
    return subtree(base, "organization", org).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end),
                                                     elected_on__lte=end)


@metric("terms_overdue", "逾期未换届的党组织", "个", "期末任期已届满、尚未选举产生新一届委员会的党组织", CommitteeTerm,
        columns=TERM_COLUMNS, assessable=False, higher_is_better=False)
def terms_overdue(base, org, start, end):
    return _current_at(base, org, end).filter(ends_on__lt=end)


@metric("terms_due", "六个月内届满的党组织", "个", "期末起六个月内任期届满、需筹备换届的党组织", CommitteeTerm,
        columns=TERM_COLUMNS, assessable=False)
def terms_due(base, org, start, end):
    return _current_at(base, org, end).filter(ends_on__gte=end, ends_on__lte=add_months(end, 6))
