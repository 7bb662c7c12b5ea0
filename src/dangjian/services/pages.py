from dangjian.core.pages import Page, register

from .models import Activity, MicroWish, ServiceItem, Volunteer

register(
    Page("services:wish_list", "微心愿"),
    Page("services:wish", "微心愿详情", model=MicroWish),
    Page("services:activity_list", "志愿活动"),
    Page("services:activity", "活动详情", model=Activity),
    Page("services:volunteer_list", "志愿者"),
    Page("services:volunteer", "志愿者详情", model=Volunteer),
    Page("services:certificate", "志愿服务证明", model=Volunteer, bench=False),
    Page("services:team_list", "志愿服务队"),
    Page("services:item_list", "服务菜单"),
    Page("services:item", "服务项目详情", model=ServiceItem),
    Page("services:booking_list", "预约"),
    Page("services:alliance_list", "便民服务联盟"),
    Page("services:talent_list", "草根能人库"),
    Page("services:brand_list", "服务品牌"),
    Page("services:registration_list", "注册申请"),
    Page("api:microwish-list", "API 微心愿", api=True),
    Page("api:activity-list", "API 志愿活动", api=True),
    Page("api:serviceitem-list", "API 服务菜单", api=True, bench=False),
)
