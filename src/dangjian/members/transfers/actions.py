"""The steps of a transfer (组织关系转接), and who may take them.

What follows the member, and what stays (the rule every step below keeps):
- The member record itself moves: on acceptance its `branch` becomes the receiving branch, effective the accepted
  date. Everything that hangs on the member — points entries, awards, care visits, its history — goes with it, so
  the receiving side sees them from then on and the sending side loses sight of them (their reach is the member's
  branch). The person record moves too when it was placed at the old branch (a member's usual place); a person
  placed elsewhere (a resident of a grid) stays where they live.
- What belongs to the old branch stays with it: its meetings and their attendance rows (the old branch held them,
  its figures count them), and its committee — the member's posts there end on the accepted date.
- An in-service member's 报到 community is untouched: it organizes them wherever their branch is.
- Scope moves only on acceptance: a pending, rejected or cancelled transfer leaves the member where they were.

One predicate per action (`may_<action>`) shows the button and is checked again by the step; each step goes through
`core.workflow.transition` (a conditional UPDATE with its history entry), so a double click does one thing.
"""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from dangjian.core import tree
from dangjian.core.notify import notify
from dangjian.core.roles import Role
from dangjian.core.scope import grants, holds, is_unrestricted
from dangjian.core.workflow import Refused, credit, transition

from ..choices import ACTIVE_STATUSES, Category, Status
from ..models import CommitteePost, PartyMember
from ..models.roster import MEMBER_BRANCH_KINDS
from ..models.transfers import Transfer
from .choices import OPEN_STATUSES, TransferKind, TransferStatus

EDIT_ROLES = frozenset(Transfer.edit_roles)
NOTIFIED_ROLES = (Role.BRANCH_SECRETARY, Role.COMMUNITY_SECRETARY)
ALREADY_OPEN = "{name}已有一条未办结的组织关系转接（{state}），请先办结或撤回。"


# -- where a user stands -----------------------------------------------------------------------------------------

def side_q(user, field: str) -> Q:
    """Transfers whose `field` branch lies in a subtree where the user holds an edit role (their side)."""
    if is_unrestricted(user):
        return Q()
    condition = Q(pk__in=[])
    for g in grants(user):
        if g.role in EDIT_ROLES:
            condition |= Q(**{f"{field}__path__startswith": g.path})
    return condition


def community_of(org):
    """The community above (or at) a branch, None for a branch held directly by a street."""
    from dangjian.orgs.models import Organization

    path = tree.at_depth(org.path, tree.COMMUNITY_DEPTH)
    if not path:
        return None
    return org if org.path == path else Organization.objects.filter(path=path).first()


def _is_own(user, transfer) -> bool:
    return getattr(user, "is_authenticated", False) and transfer.member.person.user_id == user.pk


def sends(user, transfer) -> bool:
    return bool(transfer.from_branch_id) and holds(user, transfer.from_branch, EDIT_ROLES)


def receives(user, transfer) -> bool:
    return bool(transfer.to_branch_id) and holds(user, transfer.to_branch, EDIT_ROLES)


# -- predicates --------------------------------------------------------------------------------------------------

def may_start_transfer(user, member) -> bool:
    """The member's branch secretary, or the community or street above it; not for oneself; an active member."""
    return (member.status in ACTIVE_STATUSES and holds(user, member.branch, EDIT_ROLES)
            and member.person.user_id != getattr(user, "pk", None))


def may_accept(user, transfer) -> bool:
    """The receiving branch's secretary or a holder above it, on a pending transfer within the platform."""
    return (transfer.kind == TransferKind.WITHIN and transfer.status == TransferStatus.PENDING
            and receives(user, transfer) and not _is_own(user, transfer))


may_reject = may_accept


def may_cancel(user, transfer) -> bool:
    """The sending side withdraws a transfer still pending, or a letter whose return slip has not come back."""
    return sends(user, transfer) and transfer.status in OPEN_STATUSES and not _is_own(user, transfer)


