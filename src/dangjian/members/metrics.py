"""Members' metrics: branches, organization life, training content, committees, two-new participation."""

from collections import defaultdict
from datetime import date

from django.db.models import Q, Value
from django.db.models.functions import Greatest, Length, Substr

from dangjian.core import tree
from dangjian.core.metrics import Metric as M
from dangjian.core.metrics import metric, register, subtree
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization
from dangjian.people.choices import Education

from .actions import BRANCH_KINDS
from .choices import THEORY_CATEGORIES, AttendanceStatus, BulletinKind, CareKind
from .models import Bulletin, CareVisit, MeetingRequirement, OrgLifeMeeting, PartyMember, TrainingSession
from .periods import span_of

ORG_COLUMNS = (("组织", "name"), ("类型", "get_kind_display"))
MEMBER_COLUMNS = (("姓名", "person.name"), ("所在支部", "branch.name"))
LOW_EDUCATION = (Education.SECONDARY, Education.JUNIOR, Education.PRIMARY)


def older_age(org) -> int:
    """Committee members at or over this age count as "年龄偏大" (each street sets it with its analysis rule)."""
    from dangjian.assessment.models import AnalysisRule

    return AnalysisRule.for_org(org).older_age


@metric("members", "党员人数", "名", "期末在册的正式党员和预备党员（含流动、失联状态），按所在支部归属", PartyMember,
        columns=MEMBER_COLUMNS, assessable=False, dated=False)
def members(base, org, start, end):
    return subtree(base.active(), "branch", org).filter(join_date__lte=end)


@metric("communities", "社区党组织", "个", "社区党委（区域党委）个数", Organization, columns=ORG_COLUMNS,
        assessable=False, dated=False)
def communities(base, org, start, end):
    return base.filter(path__startswith=org.path, kind=OrgKind.COMMUNITY_COMMITTEE)


@metric("branches", "基层党支部", "个", "党支部、网格党支部、志愿服务党支部和党总支个数", Organization,
        columns=ORG_COLUMNS, assessable=False, dated=False)
def branches(base, org, start, end):
    return base.filter(path__startswith=org.path, kind__in=BRANCH_KINDS)


@metric("meetings_held", "组织生活次数", "次", "期内召开的“三会一课”、主题党日等组织生活（按会议日期）",
        OrgLifeMeeting, columns=(("日期", "date"), ("组织", "organization.name"), ("类型", "get_kind_display"),
                                 ("主题", "topic")), month="date")
def meetings_held(base, org, start, end):
    return subtree(base, "organization", org).filter(date__gte=start, date__lte=end)


def _judged_spans(start: date, end: date):
    """Each requirement's periods that end inside [start, end]: a quarterly rule is judged in its last month."""
    spans = []
    for req in MeetingRequirement.objects.all():
        day = start
        seen = set()
        while day <= end:
            span = span_of(req.period, day)
            if span.end <= end and span.key not in seen:
                seen.add(span.key)
                spans.append((req, span))
            day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return spans


@metric("branches_compliant", "组织生活达标支部", "个",
        "按组织生活频次要求，期内结束的每个周期都开足规定次数的支部", Organization, columns=ORG_COLUMNS,
        assessable=False)
def branches_compliant(base, org, start, end):
    judged = branches(base, org, start, end)
    spans = _judged_spans(start, end)
    if not spans:
        return judged
    first = min(s.start for _, s in spans)
    held = defaultdict(list)
    for m in (OrgLifeMeeting.objects.filter(organization__in=judged, date__gte=first, date__lte=end)
              .values_list("organization_id", "kind", "date")):
        held[m[0]].append(m[1:])
    ok = [b for b in judged.values_list("pk", flat=True)
          if all(sum(1 for k, d in held[b] if k == req.kind and span.start <= d <= span.end) >= req.times
                 for req, span in spans)]
    return judged.filter(pk__in=ok)


register(M("org_life_compliance", "组织生活达标率", "%", "组织生活达标支部 ÷ 基层党支部 × 100%",
           ratio=("branches_compliant", "branches")))


@metric("training_hours", "党员轮训学时", "学时", "期内党员轮训的课程学时合计", TrainingSession,
        sum_field="hours", columns=(("日期", "date"), ("主题", "title"), ("类别", "get_category_display"),
                                    ("学时", "hours")), assessable=False)
def training_hours(base, org, start, end):
    return subtree(base, "organization", org).filter(date__gte=start, date__lte=end)


@metric("training_theory_hours", "传达文件和理论学习学时", "学时",
        "轮训中“传达文件精神”和“理论学习/党规党纪”两类课程的学时合计", TrainingSession, sum_field="hours",
        columns=(("日期", "date"), ("主题", "title"), ("类别", "get_category_display"), ("学时", "hours")),
        assessable=False, higher_is_better=False)
