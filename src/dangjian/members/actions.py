"""Writes that matter in the members domain: meetings and sign-in, attendance, training, points, awards,
bulletins.

Views, the API, the importer, the seed and other apps (volunteering → points) all call these. Every
state change goes through `core.workflow.transition` (race-safe, with its history entry); every refusal
is a `Refused` in Chinese. Each step has one `may_<step>(user, obj)` predicate: pages ask it to decide
whether to offer the button, the step asks it again before doing anything, so a hand-made POST gets the
same answer as the page.
"""

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from dangjian.core.forms import store_evidence
from dangjian.core.models import ExportLog
from dangjian.core.notify import notify
from dangjian.core.reach import STAFF_ROLES
from dangjian.core.roles import READ_ONLY_ROLES
from dangjian.core.scope import acts_above, holds, nearest_grant
from dangjian.core.tree import is_within
from dangjian.core.workflow import Refused, record, transition
from dangjian.orgs.choices import OrgKind

from .choices import ACTIVE_STATUSES, AttendanceStatus, AwardStatus, EntryStatus
from .models import (
    Attendance,
    Award,
    Bulletin,
    BulletinRead,
    CareVisit,
    OrgLifeMeeting,
    PartyMember,
    PointEntry,
    PointRule,
    TrainingAttendance,
    TrainingSession,
)

BRANCH_KINDS = (OrgKind.BRANCH, OrgKind.GRID_BRANCH, OrgKind.VOLUNTEER_BRANCH, OrgKind.GENERAL_BRANCH)
ATTENDANCE_RULE = "attend_org_life"
# Who nominates and who decides: the roles that manage members, never a read-only one.
AWARD_ROLES = frozenset(Award.edit_roles) - READ_ONLY_ROLES


def _enforce(refusal) -> None:
    if refusal is not None:
        raise refusal


# --- meetings and sign-in -------------------------------------------------------------------------


@transaction.atomic
def create_meeting(user, organization, files=(), **data) -> OrgLifeMeeting:
    """A branch meeting expects every active member of the branch; their rows start as absent."""
    meeting = OrgLifeMeeting(organization=organization, created_by=user, **data)
    meeting.full_clean()
    meeting.save()
    if organization.kind in BRANCH_KINDS:
        members = PartyMember.objects.filter(branch=organization, status__in=ACTIVE_STATUSES)
        Attendance.objects.bulk_create([Attendance(meeting=meeting, member=m) for m in members])
    attach_files(user, meeting, files)
    return meeting


@transaction.atomic
def update_meeting(user, meeting, files=()) -> OrgLifeMeeting:
    """Save a meeting's edited minutes, with the photos or scans that prove it."""
    meeting.full_clean()
    meeting.save()
    attach_files(user, meeting, files)
    return meeting


def attach_files(user, owner, files) -> None:
    """Store uploads as evidence of `owner` (a meeting, a bulletin) inside the caller's step: a refused
    step takes its files back with it."""
    if files:
        owner.attachments.add(*store_evidence(files, owner.organization, user))


@transaction.atomic
def delete_meeting(meeting) -> None:
    """A meeting taken back takes its attendance points with it."""
    PointEntry.objects.filter(source_key=f"meeting:{meeting.pk}").delete()
    meeting.delete()


def checkin_member(user, token: str, now=None) -> tuple[OrgLifeMeeting, PartyMember]:
    """The meeting and the member a scan is for, or `Refused` saying why not (writes nothing).

    The one predicate of a sign-in: the page shows its button only when this passes. A wrong code and
    another organization's code get the same 404, so a code teaches nothing about other meetings.
    """
    now = now or timezone.now()
    meeting = OrgLifeMeeting.objects.select_related("organization").filter(checkin_token=token).first()
    member = PartyMember.objects.filter(person__user=user).select_related("branch").first() if user else None
    if member is None:
        raise Refused.absent("您的账号没有关联党员信息，请联系支部书记。")
    if (meeting is None or not is_within(member.branch.path, meeting.organization.path)
            or member.status not in ACTIVE_STATUSES):
        raise Refused.absent("签到码无效，或不是您所在组织的会议。请向会议组织者确认。")
    opens, closes = meeting.checkin_window()
    if now < opens:
        raise Refused.forbidden(f"签到尚未开始，请于 {timezone.localtime(opens):%m月%d日 %H:%M} 后扫码。")
    if now > closes:
        raise Refused.forbidden(f"签到已于 {timezone.localtime(closes):%m月%d日 %H:%M} 结束，如需补记请联系支部书记。")
    return meeting, member


