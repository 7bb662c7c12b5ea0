from django.db import models

from dangjian.core.roles import Role


class OrgKind(models.TextChoices):
    DISTRICT = "district", "区委"
    STREET_COMMITTEE = "street_committee", "街道党工委"
    COMMUNITY_COMMITTEE = "community_committee", "社区党委"
    GENERAL_BRANCH = "general_branch", "党总支"
    BRANCH = "branch", "党支部"
    GRID_BRANCH = "grid_branch", "网格党支部"
    TWO_NEW_ORG = "two_new_org", "两新组织党组织"
    VOLUNTEER_BRANCH = "volunteer_branch", "志愿服务党支部"


class DemoSiteType(models.TextChoices):
    NONE = "", "否"
    COMMUNITY = "community", "社区党建示范点"
    TWO_NEW = "two_new", "两新党建示范点"


class GridPost(models.TextChoices):
    CADRE = "cadre", "社区干部"
    GRID_SECRETARY = "grid_secretary", "网格党支部书记"
    POLICE_ASSISTANT = "police_assistant", "社区协警"
    BACKBONE_MEMBER = "backbone_member", "骨干党员"
    VOLUNTEER = "volunteer", "志愿者"
    IN_SERVICE_MEMBER = "in_service_member", "在职党员"
    TALENT = "talent", "草根能人"
    OTHER = "other", "其他"


# The "3" of 3+×: one holder each per grid.
FIXED_GRID_POSTS = (GridPost.CADRE, GridPost.GRID_SECRETARY, GridPost.POLICE_ASSISTANT)

# Which kinds of organization each role may be held at; a secretary of a street is a mistake.
ROLE_ORG_KINDS = {
    Role.DISTRICT_VIEWER: {OrgKind.DISTRICT},
    Role.STREET_ADMIN: {OrgKind.STREET_COMMITTEE},
    Role.CADRE: {OrgKind.STREET_COMMITTEE},
    Role.COMMUNITY_SECRETARY: {OrgKind.COMMUNITY_COMMITTEE},
    Role.BRANCH_SECRETARY: {
        OrgKind.GENERAL_BRANCH,
        OrgKind.BRANCH,
        OrgKind.GRID_BRANCH,
        OrgKind.TWO_NEW_ORG,
        OrgKind.VOLUNTEER_BRANCH,
    },
    Role.GRID_WORKER: {OrgKind.GRID_BRANCH},
}

# Where each kind may sit: the parent kinds allowed.
PARENT_KINDS = {
    OrgKind.DISTRICT: set(),
    OrgKind.STREET_COMMITTEE: {OrgKind.DISTRICT},
    OrgKind.COMMUNITY_COMMITTEE: {OrgKind.STREET_COMMITTEE},
    OrgKind.GENERAL_BRANCH: {OrgKind.COMMUNITY_COMMITTEE, OrgKind.STREET_COMMITTEE, OrgKind.TWO_NEW_ORG},
    OrgKind.BRANCH: {
        OrgKind.COMMUNITY_COMMITTEE,
        OrgKind.GENERAL_BRANCH,
        OrgKind.STREET_COMMITTEE,
        OrgKind.TWO_NEW_ORG,
    },
    OrgKind.GRID_BRANCH: {OrgKind.COMMUNITY_COMMITTEE, OrgKind.GENERAL_BRANCH},
    OrgKind.TWO_NEW_ORG: {OrgKind.STREET_COMMITTEE, OrgKind.COMMUNITY_COMMITTEE},
    OrgKind.VOLUNTEER_BRANCH: {OrgKind.COMMUNITY_COMMITTEE, OrgKind.STREET_COMMITTEE},
}


# 双培四联三帮带, the two-new organizations' work method (the reference's ×社区 "建立“双培四联三帮带”工作法"),
# in the words the demo's 红星物业 brand states it: 双培 = the two directions of cultivation, 四联 = the four links
# between the organization and the community, 三帮带 = the three kinds of help.
class CultivationDirection(models.TextChoices):
    BACKBONE_TO_MEMBER = "backbone_to_member", "培养骨干成党员"
    MEMBER_TO_BACKBONE = "member_to_backbone", "培养党员成骨干"


class CultivationStatus(models.TextChoices):
    ONGOING = "ongoing", "培养中"
    ACHIEVED = "achieved", "已培养成"
    ENDED = "ended", "已中止"


class LinkKind(models.TextChoices):
    ORGANIZATION = "organization", "组织联建"
    ACTIVITY = "activity", "活动联办"
    RESOURCE = "resource", "资源联享"
    SERVICE = "service", "服务联动"


class HelpKind(models.TextChoices):
    THOUGHT = "thought", "帮思想"
    SKILL = "skill", "帮技能"
    DEVELOPMENT = "development", "帮发展"
