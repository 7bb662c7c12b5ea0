from django.db import models


class Category(models.TextChoices):
    BRAND = "brand", "党建品牌"
    REGIONAL = "regional", "区域化党建"
    EDUCATION = "education", "党员教育管理"
    TWO_NEW = "two_new", "两新组织"
    POSITION = "position", "阵地建设"
    SERVICE = "service", "服务群众"
    RESPONSIBILITY = "responsibility", "责任落实"
    OTHER = "other", "其他"


class Source(models.TextChoices):
    VISIT = "visit", "走访"
    INSPECTION = "inspection", "观摩/督查"
    SELF = "self", "自查"
    MASSES = "masses", "群众反映"
    SENTIMENT = "sentiment", "社情民意"
    SUPERVISION = "supervision", "监督"


class Severity(models.TextChoices):
    NORMAL = "normal", "一般"
    SERIOUS = "serious", "较重"
    CRITICAL = "critical", "严重"


class ProblemStatus(models.TextChoices):
    OPEN = "open", "待整改"
    RECTIFYING = "rectifying", "整改中"
    RESOLVED = "resolved", "已整改"
    VERIFIED = "verified", "已验收"
    CLOSED = "closed", "已关闭"


OPEN_PROBLEM_STATUSES = (ProblemStatus.OPEN, ProblemStatus.RECTIFYING)
SOLVED_PROBLEM_STATUSES = (ProblemStatus.RESOLVED, ProblemStatus.VERIFIED)


class PostKind(models.TextChoices):
    SECRETARY = "secretary", "书记（第一责任人）"
    DEPUTY = "deputy", "副书记"
    MEMBER = "member", "委员（一岗双责）"
    CONTACT_CADRE = "contact_cadre", "联系点科级干部"
    OTHER = "other", "其他"


class VisitKind(models.TextChoices):
    COMMUNITY = "community", "走访社区"
    TWO_NEW = "two_new", "两新组织走访调研"
    HOUSEHOLD = "household", "走访弱势群体家庭"