def _attendance_row(meeting, member) -> Attendance:
    try:
        with transaction.atomic():
            row, _ = Attendance.objects.get_or_create(meeting=meeting, member=member)
    except IntegrityError:  # a simultaneous scan made the row
        row = Attendance.objects.get(meeting=meeting, member=member)
    return row


@transaction.atomic
def check_in(user, token: str, now=None) -> tuple[OrgLifeMeeting, bool]:
    """Mark the signed-in member present. Returns (meeting, newly_marked); a repeat scan changes nothing."""
    now = now or timezone.now()
    meeting, member = checkin_member(user, token, now)
    row = _attendance_row(meeting, member)
    if row.status == AttendanceStatus.PRESENT:
        return meeting, False
    try:
        row = transition(row, when=~Q(status=AttendanceStatus.PRESENT),
                         to={"status": AttendanceStatus.PRESENT, "checked_in_at": now, "via_qr": True, "reason": ""},
                         actor=user, refusal="您已签到，无需重复扫码。", step="扫码签到")
    except Refused as exc:
        if exc.status != 409:
            raise
        return meeting, False  # of two simultaneous scans, the other one marked it
    sync_attendance_points(row)
    return meeting, True


def may_record_attendance(user, meeting) -> bool:
    """Whoever manages the meeting's organization (at it or above) keeps its attendance list."""
    return holds(user, meeting.organization, OrgLifeMeeting.edit_roles)


@transaction.atomic
def set_attendance(user, meeting, member, status, reason="") -> Attendance:
    """One member's attendance as the secretary records it; the attendance points follow."""
    if not may_record_attendance(user, meeting):
        raise Refused.forbidden("您的角色不能登记该会议的出勤。")
    if status not in AttendanceStatus.values:
        raise Refused({"status": "请选择出勤情况（出席、缺席或请假）。"})
    reason = reason.strip() if status == AttendanceStatus.LEAVE else ""
    if status == AttendanceStatus.LEAVE and not reason:
        raise Refused({"reason": "请假须填写事由。"})
    row = _attendance_row(meeting, member)
    if (row.status, row.reason) == (status, reason):
        return row
    row = transition(row, when={"status": row.status, "reason": row.reason}, to={"status": status, "reason": reason},
                     actor=user, step="登记出勤",
                     refusal=f"{member}的出勤刚被他人更改（现为{{state}}），请刷新后重试。")
    sync_attendance_points(row)
    return row


@transaction.atomic
def record_attendance(user, meeting, marks: dict) -> int:
    """The secretary's whole attendance sheet: {attendance id: (status, reason)}. All rows or none.

    Returns how many rows changed.
    """
    if not may_record_attendance(user, meeting):
        raise Refused.forbidden("您的角色不能登记该会议的出勤。")
    rows = list(Attendance.objects.filter(meeting=meeting, pk__in=list(marks)).select_related("member__person"))
    missing = [r.member.person.name for r in rows
               if marks[r.pk][0] == AttendanceStatus.LEAVE and not marks[r.pk][1].strip()]
    if missing:
        raise Refused(f"未保存：请假须填写事由（{'、'.join(missing)}）。")
    changed = 0
    for row in rows:
        status, reason = marks[row.pk]
        if status not in AttendanceStatus.values:
            continue
        after = set_attendance(user, meeting, row.member, status, reason)
        changed += (after.status, after.reason) != (row.status, row.reason)
    return changed


