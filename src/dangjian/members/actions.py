"""Writes that matter in the members domain: meetings and sign-in, points, awards, bulletins.

Views, the API, the importer, the seed and other apps (volunteering → points) all call these.
"""

from datetime import date
from decimal import Decimal

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from dangjian.core.notify import notify
from dangjian.core.roles import READ_ONLY_ROLES
from dangjian.core.scope import grants, is_unrestricted
from dangjian.orgs.choices import OrgKind

from .choices import ACTIVE_STATUSES, AttendanceStatus, AwardStatus, EntryStatus
from .models import Attendance, Award, Bulletin, BulletinRead, OrgLifeMeeting, PartyMember, PointEntry, PointRule

BRANCH_KINDS = (OrgKind.BRANCH, OrgKind.GRID_BRANCH, OrgKind.VOLUNTEER_BRANCH, OrgKind.GENERAL_BRANCH)
ATTENDANCE_RULE = "attend_org_life"


# --- meetings and sign-in -------------------------------------------------------------------------


@transaction.atomic
def create_meeting(user, organization, **data) -> OrgLifeMeeting:
    """A branch meeting expects every active member of the branch; their rows start as absent."""
    meeting = OrgLifeMeeting(organization=organization, created_by=user, **data)
    meeting.full_clean()
    meeting.save()
    if organization.kind in BRANCH_KINDS:
        members = PartyMember.objects.filter(branch=organization, status__in=ACTIVE_STATUSES)
        Attendance.objects.bulk_create([Attendance(meeting=meeting, member=m) for m in members])
    return meeting


@transaction.atomic
def delete_meeting(meeting) -> None:
    """A meeting taken back takes its attendance points with it."""
    PointEntry.objects.filter(source_key=f"meeting:{meeting.pk}").delete()
    meeting.delete()


class CheckInRefused(Exception):
    """Raised with a message fit to show the member; `status` is the HTTP answer (404: not theirs)."""

    def __init__(self, message, status=403):
        super().__init__(message)
        self.status = status


def checkin_member(user, token: str, now=None) -> tuple[OrgLifeMeeting, PartyMember]:
    """The meeting and the member a scan is for, or CheckInRefused saying why not (writes nothing)."""
    now = now or timezone.now()
    meeting = OrgLifeMeeting.objects.select_related("organization").filter(checkin_token=token).first()
    member = PartyMember.objects.filter(person__user=user).select_related("branch").first()
    if member is None:
        raise CheckInRefused("您的账号没有关联党员信息，请联系支部书记。", status=404)
    if (meeting is None or not member.branch.path.startswith(meeting.organization.path)
            or member.status not in ACTIVE_STATUSES):
        # The same answer for a wrong code and another organization's code: nothing to learn from it.
        raise CheckInRefused("签到码无效，或不是您所在组织的会议。请向会议组织者确认。", status=404)
    opens, closes = meeting.checkin_window()
    if now < opens:
        raise CheckInRefused(f"签到尚未开始，请于 {timezone.localtime(opens):%m月%d日 %H:%M} 后扫码。")
    if now > closes:
        raise CheckInRefused(f"签到已于 {timezone.localtime(closes):%m月%d日 %H:%M} 结束，如需补记请联系支部书记。")
    return meeting, member


def check_in(user, token: str, now=None) -> tuple[OrgLifeMeeting, bool]:
    """Mark the signed-in member present. Returns (meeting, newly_marked); a repeat scan changes nothing."""
    now = now or timezone.now()
    meeting, member = checkin_member(user, token, now)
    with transaction.atomic():
        try:
            with transaction.atomic():
                Attendance.objects.get_or_create(meeting=meeting, member=member)
        except IntegrityError:
            pass  # a simultaneous scan made the row
        # Conditional update: of two simultaneous scans only one changes the row.
        changed = (
            Attendance.objects.filter(meeting=meeting, member=member)
            .exclude(status=AttendanceStatus.PRESENT)
            .update(status=AttendanceStatus.PRESENT, checked_in_at=now, via_qr=True, reason="")
        )
        if changed:
            attendance = Attendance.objects.get(meeting=meeting, member=member)
            LogEntry.objects.log_create(attendance, force_log=True, action=LogEntry.Action.UPDATE, actor=user,
                                        changes={"status": ["", "出席（扫码签到）"]})
            sync_attendance_points(attendance)
    return meeting, bool(changed)


@transaction.atomic
def set_attendance(user, meeting, member, status, reason="") -> Attendance:
    attendance, _ = Attendance.objects.get_or_create(meeting=meeting, member=member)
    attendance.status = status
    attendance.reason = reason if status == AttendanceStatus.LEAVE else ""
    attendance.full_clean()
    attendance.save()
    sync_attendance_points(attendance)
    return attendance


def sync_attendance_points(attendance) -> None:
    """Attendance points follow the attendance record: present earns them, anything else removes them."""
    key = f"meeting:{attendance.meeting_id}"
    if attendance.status == AttendanceStatus.PRESENT:
        meeting = attendance.meeting
        award_points(attendance.member, ATTENDANCE_RULE, meeting.date, key,
                     reason=f"参加{meeting.get_kind_display()}：{meeting.topic}", url=meeting.get_absolute_url())
    else:
        PointEntry.objects.filter(member=attendance.member, source_key=key).delete()