def may_record_return(user, transfer) -> bool:
    return transfer.kind == TransferKind.OUT and transfer.status == TransferStatus.ISSUED and sends(user, transfer)


def may_download_letter(user, transfer) -> bool:
    """Whoever sees an issued letter may print it (the sending side prints it; the street checks it)."""
    return transfer.kind == TransferKind.OUT and transfer.status in (TransferStatus.ISSUED, TransferStatus.RETURNED,
                                                                       TransferStatus.CANCELLED)


# -- checks shared by the steps ------------------------------------------------------------------------------------

def _check_day(on, field: str, not_before=None, label: str = "日期") -> date:
    if on is None:
        raise Refused({field: f"请填写{label}。"})
    if on > timezone.localdate():
        raise Refused({field: f"{label}不能晚于今天。"})
    if not_before is not None and on < not_before:
        raise Refused({field: f"{label}不能早于{not_before:%Y-%m-%d}。"})
    return on


def _reason(text: str, field: str = "reason", what: str = "转接原因") -> str:
    text = (text or "").strip()
    if len(text) < 2:
        raise Refused({field: f"请填写{what}。"})
    return text[:200]


def _lock_startable(user, member) -> PartyMember:
    """The member row locked for the step, refused unless a new transfer may start for it now."""
    member = PartyMember.objects.select_for_update().select_related("person", "branch").get(pk=member.pk)
    if not holds(user, member.branch, EDIT_ROLES):
        raise Refused.forbidden("您的角色不能为该党员办理组织关系转接。")
    if member.person.user_id == getattr(user, "pk", None):
        raise Refused.forbidden("不能为本人办理组织关系转接，请由上级或其他负责人办理。")
    if member.status not in ACTIVE_STATUSES:
        raise Refused.conflict(f"{member.person.name}的状态为“{member.get_status_display()}”，不能再转出。")
    open_one = Transfer.objects.filter(member=member, status__in=OPEN_STATUSES).first()
    if open_one is not None:
        raise Refused.conflict(ALREADY_OPEN.format(name=member.person.name, state=open_one.get_status_display()))
    return member


def _holders(org) -> list:
    """The accounts that answer for `org`: its secretary and its community's (roles in force today)."""
    from dangjian.orgs.models import RoleAssignment

    today = timezone.localdate()
    paths = [p for p in tree.ancestor_paths(org.path, include_self=True) if tree.depth(p) >= tree.COMMUNITY_DEPTH]
    return list(RoleAssignment.objects.filter(organization__path__in=paths, role__in=NOTIFIED_ROLES, start__lte=today)
                .filter(Q(end__isnull=True) | Q(end__gte=today)).select_related("user").values_list("user", flat=True)
                .distinct())


def _notify_users(user_ids, key: str, title: str, body: str, url: str) -> None:
    from django.contrib.auth import get_user_model

    for account in get_user_model().objects.filter(pk__in=set(user_ids), is_active=True):
        notify(account, key, title, body, url=url)


# -- within the platform -------------------------------------------------------------------------------------------

@transaction.atomic
def start_transfer(user, member, to_branch, on: date, reason: str) -> Transfer:
    """The sending side starts a transfer to a branch anywhere on the platform; it waits for the receiving side."""
    reason = _reason(reason)
    member = _lock_startable(user, member)
    if to_branch is None:
        raise Refused({"to_branch": "请选择接收支部。"})
    if to_branch.kind not in MEMBER_BRANCH_KINDS:
        raise Refused({"to_branch": "接收方须是党支部（含网格党支部、志愿服务党支部、党总支）。"})
    if to_branch.pk == member.branch_id:
        raise Refused({"to_branch": "接收支部与党员现在所在支部相同。"})
    _check_day(on, "date", label="转接日期")
    try:
        with transaction.atomic():
            transfer = Transfer.objects.create(
                kind=TransferKind.WITHIN, status=TransferStatus.PENDING, member=member, from_branch=member.branch,
                to_branch=to_branch, from_community=community_of(member.branch), to_community=community_of(to_branch),
                date=on, reason=reason, created_by=user if getattr(user, "is_authenticated", False) else None)
    except IntegrityError:  # the same start, a moment earlier (a double click)
        raise Refused.conflict(ALREADY_OPEN.format(name=member.person.name, state="待接收")) from None
    credit(transfer, user)
    url = transfer.get_absolute_url()
    _notify_users(_holders(to_branch), f"transfer:{transfer.pk}:incoming",
                  f"待接收的组织关系转接：{member.person.name}",
                  f"{member.branch.name}申请将{member.person.name}的组织关系转入{to_branch.name}。事由：{reason}", url)
    return transfer


