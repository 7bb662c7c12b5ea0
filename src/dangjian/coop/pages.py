from dangjian.core.pages import Page, register

from .models import JointActivity, PartnerUnit

register(
    Page("coop:partner_list", "共建单位"),
    Page("coop:partner", "共建单位详情", model=PartnerUnit),
    Page("coop:activity_list", "联创共建活动"),
    Page("coop:activity", "联创共建活动详情", model=JointActivity),
    Page("coop:lists", "需求资源项目清单"),
    Page("coop:participation", "在职党员参与率"),
)