# --- points ---------------------------------------------------------------------------------------


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
        used = PointEntry.objects.filter(member=member, rule=rule, date__year=on.year,
                                         status=EntryStatus.APPROVED).aggregate(s=Sum("points"))["s"] or Decimal(0)
        room = rule.yearly_cap - abs(used)
        if room <= 0:
            return None
        points = min(abs(points), room) * (1 if points > 0 else -1)
    try:
        with transaction.atomic():
            return PointEntry.objects.create(member=member, rule=rule, date=on, points=points, reason=reason[:200],
                                             source_key=source_key, source_url=url, created_by=user)
    except IntegrityError:
        return PointEntry.objects.filter(member=member, source_key=source_key).first()


@transaction.atomic
def add_manual_points(user, member, rule, on: date, reason: str) -> PointEntry:
    """A manual entry waits for a second person's approval before it counts."""
    if not reason.strip():
        raise ValidationError({"reason": "请填写记分事由。"})
    if on > timezone.localdate():
        raise ValidationError({"date": "日期不能晚于今天。"})
    return PointEntry.objects.create(member=member, rule=rule, date=on, points=rule.points, reason=reason,
                                     status=EntryStatus.PENDING, created_by=user)


@transaction.atomic
def decide_points(user, entry, approve: bool) -> PointEntry:
    if entry.status != EntryStatus.PENDING:
        raise ValidationError("该记录已审核，不能重复审核。")
    if entry.created_by_id == user.pk:
        raise PermissionDenied("记分人不能审核自己录入的积分，请由其他负责人审核。")
    if entry.member.person.user_id == user.pk:
        raise PermissionDenied("不能审核自己的积分。")
    points = entry.points
    if approve and entry.rule.yearly_cap is not None:
        used = PointEntry.objects.filter(member=entry.member, rule=entry.rule, date__year=entry.date.year,
                                         status=EntryStatus.APPROVED).aggregate(s=Sum("points"))["s"] or Decimal(0)
        room = entry.rule.yearly_cap - abs(used)
        if room <= 0:
            raise ValidationError(f"“{entry.rule.item}”本年度已达上限 {entry.rule.yearly_cap} 分，不能再记。")
        points = min(abs(points), room) * (1 if points > 0 else -1)
    changed = PointEntry.objects.filter(pk=entry.pk, status=EntryStatus.PENDING).update(
        status=EntryStatus.APPROVED if approve else EntryStatus.REJECTED, approved_by=user, points=points)
    if not changed:
        raise ValidationError("该记录已被他人审核。")
    entry.refresh_from_db()
    return entry


# --- awards ---------------------------------------------------------------------------------------


def _acting_org_for(user, member):
    """The user's own organization that covers the member (the nearest one)."""
    covering = [g for g in grants(user) if member.branch.path.startswith(g.path)]
    if not covering:
        return None
    from dangjian.orgs.models import Organization

    return Organization.objects.get(pk=max(covering, key=lambda g: len(g.path)).org_id)


@transaction.atomic
def nominate(user, member, kind, year, reason) -> Award:
    org = _acting_org_for(user, member)
    if org is None:
        raise PermissionDenied("只能推荐本组织的党员。")
    if not reason.strip():
        raise ValidationError({"reason": "请填写推荐理由。"})
    if Award.objects.filter(year=year, kind=kind, member=member).exists():
        raise ValidationError("该党员本年度已被推荐过此项荣誉。")
    return Award.objects.create(year=year, kind=kind, member=member, reason=reason, proposed_by=user,
                                proposer_org=org)


@transaction.atomic
def decide_award(user, award, approve: bool, note: str = "") -> Award:
    """Only an organization above the proposing one decides (a branch cannot approve its own)."""
    deciding_roles = set(Award.edit_roles) - READ_ONLY_ROLES
    above = is_unrestricted(user) or any(
        award.proposer_org.path.startswith(g.path) and len(g.path) < len(award.proposer_org.path)
        and g.role in deciding_roles
        for g in grants(user)
    )
    if not above:
        raise PermissionDenied("评优须由推荐组织的上级组织审批。")
    if award.member.person.user_id == user.pk:
        raise PermissionDenied("不能审批对自己的推荐。")
    changed = Award.objects.filter(pk=award.pk, status=AwardStatus.NOMINATED).update(
        status=AwardStatus.APPROVED if approve else AwardStatus.REJECTED, decided_by=user,
        decided_at=timezone.now(), decision_note=note[:200])
    if not changed:
        raise ValidationError("该推荐已审批。")
    award.refresh_from_db()
    if approve and award.member.person.user_id:
        notify(award.member.person.user, f"award:{award.pk}", f"祝贺您获评{award.year}年度{award.get_kind_display()}",
               url="/me/", kind="award")
    return award


# --- bulletins ------------------------------------------------------------------------------------


@transaction.atomic
def publish_bulletin(user, organization, targets=(), attachments=(), **data) -> Bulletin:
    bulletin = Bulletin(organization=organization, published_by=user, **data)
    bulletin.full_clean()
    bulletin.save()
    if targets:
        bulletin.targets.set(targets)
    if attachments:
        bulletin.attachments.set(attachments)
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


def mark_read(user, bulletin) -> None:
    """One INSERT that a repeat visit (or a simultaneous one) turns into nothing."""
    BulletinRead.objects.bulk_create([BulletinRead(bulletin=bulletin, user=user)], ignore_conflicts=True)
