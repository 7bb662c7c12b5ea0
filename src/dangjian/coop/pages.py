from django.db.models import Q

from dangjian.core.pages import Page, register
from dangjian.core.roles import Role

from .models import ActivitySignup, CoBuildAgreement, JointActivity, Need, PartnerUnit, Project

HAS_PHOTO = Q(photos__isnull=False)
IN_SERVICE = frozenset({Role.MEMBER})  # an in-service member signs up and checks in for themselves

register(
    Page("coop:partner_list", "共建单位"),
    Page("coop:partner_add", "新增共建单位", writes=True),
    Page("coop:partner", "共建单位详情", model=PartnerUnit),
    Page("coop:partner_edit", "修改共建单位", model=PartnerUnit, writes=True),
    Page("coop:agreement_add", "新增共建协议", writes=True),
    Page("coop:agreement_edit", "修改共建协议", model=CoBuildAgreement, writes=True),
    Page("coop:agreement_end", "终止共建协议", model=CoBuildAgreement, writes=True, get=False),
    Page("coop:activity_list", "联创共建活动"),
    Page("coop:activity_add", "登记联创共建活动", writes=True),
    Page("coop:activity", "联创共建活动详情", model=JointActivity),
    Page("coop:activity_edit", "修改联创共建活动", model=JointActivity, writes=True),
    Page("coop:activity_photo", "联创共建活动照片", model=JointActivity, where=HAS_PHOTO, bench=False,
         kwargs=lambda a: {"pk": a.pk, "evidence_pk": a.photos.order_by("pk").first().pk}),
    Page("coop:lists", "需求资源项目清单"),
    Page("coop:need_add", "新增需求", writes=True),
    Page("coop:need_match", "需求对接资源", model=Need, writes=True, get=False),
    Page("coop:resource_add", "新增资源", writes=True),
    Page("coop:project_add", "新增项目", writes=True),
    Page("coop:project_start", "项目开始实施", model=Project, writes=True, get=False),
    Page("coop:project_finish", "项目完成", model=Project, writes=True, get=False),
    Page("coop:participation", "在职党员参与率"),
    Page("coop:activity_qr", "打印共建活动签到码", model=JointActivity, bench=False),
    # The phone pages of in-service members (/p/cobuild/)
    Page("cobuild:activities", "手机：联创共建活动"),
    Page("cobuild:signup", "报名共建活动", model=JointActivity, writes=True, get=False, writers=IN_SERVICE),
    Page("cobuild:cancel", "取消共建活动报名", model=ActivitySignup, writes=True, get=False, writers=IN_SERVICE),
    Page("cobuild:check_in", "共建活动扫码签到", model=JointActivity, kwargs=lambda a: {"token": a.checkin_token},
         writes=True, writers=IN_SERVICE, bench=False),
)