@transaction.atomic
def accept_transfer(user, transfer, on: date) -> Transfer:
    """The receiving side accepts: the member (and what hangs on it) moves to the receiving branch as of `on`."""
    transfer = Transfer.objects.select_related("member__person", "from_branch", "to_branch").get(pk=transfer.pk)
    if not receives(user, transfer) or _is_own(user, transfer):
        raise Refused.forbidden("您的角色不能接收该转接。")
    _check_day(on, "on", not_before=transfer.date, label="接收日期")
    transfer = transition(transfer, when={"status": TransferStatus.PENDING},
                          to={"status": TransferStatus.ACCEPTED, "decided_on": on, "decided_by": user},
                          actor=user, step="接收", refusal="该转接{state}，不能再接收。")
    member = transfer.member
    transition(member, when={"branch": transfer.from_branch_id}, to={"branch": transfer.to_branch},
               actor=user, step="组织关系转入", reason=f"自{transfer.from_branch.name}转入（{on:%Y-%m-%d}）",
               refusal="党员所在支部已变化，不能按此转接接收。")
    person = member.person
    if person.organization_id == transfer.from_branch_id:
        transition(person, when={"organization": transfer.from_branch_id}, to={"organization": transfer.to_branch},
                   actor=user, step="组织关系转入", refusal="人员所属组织已变化。")
    for post in CommitteePost.objects.filter(member=member, branch=transfer.from_branch_id, end__isnull=True):
        transition(post, when={"end__isnull": True}, to={"end": max(on, post.start)}, actor=user,
                   step="组织关系转出，职务终止", refusal="该职务已离任。")
    if transfer.created_by_id:
        notify(transfer.created_by, f"transfer:{transfer.pk}:accepted", f"组织关系转接已接收：{person.name}",
               f"{transfer.to_branch.name}已于{on:%Y-%m-%d}接收。", url=transfer.get_absolute_url())
    return transfer


@transaction.atomic
def reject_transfer(user, transfer, reason: str) -> Transfer:
    """The receiving side sends it back with a reason; the member stays where they are."""
    transfer = Transfer.objects.select_related("member__person", "to_branch").get(pk=transfer.pk)
    if not receives(user, transfer) or _is_own(user, transfer):
        raise Refused.forbidden("您的角色不能退回该转接。")
    reason = _reason(reason, "reason", "退回理由")
    transfer = transition(transfer, when={"status": TransferStatus.PENDING},
                          to={"status": TransferStatus.REJECTED, "decided_on": timezone.localdate(),
                              "decided_by": user, "decision_note": reason},
                          actor=user, step="退回", reason=reason, refusal="该转接{state}，不能再退回。")
    if transfer.created_by_id:
        notify(transfer.created_by, f"transfer:{transfer.pk}:rejected",
               f"组织关系转接被退回：{transfer.member.person.name}", f"{transfer.to_branch.name}退回理由：{reason}",
               url=transfer.get_absolute_url())
    return transfer


