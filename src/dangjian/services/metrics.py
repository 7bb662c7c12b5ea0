"""Volunteer and convenience-service metrics: hours, brand activities, wishes, teams and the service menu."""

from django.db.models import Q

from dangjian.core.metrics import Metric as M
from dangjian.core.metrics import metric, on_days, register, subtree

from .choices import WishStatus
from .models import (
    Activity,
    AllianceMember,
    BrandProject,
    MicroWish,
    OutdoorMatter,
    OutdoorSession,
    ServiceItem,
    Signup,
    Station,
    StationService,
    Talent,
    VolunteerTeam,
)

IN_USE = {"archived_at__isnull": True}  # archived directory rows stay in history, out of the counts

SIGNUP_COLUMNS = (("活动", "activity.title"), ("日期", "activity.starts_at"), ("志愿者", "person.name"),
                  ("时长（小时）", "hours"))


@metric("volunteer_hours", "志愿服务时长", "小时", "期内志愿活动中经组织者确认的服务时长合计（按活动日期）", Signup,
        sum_field="hours", columns=SIGNUP_COLUMNS, month="activity__starts_at")
def volunteer_hours(base, org, start, end):
    return subtree(base, "activity__organization", org).filter(
        confirmed=True, **on_days("activity__starts_at", start, end))


@metric("member_volunteer_hours", "党员本人志愿服务时长", "小时",
        "期末在册党员本人在期内志愿活动中经确认的服务时长合计（按党员所在支部归属，不含非党员志愿者）", Signup,
        sum_field="hours", columns=SIGNUP_COLUMNS, assessable=False, month="activity__starts_at",
        place="person__party_member__branch__path")
def member_volunteer_hours(base, org, start, end):
    # The numerator of a per-member figure counts the members' own hours: dividing every volunteer's hours
    # by the members would credit them with residents' service.
    from dangjian.members.choices import ACTIVE_STATUSES

    return base.filter(confirmed=True, person__party_member__status__in=ACTIVE_STATUSES,
                       person__party_member__branch__path__startswith=org.path,
                       person__party_member__join_date__lte=end, **on_days("activity__starts_at", start, end))


register(M("volunteer_hours_per_member", "党员人均志愿服务时长", "小时/人", "党员本人志愿服务时长 ÷ 党员人数",
           per=("member_volunteer_hours", "members")))


@metric("volunteer_activities", "志愿服务活动", "次", "期内开展的志愿服务活动（按开始日期）", Activity,
        columns=(("日期", "starts_at"), ("活动", "title"), ("组织", "organization.name")))
def volunteer_activities(base, org, start, end):
    return subtree(base, "organization", org).filter(**on_days("starts_at", start, end))


@metric("brand_activities", "品牌服务活动", "次", "期内以服务品牌名义开展的志愿服务活动", Activity,
        columns=(("日期", "starts_at"), ("活动", "title"), ("品牌", "brand.name")))
def brand_activities(base, org, start, end):
    return volunteer_activities(base, org, start, end).filter(brand__isnull=False)


@metric("brand_participants", "品牌活动参与人次", "人次", "品牌服务活动中签到或经确认的参加人次", Signup,
        columns=SIGNUP_COLUMNS)
def brand_participants(base, org, start, end):
    return subtree(base, "activity__organization", org).filter(
        activity__brand__isnull=False, **on_days("activity__starts_at", start, end),
        cancelled_at__isnull=True).filter(Q(confirmed=True) | Q(checked_in_at__isnull=False))


@metric("wishes_fulfilled", "实现微心愿", "个", "期内实现的微心愿（按实现时间，含已确认的）", MicroWish,
        columns=(("心愿", "content"), ("社区", "organization.name"), ("状态", "get_status_display")),
        month="fulfilled_at")
def wishes_fulfilled(base, org, start, end):
    return subtree(base, "organization", org).filter(
        status__in=(WishStatus.FULFILLED, WishStatus.CONFIRMED), **on_days("fulfilled_at", start, end))


@metric("volunteer_teams", "志愿服务队", "支", "现有的志愿服务队伍", VolunteerTeam,
        columns=(("服务队", "name"), ("组织", "organization.name"), ("服务方向", "focus")),
        assessable=False, dated=False)
def volunteer_teams(base, org, start, end):
    return subtree(base, "organization", org).filter(**IN_USE)


@metric("brands", "党建品牌", "个",
        "社区及其下属组织打造的党建品牌：服务品牌、党建工作法和服务平台，品牌下设的特色服务不另计", BrandProject,
        columns=(("品牌", "name"), ("类型", "get_kind_display"), ("社区", "organization.name"),
                 ("服务对象", "target_group")),
        assessable=False, dated=False)