def training_theory_hours(base, org, start, end):
    return training_hours(base, org, start, end).filter(category__in=THEORY_CATEGORIES)


register(M("training_theory_share", "理论类学时占比", "%", "传达文件和理论学习学时 ÷ 党员轮训学时 × 100%",
           ratio=("training_theory_hours", "training_hours"), assessable=False, higher_is_better=False))


def _committee(base, org, end):
    sitting = Q(posts__start__lte=end) & (Q(posts__end__isnull=True) | Q(posts__end__gte=end))
    return base.filter(sitting, posts__branch__path__startswith=org.path).distinct()


@metric("committee_members", "支部班子成员", "名", "期末在任的支部委员（一人多职计一人）", PartyMember,
        columns=MEMBER_COLUMNS + (("出生日期", "person.birth_date"), ("学历", "person.get_education_display")),
        assessable=False, place=None)  # a member is counted through posts in several branches
def committee_members(base, org, start, end):
    return _committee(base, org, end)


@metric("committee_older_low_edu", "年龄偏大且学历不高的班子成员", "名",
        "期末年满规定年龄（默认55岁）且学历为高中/中专及以下的支部委员", PartyMember,
        columns=MEMBER_COLUMNS + (("出生日期", "person.birth_date"), ("学历", "person.get_education_display")),
        assessable=False, higher_is_better=False, place=None)
def committee_older_low_edu(base, org, start, end):
    born_by = end.replace(year=end.year - older_age(org)) if not (end.month == 2 and end.day == 29) else \
        date(end.year - older_age(org), 2, 28)
    return _committee(base, org, end).filter(person__birth_date__lte=born_by,
                                              person__education__in=LOW_EDUCATION)


register(M("committee_older_share", "班子成员年龄偏大且学历不高占比", "%",
           "年龄偏大且学历不高的班子成员 ÷ 支部班子成员 × 100%",
           ratio=("committee_older_low_edu", "committee_members"), assessable=False, higher_is_better=False))


@metric("two_new_members", "两新组织党员", "名", "期末在两新组织党组织中的党员", PartyMember,
        columns=MEMBER_COLUMNS, assessable=False,
        place=None)  # the two-new organization must lie inside the one asked: not a matter of one path
def two_new_members(base, org, start, end):
    # A branch of a two-new organization sits at most two levels below it; matching the branch's own,
    # parent and grandparent paths keeps this one query (no list of paths read first).
    two_new = Organization.objects.filter(path__startswith=org.path, kind=OrgKind.TWO_NEW_ORG).values("path")
    step = tree.STEPLEN
    qs = base.active().annotate(
        _parent=Substr("branch__path", 1, Length("branch__path") - step),
        _grandparent=Substr("branch__path", 1, Greatest(Length("branch__path") - 2 * step, Value(0))))
    return qs.filter(Q(branch__path__in=two_new) | Q(_parent__in=two_new) | Q(_grandparent__in=two_new),
                     join_date__lte=end)


@metric("two_new_active_members", "参加组织生活的两新组织党员", "名",
        "两新组织党员中期内至少出席一次组织生活的人数", PartyMember, columns=MEMBER_COLUMNS, assessable=False,
        place=None)
def two_new_active_members(base, org, start, end):
    return two_new_members(base, org, start, end).filter(
        attendance__status=AttendanceStatus.PRESENT, attendance__meeting__date__gte=start,
        attendance__meeting__date__lte=end).distinct()


register(M("two_new_participation", "两新组织党员参与率", "%", "参加组织生活的两新组织党员 ÷ 两新组织党员 × 100%",
           ratio=("two_new_active_members", "two_new_members")))


@metric("birthday_greetings", "政治生日关怀", "次", "期内为党员过政治生日（入党纪念日）送上的关怀和祝福（按日期）",
        CareVisit, columns=(("日期", "date"), ("党员", "member.person.name"), ("所在支部", "member.branch.name")),
        assessable=False, month="date")
def birthday_greetings(base, org, start, end):
    return subtree(base, "member__branch", org).filter(kind=CareKind.BIRTHDAY, date__gte=start, date__lte=end)


def _bulletins_of_kind(kind):
    def rows(base, org, start, end):
        from dangjian.core.metrics import on_days

        return subtree(base, "organization", org).filter(kind=kind, **on_days("published_at", start, end))

    return rows


for _kind, _key in ((BulletinKind.STUDY, "study_materials"), (BulletinKind.NEWS, "party_news")):
    register(M(_key, f"党员之家{_kind.label}", "篇", f"期内在党员之家发布的{_kind.label}（按发布时间）", Bulletin,
               rows=_bulletins_of_kind(_kind),
               columns=(("发布时间", "published_at"), ("标题", "title"), ("发布组织", "organization.name")),
               assessable=False))


from . import parts as _parts  # noqa: E402

_parts.load("metrics")  # the lifecycle parts: members/parts.py