@transaction.atomic
def cancel_transfer(user, transfer, reason: str = "") -> Transfer:
    """The sending side withdraws: a pending transfer, or an issued letter (the member is restored)."""
    transfer = Transfer.objects.select_related("member__person", "from_branch").get(pk=transfer.pk)
    if not sends(user, transfer) or _is_own(user, transfer):
        raise Refused.forbidden("您的角色不能撤回该转接。")
    was = transfer.status
    transfer = transition(transfer, when=Q(status__in=OPEN_STATUSES), to={"status": TransferStatus.CANCELLED},
                          actor=user, step="撤回", reason=reason or "", refusal="该转接{state}，不能撤回。")
    if was == TransferStatus.ISSUED:
        transition(transfer.member, when={"status": Status.TRANSFERRED},
                   to={"status": transfer.status_before or Status.NORMAL,
                       "status_date": None if (transfer.status_before or Status.NORMAL) == Status.NORMAL
                       else transfer.member.status_date},
                   actor=user, step="撤回介绍信", refusal="党员状态已变化。")
    return transfer


# -- out of the platform -------------------------------------------------------------------------------------------

def next_letter_number(on: date | None = None) -> str:
    """A suggestion for the letter's number: the year and the next sequence of the platform's letters."""
    year = (on or timezone.localdate()).year
    count = Transfer.objects.filter(kind=TransferKind.OUT, date__year=year).count()
    return f"{year}-{count + 1:03d}"


@transaction.atomic
def issue_letter(user, member, *, outside_org: str, outside_parent: str, letter_number: str, valid_days: int,
                 on: date, reason: str) -> Transfer:
    """A transfer out of the platform: the 介绍信 is issued and the member becomes 转出 as of `on`."""
    reason = _reason(reason)
    member = _lock_startable(user, member)
    errors = {}
    if not (outside_org or "").strip():
        errors["outside_org"] = "请填写接收党组织名称。"
    if not (letter_number or "").strip():
        errors["letter_number"] = "请填写介绍信编号。"
    elif Transfer.objects.filter(kind=TransferKind.OUT, letter_number=letter_number.strip()).exists():
        errors["letter_number"] = "该介绍信编号已使用。"
    if not valid_days or not 1 <= valid_days <= 365:
        errors["valid_days"] = "有效期为 1 至 365 天。"
    if errors:
        raise Refused(errors)
    _check_day(on, "date", label="转接日期")
    try:
        with transaction.atomic():
            transfer = Transfer.objects.create(
                kind=TransferKind.OUT, status=TransferStatus.ISSUED, member=member, from_branch=member.branch,
                from_community=community_of(member.branch), outside_org=outside_org.strip()[:100],
                outside_parent=(outside_parent or "").strip()[:100], letter_number=letter_number.strip()[:40],
                valid_days=valid_days, valid_until=on + timedelta(days=valid_days), date=on, reason=reason,
                status_before=member.status, created_by=user if getattr(user, "is_authenticated", False) else None)
    except IntegrityError:  # the same number taken a moment earlier (two letters issued at once)
        raise Refused({"letter_number": "该介绍信编号刚刚已被使用，请换一个编号。"}, status=409) from None
    credit(transfer, user)
    transition(member, when=Q(status__in=ACTIVE_STATUSES), to={"status": Status.TRANSFERRED, "status_date": on},
               actor=user, step="开具组织关系介绍信", reason=f"转往{transfer.outside_org}（{transfer.letter_number}）",
               refusal="党员状态已变化（{state}），不能转出。")
    return transfer


@transaction.atomic
def record_return(user, transfer, on: date) -> Transfer:
    """The return slip (回执) came back: the transfer out is closed."""
    transfer = Transfer.objects.select_related("from_branch").get(pk=transfer.pk)
    if not sends(user, transfer) or transfer.kind != TransferKind.OUT:
        raise Refused.forbidden("您的角色不能登记该介绍信的回执。")
    _check_day(on, "on", not_before=transfer.date, label="回执日期")
    return transition(transfer, when={"status": TransferStatus.ISSUED},
                      to={"status": TransferStatus.RETURNED, "returned_on": on}, actor=user, step="登记回执",
                      refusal="该介绍信{state}，不能登记回执。")