def brands(base, org, start, end):
    # What a reader calls a brand: “和立方” is one, not five with its 俏夕阳、小太阳… (they point to it).
    return subtree(base, "organization", org).filter(parent__isnull=True, **IN_USE)


@metric("service_items", "服务菜单项目", "项", "便民服务菜单中的服务项目", ServiceItem,
        columns=(("服务", "title"), ("社区", "organization.name"), ("方式", "get_mode_display")),
        assessable=False, dated=False)
def service_items(base, org, start, end):
    return subtree(base, "organization", org)


@metric("alliance_members", "便民服务联盟成员", "家", "加入便民服务联盟的商户和个人", AllianceMember,
        columns=(("名称", "name"), ("社区", "organization.name")),
        assessable=False, dated=False)
def alliance_members(base, org, start, end):
    return subtree(base, "organization", org).filter(**IN_USE)


@metric("talents", "草根能人", "名", "草根能人库在库人员", Talent,
        columns=(("姓名", "person.name"), ("社区", "organization.name")),
        assessable=False, dated=False)
def talents(base, org, start, end):
    return subtree(base, "organization", org).filter(**IN_USE)


@metric("team_activities", "服务队开展的志愿服务活动", "次", "期内由该组织的志愿服务队承担的志愿服务活动（按开始日期）",
        Activity, columns=(("日期", "starts_at"), ("活动", "title"), ("服务队", "team.name")), assessable=False,
        place="team__organization__path")  # counted where the team hangs, whoever organized the activity
def team_activities(base, org, start, end):
    return base.filter(team__organization__path__startswith=org.path, **on_days("starts_at", start, end))


@metric("festival_activities", "节日志愿服务活动", "次",
        "期内志愿服务活动中标题写明节日（元宵、端午、“七一”、国庆等）或在元旦、“七一”、国庆等固定节日当天开展的",
        Activity, columns=(("日期", "starts_at"), ("活动", "title"), ("组织", "organization.name")), assessable=False)
def festival_activities(base, org, start, end):
    from .festivals import served

    return volunteer_activities(base, org, start, end).filter(served("title", "starts_at"))


# --- 红色志愿者驿站 ---------------------------------------------------------------------------------

STATION_SERVICE_COLUMNS = (("时间", "starts_at"), ("驿站", "station.name"), ("志愿者", "volunteer.person.name"),
                           ("服务内容", "content"), ("时长（小时）", "hours"))


@metric("stations", "红色志愿者驿站", "个", "建成的红色志愿者驿站", Station,
        columns=(("驿站", "name"), ("地点", "place"), ("开放时间", "opening_hours"), ("组织", "organization.name")),
        assessable=False, dated=False)
def stations(base, org, start, end):
    return subtree(base, "organization", org)


@metric("station_services", "驿站服务", "次", "期内在红色志愿者驿站登记的志愿服务（按服务开始时间）", StationService,
        columns=STATION_SERVICE_COLUMNS, month="starts_at")
def station_services(base, org, start, end):
    return subtree(base, "station__organization", org).filter(**on_days("starts_at", start, end))


@metric("station_hours", "驿站服务时长", "小时", "期内红色志愿者驿站服务记录的服务时长合计", StationService,
        sum_field="hours", columns=STATION_SERVICE_COLUMNS, month="starts_at")
def station_hours(base, org, start, end):
    return station_services(base, org, start, end)


# --- 流动居委会 / 站岗式服务 ----------------------------------------------------------------------------

MATTER_COLUMNS = (("日期", "session.starts_at"), ("地点", "session.place"), ("事项", "content"),
                  ("状态", "get_status_display"))


@metric("outdoor_sessions", "流动服务", "场", "期内开展的流动居委会、站岗式服务（按开始时间）", OutdoorSession,
        columns=(("时间", "starts_at"), ("形式", "get_kind_display"), ("地点", "place"), ("社区", "organization.name")),
        month="starts_at")
def outdoor_sessions(base, org, start, end):
    return subtree(base, "organization", org).filter(**on_days("starts_at", start, end))


@metric("outdoor_matters", "流动服务办理事项", "件", "期内流动服务中登记的居民反映事项（按服务日期）", OutdoorMatter,
        columns=MATTER_COLUMNS, month="session__starts_at")
def outdoor_matters(base, org, start, end):
    return subtree(base, "session__organization", org).filter(**on_days("session__starts_at", start, end))


@metric("outdoor_problems", "流动服务事项转入问题清单", "件", "期内流动服务事项中转入问题清单的", OutdoorMatter,
        columns=MATTER_COLUMNS, month="session__starts_at", assessable=False)
def outdoor_problems(base, org, start, end):
    return outdoor_matters(base, org, start, end).filter(problem__isnull=False)