def sync_attendance_points(attendance) -> None:
    """Attendance points follow the attendance record: present earns them, anything else removes them."""
    key = f"meeting:{attendance.meeting_id}"
    if attendance.status == AttendanceStatus.PRESENT:
        meeting = attendance.meeting
        award_points(attendance.member, ATTENDANCE_RULE, meeting.date, key,
                     reason=f"参加{meeting.get_kind_display()}：{meeting.topic}", url=meeting.get_absolute_url())
    else:
        PointEntry.objects.filter(member=attendance.member, source_key=key).delete()


# --- training -------------------------------------------------------------------------------------


def may_record_trainees(user, session) -> bool:
    return holds(user, session.organization, TrainingSession.edit_roles)


def _trainable(user, session, member_ids):
    """Members the user manages, inside the organization that held the session."""
    return (PartyMember.objects.editable_by(user).filter(pk__in=member_ids,
                                                         branch__path__startswith=session.organization.path)
            .select_related("person"))


@transaction.atomic
def add_trainees(user, session, member_ids) -> int:
    """Record who attended a training session; returns how many were added."""
    if not may_record_trainees(user, session):
        raise Refused.forbidden("您的角色不能登记该轮训的参训人员。")
    existing = set(TrainingAttendance.objects.filter(session=session).values_list("member_id", flat=True))
    new = [m for m in _trainable(user, session, member_ids) if m.pk not in existing]
    if not new:
        raise Refused("请选择要添加的参训党员。")
    TrainingAttendance.objects.bulk_create([TrainingAttendance(session=session, member=m) for m in new],
                                           ignore_conflicts=True)
    record(session, actor=user, changes={"参训人员": ("", "、".join(m.person.name for m in new))}, step="登记参训")
    return len(new)


@transaction.atomic
def remove_trainees(user, session, member_ids) -> int:
    if not may_record_trainees(user, session):
        raise Refused.forbidden("您的角色不能登记该轮训的参训人员。")
    gone = [m for m in _trainable(user, session, member_ids)
            if TrainingAttendance.objects.filter(session=session, member=m).exists()]
    if not gone:
        raise Refused("请选择要移除的参训党员。")
    TrainingAttendance.objects.filter(session=session, member__in=gone).delete()
    record(session, actor=user, changes={"参训人员": ("、".join(m.person.name for m in gone), "")}, step="移除参训")
    return len(gone)


# --- points ---------------------------------------------------------------------------------------


def _used(member, rule, year) -> Decimal:
    approved = PointEntry.objects.filter(member=member, rule=rule, date__year=year, status=EntryStatus.APPROVED)
    return approved.aggregate(s=Sum("points"))["s"] or Decimal(0)


def award_points(member, rule_code: str, on: date, source_key: str, reason: str, url: str = "",
                 user=None) -> PointEntry | None:
    """The one entry point for automatic points (attendance here, volunteering from services).

    Idempotent by (member, source_key); the rule's yearly cap clips the value, and nothing is
    written once the cap is reached.
    """
    rule = PointRule.objects.filter(code=rule_code, active=True).first()
    if rule is None:
        return None
    existing = PointEntry.objects.filter(member=member, source_key=source_key).first()
    if existing:
        return existing
    points = rule.points
    if rule.yearly_cap is not None:
        room = rule.yearly_cap - abs(_used(member, rule, on.year))
        if room <= 0:
            return None
        points = min(abs(points), room) * (1 if points > 0 else -1)
    try:
        with transaction.atomic():
            return PointEntry.objects.create(member=member, rule=rule, date=on, points=points, reason=reason[:200],
                                             source_key=source_key, source_url=url, created_by=user)
    except IntegrityError:
        return PointEntry.objects.filter(member=member, source_key=source_key).first()


def may_add_points(user, member) -> bool:
    return holds(user, member.branch, PointEntry.edit_roles)