# -- into the platform ---------------------------------------------------------------------------------------------

def _existing_person(id_number: str):
    from dangjian.core import crypto
    from dangjian.people.models import Person

    return Person.objects.filter(id_hash=crypto.blind_index(id_number)).select_related("party_member__branch").first()


@transaction.atomic
def register_incoming(user, to_branch, *, letter_number: str, outside_org: str, outside_parent: str, on: date,
                      reason: str, name: str, gender: str, id_number: str, phone: str, ethnicity: str,
                      education: str, join_date: date, full_date: date | None, category: str) -> Transfer:
    """A member arriving from outside with their letter: the person (found by ID number or new), the member once,
    and the transfer row that records the letter."""
    from dangjian.people import idcard
    from dangjian.people.models import Person

    if to_branch is None or to_branch.kind not in MEMBER_BRANCH_KINDS:
        raise Refused({"to_branch": "请选择接收的党支部。"})
    if not holds(user, to_branch, EDIT_ROLES):
        raise Refused({"to_branch": "只能转入您所管理的支部。"})
    errors = {}
    for field, value, label in (("letter_number", letter_number, "介绍信编号"),
                                ("outside_org", outside_org, "原所在党组织"), ("name", name, "姓名")):
        if not (value or "").strip():
            errors[field] = f"请填写{label}。"
    try:
        number = idcard.parse(id_number or "").number
    except idcard.InvalidIdNumber as exc:
        errors["id_number"] = str(exc)
        number = ""
    if errors:
        raise Refused(errors)
    _check_day(on, "date", label="转入日期")
    person = _existing_person(number)
    if person is not None and hasattr(person, "party_member"):
        found = person.party_member
        if PartyMember.objects.visible_to(user).filter(pk=found.pk).exists():
            raise Refused({"id_number": f"该身份证号已是本平台党员（{found.branch.name}，"
                                        f"{found.get_status_display()}），无需从平台外转入；"
                                        "如需调整所在支部，请在平台内办理转接。"})
        raise Refused({"id_number": "该身份证号已在本平台其他党组织登记为党员；"
                                    "平台内的组织关系转接须由其所在支部发起。"})
    if person is not None:
        # A mistyped ID number must not hand someone else a party membership: the person is used only when they are
        # within the user's sight (nothing about anyone else is said) and the typed name is theirs.
        if not Person.objects.visible_to(user).filter(pk=person.pk).exists():
            raise Refused({"id_number": "该身份证号已在本平台其他党组织登记；"
                                        "平台内的组织关系转接须由其所在支部发起。"})
        if person.name.strip() != name.strip():
            raise Refused({"name": "姓名与该身份证号已登记的人员姓名不一致，请核对姓名和身份证号。"})
    if person is None:
        person = Person(organization=to_branch, name=name.strip(), gender=gender or "", id_number=number,
                        phone=phone or "", ethnicity=ethnicity or "汉族", education=education or "")
        person.full_clean()
        person.save()
        credit(person, user)
    member = PartyMember(person=person, branch=to_branch, category=category or Category.FULL, join_date=join_date,
                         full_date=full_date, status=Status.NORMAL)
    member.full_clean(exclude=["person"])
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:  # registered a moment earlier (a double click)
        raise Refused.conflict(f"{person.name}已登记为党员。") from None
    credit(member, user)
    transfer = Transfer.objects.create(
        kind=TransferKind.IN, status=TransferStatus.REGISTERED, member=member, to_branch=to_branch,
        to_community=community_of(to_branch), outside_org=outside_org.strip()[:100],
        outside_parent=(outside_parent or "").strip()[:100], letter_number=letter_number.strip()[:40], date=on,
        reason=(reason or "").strip()[:200] or "组织关系转入", decided_on=on, decided_by=user,
        created_by=user if getattr(user, "is_authenticated", False) else None)
    credit(transfer, user)
    return transfer
