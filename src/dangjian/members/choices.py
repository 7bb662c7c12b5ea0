from django.db import models


class Category(models.TextChoices):
    FULL = "full", "正式党员"
    PROBATIONARY = "probationary", "预备党员"


class Status(models.TextChoices):
    NORMAL = "normal", "正常"
    MOBILE = "mobile", "流动"
    LOST = "lost", "失联"
    TRANSFERRED = "transferred", "转出"
    EXPELLED = "expelled", "出党"
    DECEASED = "deceased", "去世"


# Members who still belong to the branch's life (meetings, points, reminders).
ACTIVE_STATUSES = (Status.NORMAL, Status.MOBILE, Status.LOST)


class Post(models.TextChoices):
    SECRETARY = "secretary", "书记"
    DEPUTY = "deputy", "副书记"
    ORGANIZATION = "organization", "组织委员"
    PUBLICITY = "publicity", "宣传委员"
    DISCIPLINE = "discipline", "纪检委员"
    YOUTH = "youth", "青年委员"
    UNITED_FRONT = "united_front", "统战委员"
    MEMBER = "member", "委员"


class MeetingKind(models.TextChoices):
    GENERAL_MEETING = "general_meeting", "党员大会"
    COMMITTEE_MEETING = "committee_meeting", "支委会"
    GROUP_MEETING = "group_meeting", "党小组会"
    PARTY_LECTURE = "party_lecture", "党课"
    THEME_DAY = "theme_day", "主题党日"
    LIFE_MEETING = "life_meeting", "组织生活会"
    SPECIAL_MEETING = "special_meeting", "党建专题会议"


class Period(models.TextChoices):
    MONTH = "month", "每月"
    QUARTER = "quarter", "每季度"
    YEAR = "year", "每年"


DEFAULT_REQUIREMENTS = [
    (MeetingKind.COMMITTEE_MEETING, Period.MONTH, 1),
    (MeetingKind.GROUP_MEETING, Period.MONTH, 1),
    (MeetingKind.THEME_DAY, Period.MONTH, 1),
    (MeetingKind.GENERAL_MEETING, Period.QUARTER, 1),
    (MeetingKind.PARTY_LECTURE, Period.QUARTER, 1),
    (MeetingKind.LIFE_MEETING, Period.YEAR, 1),
]


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "出席"
    ABSENT = "absent", "缺席"
    LEAVE = "leave", "请假"


class TrainingCategory(models.TextChoices):
    DOCUMENTS = "documents", "传达文件精神"
    THEORY = "theory", "理论学习/党规党纪"
    PRACTICE = "practice", "实践教育"
    SKILLS = "skills", "技能培训"
    RED = "red", "红色教育"
    ONLINE = "online", "线上学习"
    OTHER = "other", "其他"


# "Only relaying documents or teaching theory": the report's measure of one-sided training.
THEORY_CATEGORIES = (TrainingCategory.DOCUMENTS, TrainingCategory.THEORY)


class PointDirection(models.TextChoices):
    BONUS = "bonus", "鼓励类（加分）"
    DEDUCTION = "deduction", "禁止类（扣分）"


class EntryStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    APPROVED = "approved", "已生效"
    REJECTED = "rejected", "未通过"


class MemberAck(models.TextChoices):
    """What the member said about one line of their points ledger (双十规范: they see and confirm it)."""

    UNSEEN = "", "待确认"
    CONFIRMED = "confirmed", "已确认"
    DISPUTED = "disputed", "有异议"
    ANSWERED = "answered", "已答复"


class CareKind(models.TextChoices):
    ELDERLY = "elderly", "看望老党员"
    HARDSHIP = "hardship", "困难帮扶"
    SICK = "sick", "病困慰问"
    FESTIVAL = "festival", "节日慰问"
    BIRTHDAY = "birthday", "政治生日关怀"


class AwardKind(models.TextChoices):
    MEMBER_STAR = "member_star", "党员之星"
    VOLUNTEER_STAR = "volunteer_star", "志愿者之星"
    FIVE_GOOD_FAMILY = "five_good_family", "五好党员家庭"
    OUTSTANDING_MEMBER = "outstanding_member", "优秀共产党员"
    OUTSTANDING_WORKER = "outstanding_worker", "优秀党务工作者"


class AwardStatus(models.TextChoices):
    NOMINATED = "nominated", "已推荐"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未批准"


class BulletinKind(models.TextChoices):
    NEWS = "news", "党建信息"
    NOTICE = "notice", "通知公告"
    STUDY = "study", "学习资料"