@transaction.atomic
def add_manual_points(user, member, rule, on: date, reason: str) -> PointEntry:
    """A manual entry waits for a second person's approval before it counts."""
    if not may_add_points(user, member):
        raise Refused.forbidden("只能为本组织的党员记分。")
    if not reason.strip():
        raise Refused({"reason": "请填写记分事由。"})
    if on > timezone.localdate():
        raise Refused({"date": "日期不能晚于今天。"})
    if rule.automatic or not rule.active:
        raise Refused({"rule": "该项目由系统自动记分，不能手工录入。"})
    return PointEntry.objects.create(member=member, rule=rule, date=on, points=rule.points, reason=reason,
                                     status=EntryStatus.PENDING, created_by=user)


def _why_not_decide_points(user, entry):
    if not holds(user, entry.member.branch, PointEntry.edit_roles):
        return Refused.forbidden("您的角色不能审核该党员的积分。")
    if entry.created_by_id == user.pk:
        return Refused.forbidden("记分人不能审核自己录入的积分，请由其他负责人审核。")
    if entry.member.person.user_id == user.pk:
        return Refused.forbidden("不能审核自己的积分。")
    if entry.status != EntryStatus.PENDING:
        return Refused.conflict("该记录已审核，不能重复审核。")
    return None


def may_decide_points(user, entry) -> bool:
    """A manager of the member's branch other than the recorder and the member, while it is pending."""
    return _why_not_decide_points(user, entry) is None


@transaction.atomic
def decide_points(user, entry, approve: bool | None, reason: str = "") -> PointEntry:
    _enforce(_why_not_decide_points(user, entry))
    if approve is None:
        raise Refused("请选择“通过”或“不通过”。")
    points = entry.points
    if approve and entry.rule.yearly_cap is not None:
        room = entry.rule.yearly_cap - abs(_used(entry.member, entry.rule, entry.date.year))
        if room <= 0:
            raise Refused(f"“{entry.rule.item}”本年度已达上限 {entry.rule.yearly_cap} 分，不能再记。")
        points = min(abs(points), room) * (1 if points > 0 else -1)
    return transition(
        entry, when={"status": EntryStatus.PENDING},
        to={"status": EntryStatus.APPROVED if approve else EntryStatus.REJECTED, "approved_by": user,
            "points": points},
        actor=user, refusal="该记录已被他人审核（{state}）。", step="审核通过" if approve else "审核不通过",
        reason=reason)


# --- awards ---------------------------------------------------------------------------------------


def may_nominate(user, member) -> bool:
    return nearest_grant(user, member.branch, AWARD_ROLES) is not None


@transaction.atomic
def nominate(user, member, kind, year, reason) -> Award:
    """A nomination is made in the name of the user's organization nearest above the member."""
    grant = nearest_grant(user, member.branch, AWARD_ROLES)
    if grant is None:
        raise Refused.forbidden("只能推荐本组织的党员。")
    if not reason.strip():
        raise Refused({"reason": "请填写推荐理由。"})
    if Award.objects.filter(year=year, kind=kind, member=member).exists():
        raise Refused.conflict("该党员本年度已被推荐过此项荣誉。")
    try:
        with transaction.atomic():
            return Award.objects.create(year=year, kind=kind, member=member, reason=reason, proposed_by=user,
                                        proposer_org_id=grant.org_id)
    except IntegrityError:
        raise Refused.conflict("该党员本年度已被推荐过此项荣誉。") from None


def _why_not_decide_award(user, award):
    if not acts_above(user, award.proposer_org, AWARD_ROLES):
        return Refused.forbidden("评优须由推荐组织的上级组织审批。")
    if award.member.person.user_id == user.pk:
        return Refused.forbidden("不能审批对自己的推荐。")
    if award.status != AwardStatus.NOMINATED:
        return Refused.conflict("该推荐已审批，不能重复审批。")
    return None


def may_decide_award(user, award) -> bool:
    """The level above the nominating organization decides — never the nominating branch itself."""
    return _why_not_decide_award(user, award) is None


