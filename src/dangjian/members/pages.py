from django.db.models import Q

from dangjian.core.pages import Page, exempt, register
from dangjian.core.roles import READ_ONLY_ROLES, REVEAL_ROLES, Role
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization

from .models import Award, Bulletin, CareVisit, CommitteePost, OrgLifeMeeting, PartyMember, PointEntry, TrainingSession
from .reporting import report_token

MANAGERS = frozenset(PartyMember.edit_roles)
SIGNING_IN = frozenset({Role.MEMBER})  # a member signs themselves in to their own branch's meeting


COMMUNITY = Q(kind=OrgKind.COMMUNITY_COMMITTEE)


def _a_community_code(_):
    """A report-in code: the first community of the tree (any member may report in to any community)."""
    return {"token": report_token(Organization.objects.filter(kind=OrgKind.COMMUNITY_COMMITTEE).order_by("path")
                                  .first())}


def _evidence(meeting_or_bulletin):
    return {"pk": meeting_or_bulletin.pk, "evidence_pk": meeting_or_bulletin.attachments.order_by("pk").first().pk}


register(
    # The roster
    Page("members:member_list", "党员名册"),
    Page("members:member_list", "党员搜索（拼音）", query="q=z"),
    # The lifecycle cards (recruitment, transfers, mobile, dues, national: members/parts.py) read their own rows once.
    Page("members:member", "党员详情", model=PartyMember, budget=26),
    Page("members:member_add", "新增党员", writes=True, writers=MANAGERS, bench=False),
    Page("members:member_edit", "修改党员", model=PartyMember, writes=True, bench=False),
    Page("members:member_export", "党员名册导出", bench=False),
    # The unmasked export asks why and logs who took it.
    Page("members:member_export_full", "党员名册完整导出", writes=True,
         writers=REVEAL_ROLES - READ_ONLY_ROLES, bench=False),
    Page("members:member_template", "导入模板", bench=False),
    Page("members:member_import", "党员导入", writes=True, writers=MANAGERS, bench=False),
    Page("members:committee_list", "支部班子"),
    Page("members:committeepost_add", "任命班子成员", writes=True, writers=MANAGERS, bench=False),
    Page("members:committeepost_edit", "修改班子职务", model=CommitteePost, writes=True, bench=False),
    Page("members:committee_profile", "班子结构"),
    # Organization life
    Page("members:meeting_list", "组织生活"),
    Page("members:meeting", "会议详情", model=OrgLifeMeeting),
    Page("members:meeting_add", "登记会议", writes=True, writers=frozenset(OrgLifeMeeting.edit_roles), bench=False),
    Page("members:meeting_edit", "修改会议", model=OrgLifeMeeting, writes=True, bench=False),
    Page("members:meeting_attendance", "登记出勤", model=OrgLifeMeeting, writes=True, get=False),
    Page("members:meeting_qr", "打印签到码", model=OrgLifeMeeting, bench=False),
    Page("members:meeting_file", "会议附件", model=OrgLifeMeeting, kwargs=_evidence,
         where=Q(attachments__isnull=False), bench=False),
    Page("members:checkin", "扫码签到", model=OrgLifeMeeting, kwargs=lambda m: {"token": m.checkin_token},
         writes=True, writers=SIGNING_IN, bench=False),
    Page("members:compliance", "组织生活落实情况"),
    # Training
    Page("members:training_list", "党员轮训"),
    Page("members:training", "轮训详情", model=TrainingSession),
    Page("members:training_add", "登记轮训", writes=True, writers=frozenset(TrainingSession.edit_roles), bench=False),
    Page("members:training_edit", "修改轮训", model=TrainingSession, writes=True, bench=False),
    Page("members:training_attendees", "登记参训人员", model=TrainingSession, writes=True, get=False),
    Page("members:training_stats", "轮训内容结构"),
    # Points
    Page("members:points", "党员积分"),
    Page("members:point_rules", "积分规则", bench=False),
    Page("members:points_add", "人工记分", writes=True, writers=frozenset(PointEntry.edit_roles), bench=False),
    Page("members:points_pending", "积分审核", bench=False),
    Page("members:points_decide", "审核积分", model=PointEntry, writes=True, get=False),
    Page("members:point_disputes", "积分异议", bench=False),
    Page("members:point_answer", "答复积分异议", model=PointEntry, writes=True, get=False),
    # 在职党员报到: the community's list and its code (the organization is the community itself)
    Page("members:reportins", "在职党员报到"),
    Page("members:reportin_qr", "打印报到码", model=Organization, where=COMMUNITY, bench=False),
    Page("members:reportin_qr_file", "报到码图片", model=Organization, where=COMMUNITY, bench=False,
         kwargs=lambda c: {"pk": c.pk, "kind": "png"}),
    Page("members:reportin_qr_file", "报到码 PDF", model=Organization, where=COMMUNITY, bench=False,
         kwargs=lambda c: {"pk": c.pk, "kind": "pdf"}),
    # Care and awards
    Page("members:care_list", "党内关怀"),
    Page("members:care_add", "登记走访慰问", writes=True, writers=frozenset(CareVisit.edit_roles), bench=False),
    Page("members:care_edit", "修改走访慰问", model=CareVisit, writes=True, bench=False),
    Page("members:award_list", "评优评先"),
    Page("members:award_nominate", "推荐评优", writes=True, writers=frozenset(Award.edit_roles), bench=False),
    Page("members:award_decide", "审批评优", model=Award, writes=True, get=False),
    # 党员之家
    Page("members:bulletin_list", "党员之家"),
    Page("members:bulletin", "党员之家内容", model=Bulletin),
    Page("members:bulletin_add", "发布党员之家内容", writes=True, writers=frozenset(Bulletin.edit_roles), bench=False),
    Page("members:bulletin_edit", "修改党员之家内容", model=Bulletin, writes=True, bench=False),
    Page("members:bulletin_file", "党员之家附件", model=Bulletin, kwargs=_evidence,
         where=Q(attachments__isnull=False), bench=False),
    # A member's own pages (phone first)
    Page("me:home", "我的党建"),
    Page("me:points", "我的积分", bench=False),
    Page("me:meetings", "我的组织生活", bench=False),
    # The phone pages under /p/ (a member acting for themselves)
    Page("phone:home", "党员服务"),
    Page("phone:report_in", "到社区报到", kwargs=_a_community_code, writes=True, writers=SIGNING_IN, bench=False),
    Page("phone:points", "积分确认"),
    Page("phone:point_confirm", "确认积分", model=PointEntry, writes=True, get=False, writers=SIGNING_IN),
    Page("phone:point_dispute", "积分有异议", model=PointEntry, writes=True, get=False, writers=SIGNING_IN),
    # API
    Page("api:partymember-list", "API 党员", api=True, writes=True, writers=MANAGERS),
    Page("api:partymember-detail", "API 党员详情", model=PartyMember, api=True, writes=True),
    Page("api:meeting-list", "API 组织生活", api=True, writes=True, writers=frozenset(OrgLifeMeeting.edit_roles)),
    Page("api:meeting-detail", "API 会议详情", model=OrgLifeMeeting, api=True, writes=True),
    Page("api:meeting-checkin", "API 扫码签到", api=True, writes=True, get=False, writers=SIGNING_IN, bench=False),
    Page("api:pointentry-list", "API 积分记录", api=True, bench=False),
    Page("api:pointentry-detail", "API 积分记录详情", model=PointEntry, api=True, bench=False),
    Page("api:training-list", "API 轮训", api=True, bench=False, writes=True,
         writers=frozenset(TrainingSession.edit_roles)),
    Page("api:training-detail", "API 轮训详情", model=TrainingSession, api=True, writes=True, bench=False),
)
exempt("manifest", "the web app manifest (name, icons, start address): public, reads no data")
exempt("phone:large_type", "switches the phone pages' large type in a cookie; changes no data")
