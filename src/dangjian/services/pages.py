"""Every named URL of services, the phone pages (/p/) and the services API, for the role × view matrices.

Staff pages write for the models' `edit_roles`; the phone pages' actions are the self-service roles'
(`writers=SELF_ROLES`), and read-only roles are refused there like everywhere else.
"""

from django.db.models import Q

from dangjian.core.pages import Page, register
from dangjian.core.roles import SELF_ROLES

from .models import (
    Activity,
    AllianceMember,
    Booking,
    BrandProject,
    MicroWish,
    OutdoorMatter,
    OutdoorSession,
    Registration,
    ServiceItem,
    ServiceSlot,
    Signup,
    Station,
    Talent,
    Volunteer,
    VolunteerTeam,
)


def _act(action):
    return lambda obj: {"pk": obj.pk, "action": action}


def _pk(obj):
    return {"pk": obj.pk}


register(
    # Staff pages
    Page("services:wish_list", "微心愿"),
    Page("services:wish", "微心愿详情", model=MicroWish),
    Page("services:wish_add", "代居民登记微心愿", writes=True, bench=False),
    Page("services:wish_action", "审核发布微心愿", model=MicroWish, kwargs=_act("publish"),
         where=Q(status="submitted"), get=False, writes=True),
    Page("services:wish_action", "退回微心愿", model=MicroWish, kwargs=_act("reject"), where=Q(status="submitted"),
         get=False, writes=True),
    Page("services:wish_action", "代居民确认心愿实现", model=MicroWish, kwargs=_act("confirm"),
         where=Q(status="fulfilled"), get=False, writes=True),
    Page("services:activity_list", "志愿活动"),
    Page("services:activity", "活动详情", model=Activity),
    Page("services:activity_add", "新建志愿活动", writes=True, bench=False),
    Page("services:activity_edit", "修改志愿活动", model=Activity, writes=True, bench=False),
    Page("services:confirm_hours", "确认服务时长", model=Signup,
         kwargs=lambda s: {"pk": s.activity_id, "signup_pk": s.pk},
         where=Q(checked_out_at__isnull=False, confirmed=False), get=False, writes=True),
    Page("services:volunteer_list", "志愿者"),
    Page("services:volunteer", "志愿者详情", model=Volunteer),
    Page("services:volunteer_add", "登记志愿者", writes=True, bench=False),
    Page("services:volunteer_edit", "修改志愿者", model=Volunteer, writes=True, bench=False),
    Page("services:certificate", "志愿服务证明", model=Volunteer, bench=False),
    Page("services:team_list", "志愿服务队"),
    Page("services:team_add", "新建服务队", writes=True, bench=False),
    Page("services:team_list", "志愿服务队（已归档）", query="archived=1"),
    Page("services:team", "服务队详情", model=VolunteerTeam),
    Page("services:team_edit", "修改服务队", model=VolunteerTeam, writes=True, bench=False),
    Page("services:team_archive", "归档服务队", model=VolunteerTeam, where=Q(archived_at__isnull=True), get=False,
         writes=True),
    Page("services:team_restore", "恢复服务队", model=VolunteerTeam, get=False, writes=True),
    Page("services:item_list", "服务菜单"),
    Page("services:item", "服务项目详情", model=ServiceItem),
    Page("services:item_add", "新建服务项目", writes=True, bench=False),
    Page("services:item_edit", "修改服务项目", model=ServiceItem, writes=True, bench=False),
    Page("services:add_slots", "添加可预约时段", model=ServiceItem, get=False, writes=True),
    Page("services:booking_list", "预约"),
    Page("services:booking_action", "确认预约", model=Booking, kwargs=_act("confirm"), where=Q(status="booked"),
         get=False, writes=True),
    Page("services:booking_action", "完成服务", model=Booking, kwargs=_act("serve"), get=False, writes=True),
    Page("services:booking_action", "取消预约", model=Booking, kwargs=_act("cancel"), get=False, writes=True),
    Page("services:alliance_list", "便民服务联盟"),
    Page("services:alliance_add", "新增联盟成员", writes=True, bench=False),
    Page("services:alliance", "联盟成员详情", model=AllianceMember),
    Page("services:alliance_edit", "修改联盟成员", model=AllianceMember, writes=True, bench=False),
    Page("services:alliance_archive", "归档联盟成员", model=AllianceMember, where=Q(archived_at__isnull=True),
         get=False, writes=True),
    Page("services:alliance_restore", "恢复联盟成员", model=AllianceMember, get=False, writes=True),
    Page("services:talent_list", "草根能人库"),
    Page("services:talent_add", "新增草根能人", writes=True, bench=False),
    Page("services:talent", "草根能人详情", model=Talent),
    Page("services:talent_edit", "修改草根能人", model=Talent, writes=True, bench=False),
    Page("services:talent_archive", "归档草根能人", model=Talent, where=Q(archived_at__isnull=True), get=False,
         writes=True),
    Page("services:talent_restore", "恢复草根能人", model=Talent, get=False, writes=True),
    Page("services:brand_list", "服务品牌"),
    Page("services:brand_add", "新建服务品牌", writes=True, bench=False),
    Page("services:brand", "服务品牌详情", model=BrandProject),
    Page("services:brand_edit", "修改服务品牌", model=BrandProject, writes=True, bench=False),
    Page("services:brand_archive", "归档服务品牌", model=BrandProject, where=Q(archived_at__isnull=True), get=False,
         writes=True),
    Page("services:brand_restore", "恢复服务品牌", model=BrandProject, get=False, writes=True),
    # 红色志愿者驿站
    Page("services:station_list", "红色志愿者驿站"),
    Page("services:station_add", "新建驿站", writes=True, bench=False),
    Page("services:station", "驿站详情（值班表、服务记录）", model=Station),
    Page("services:station_edit", "修改驿站", model=Station, writes=True, bench=False),
    Page("services:station_duty_add", "驿站排班", model=Station, get=False, writes=True),
    Page("services:station_service_add", "登记驿站服务记录", model=Station, get=False, writes=True),
    # 流动居委会 / 站岗式服务
    Page("services:outdoor_list", "流动居委会与站岗式服务"),
    Page("services:outdoor_add", "新建流动服务", writes=True, bench=False),
    Page("services:outdoor", "流动服务详情", model=OutdoorSession),
    Page("services:outdoor_edit", "修改流动服务", model=OutdoorSession, writes=True, bench=False),
    Page("services:outdoor_matter_add", "登记流动服务事项", model=OutdoorSession, get=False, writes=True),
    Page("services:matter_action", "流动服务事项转入问题清单", model=OutdoorMatter, kwargs=_act("problem"),
         where=Q(status="open"), get=False, writes=True),
    Page("services:matter_action", "流动服务事项转为微心愿", model=OutdoorMatter, kwargs=_act("wish"),
         where=Q(status="open"), get=False, writes=True),
    Page("services:registration_list", "注册申请"),
    Page("services:registration_decide", "审核注册申请", model=Registration, where=Q(status="pending"), get=False,
         writes=True),
    # Phone pages (/p/): residents, volunteers and members act for themselves
    Page("public:board", "社区服务（手机）"),
    Page("public:mine", "我的服务（手机）"),
    Page("public:wish_new", "我要许愿（手机）", writes=True, writers=SELF_ROLES),
    Page("public:claim", "认领微心愿（手机）", model=MicroWish, where=Q(status="published"), get=False, writes=True,
         writers=SELF_ROLES),
    Page("public:fulfil", "登记心愿实现（手机）", model=MicroWish, where=Q(status="claimed"), get=False, writes=True,
         writers=SELF_ROLES),
    Page("public:confirm", "确认心愿实现（手机）", model=MicroWish, where=Q(status="fulfilled"), get=False,
         writes=True, writers=SELF_ROLES | frozenset(MicroWish.edit_roles)),  # or the community, for them
    Page("public:item", "服务项目（手机）", model=ServiceItem),
    Page("public:book", "预约服务（手机）", model=ServiceSlot, get=False, writes=True, writers=SELF_ROLES),
    Page("public:rate", "评价服务（手机）", model=Booking, get=False, writes=True, writers=SELF_ROLES),
    Page("public:signup", "报名志愿活动（手机）", model=Activity, get=False, writes=True, writers=SELF_ROLES),
    Page("public:cancel", "取消报名（手机）", model=Signup, get=False, writes=True, writers=SELF_ROLES),
    Page("public:check", "扫码签到签退（手机）", model=Activity, kwargs=lambda a: {"token": a.checkin_token},
         writes=True, writers=SELF_ROLES),
    # API
    Page("api:microwish-list", "API 微心愿", api=True),
    Page("api:microwish-detail", "API 微心愿详情", model=MicroWish, api=True, bench=False),
    Page("api:microwish-claim", "API 认领微心愿", model=MicroWish, api=True, kwargs=_pk, where=Q(status="published"),
         get=False, writes=True, writers=SELF_ROLES, bench=False),
    Page("api:activity-list", "API 志愿活动", api=True),
    Page("api:activity-detail", "API 志愿活动详情", model=Activity, api=True, bench=False),
    Page("api:activity-signup", "API 报名志愿活动", model=Activity, api=True, kwargs=_pk, get=False, writes=True,
         writers=SELF_ROLES, bench=False),
    Page("api:serviceitem-list", "API 服务菜单", api=True, bench=False),
    Page("api:serviceitem-detail", "API 服务项目详情", model=ServiceItem, api=True, bench=False),
    Page("api:serviceitem-book", "API 预约服务", model=ServiceItem, api=True, kwargs=_pk, get=False, writes=True,
         writers=SELF_ROLES, bench=False),
)