@transaction.atomic
def decide_award(user, award, approve: bool | None, note: str = "") -> Award:
    _enforce(_why_not_decide_award(user, award))
    if approve is None:
        raise Refused("请选择“批准”或“不批准”。")
    note = note.strip()[:200]
    award = transition(
        award, when={"status": AwardStatus.NOMINATED},
        to={"status": AwardStatus.APPROVED if approve else AwardStatus.REJECTED, "decided_by": user,
            "decided_at": timezone.now(), "decision_note": note},
        actor=user, refusal="该推荐已被他人审批（{state}）。", step="批准" if approve else "不批准", reason=note)
    if approve and award.member.person.user_id:
        notify(award.member.person.user, f"award:{award.pk}", f"祝贺您获评{award.year}年度{award.get_kind_display()}",
               url="/me/", kind="award")
    return award


# --- care -----------------------------------------------------------------------------------------


@transaction.atomic
def save_care_visit(user, visit) -> CareVisit:
    """A care visit as recorded (new) or corrected (existing); the first recorder stays its author."""
    if visit.pk is None:  # a correction never makes the corrector its author
        visit.created_by = user
    visit.full_clean()
    visit.save()
    return visit


# --- bulletins ------------------------------------------------------------------------------------


@transaction.atomic
def publish_bulletin(user, organization, targets=(), files=(), **data) -> Bulletin:
    bulletin = Bulletin(organization=organization, published_by=user, **data)
    bulletin.full_clean()
    bulletin.save()
    if targets:
        bulletin.targets.set(targets)
    attach_files(user, bulletin, files)
    branches = list(targets) or None
    members = PartyMember.objects.active().filter(person__user__isnull=False).select_related("person__user")
    if branches:
        members = members.filter(branch__in=branches)
    else:
        members = members.filter(branch__path__startswith=organization.path)
    for member in members:
        notify(member.person.user, f"bulletin:{bulletin.pk}", f"{bulletin.get_kind_display()}：{bulletin.title}",
               url=bulletin.get_absolute_url(), kind="bulletin")
    return bulletin


@transaction.atomic
def update_bulletin(user, bulletin, targets=None, files=()) -> Bulletin:
    bulletin.full_clean()
    bulletin.save()
    if targets is not None:
        bulletin.targets.set(targets)
    attach_files(user, bulletin, files)
    return bulletin


def counts_as_read(user, bulletin) -> bool:
    """Reads count the members who opened a bulletin: not its publisher, nor the publishing organization's
    staff (at it or above) opening it to check it."""
    if user.pk == bulletin.published_by_id or holds(user, bulletin.organization, STAFF_ROLES):
        return False
    return PartyMember.objects.filter(person__user=user).exists()


def mark_read(user, bulletin) -> None:
    """One INSERT that a repeat visit (or a simultaneous one) turns into nothing."""
    if counts_as_read(user, bulletin):
        BulletinRead.objects.bulk_create([BulletinRead(bulletin=bulletin, user=user)], ignore_conflicts=True)


def counted_reads(bulletin):
    """The reads `counts_as_read` would record, as a query (rows kept from before the rule are sorted out)."""
    from dangjian.core import tree
    from dangjian.orgs.models import RoleAssignment

    today = timezone.localdate()
    checkers = (RoleAssignment.objects.filter(
        organization__path__in=tree.ancestor_paths(bulletin.organization.path, include_self=True),
        role__in=STAFF_ROLES, start__lte=today).filter(Q(end__isnull=True) | Q(end__gte=today)).values("user"))
    reads = BulletinRead.objects.filter(bulletin=bulletin, user__person__party_member__isnull=False)
    if bulletin.published_by_id:
        reads = reads.exclude(user_id=bulletin.published_by_id)
    return reads.exclude(user__in=checkers)


# --- exports --------------------------------------------------------------------------------------


def log_full_export(user, what: str, query: str, reason: str, rows: int) -> ExportLog:
    """An unmasked export is a logged act: who, when, which filter, why, how many rows."""
    return ExportLog.objects.create(user=user, what=what, query=query[:500], reason=reason, rows=rows)
