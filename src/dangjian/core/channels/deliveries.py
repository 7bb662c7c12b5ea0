"""From a notification to its deliveries, and the work that sends them.

`plan(notification)` (called by `core.notify.notify` for every new notification) decides, from the topic of its
key (topics.py) and the person's choices (preferences.py), which channels it goes out by, and writes one
`Delivery` row for each — a group robot's once per text and day, however many people the same notice reached.

`send_due()` sends what is due: each row is claimed with a conditional UPDATE (pending and due → sending), so of
several workers exactly one sends it; the HTTP call runs outside any transaction. A failure schedules the next
attempt after DANGJIAN_NOTIFY_RETRY_SECONDS × 2^(attempts-1) (at most six hours) and is given up, marked failed,
after DANGJIAN_NOTIFY_MAX_ATTEMPTS. A row left "sending" by a worker that died is taken back after ten minutes.
It runs after the commit that planned the rows (a background task) and every minute (a periodic job), which
picks up the retries.
"""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from .. import tree
from ..queue import background, is_immediate, periodic
from . import backends, preferences
from .models import Channel, Delivery, Robot, Status, mask_email
from .topics import EMAIL, GROUP, SMS, topic_of
from .webhooks import RedactingFilter

log = logging.getLogger(__name__)
log.addFilter(RedactingFilter())  # a traceback may quote a robot's address, its key in the query string

MAX_DELAY = timedelta(hours=6)
STALE_AFTER = timedelta(minutes=10)
BATCH = 200


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: the base, doubled each time, at most six hours."""
    return min(timedelta(seconds=settings.NOTIFY_RETRY_SECONDS * 2 ** max(attempts - 1, 0)), MAX_DELAY)


# --- planning ------------------------------------------------------------------------------------------------


def _person(user):
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return user.person
    except ObjectDoesNotExist:
        return None


def home_organization(user, person=None):
    """Where a person's deliveries are counted and which robots reach them: their person record's organization,
    else the organization of their first role."""
    if person is not None:
        return person.organization
    from dangjian.orgs.models import RoleAssignment

    held = RoleAssignment.objects.filter(user=user).select_related("organization").order_by("start", "pk").first()
    return held.organization if held else None


def nearest_robots(organization) -> list[Robot]:
    """The active robot of each kind nearest above (or at) the organization."""
    if organization is None:
        return []
    paths = tree.ancestor_paths(organization.path, include_self=True)
    found: dict[str, Robot] = {}
    for robot in Robot.objects.filter(active=True, organization__path__in=paths).select_related("organization"):
        current = found.get(robot.kind)
        if current is None or len(robot.organization.path) > len(current.organization.path):
            found[robot.kind] = robot
    return list(found.values())


def _digest(notification) -> str:
    day = timezone.localdate().isoformat()
    return hashlib.sha256(f"{day}\n{notification.title}\n{notification.body}".encode()).hexdigest()


def plan(notification) -> list[Delivery]:
    """The delivery rows of a new notification (none for a key no topic names, or a person who chose none)."""
    topic = topic_of(notification.key)
    if topic is None:
        return []
    user = notification.user
    wanted = preferences.chosen(user, topic)
    if not wanted:
        return []
    person = _person(user)
    org = home_organization(user, person)
    now = timezone.now()
    rows = []
    common = {"notification": notification, "topic": topic.code, "next_attempt_at": now}
    if SMS in wanted:
        phone = person.phone if person is not None else ""
        rows.append(Delivery(channel=Channel.SMS, organization=org,
                             recipient=backends.mask_phone(phone) or "（未登记）", **common))
    if EMAIL in wanted:
        rows.append(Delivery(channel=Channel.EMAIL, organization=org, recipient=mask_email(user.email) or "（未登记）",
                             **common))
    if GROUP in wanted:
        digest = _digest(notification)
        for robot in nearest_robots(org):
            if Delivery.objects.filter(robot=robot, digest=digest).exists():
                continue  # the same text reached this group today through someone else's notice
            rows.append(Delivery(channel=robot.kind, robot=robot, organization=robot.organization,
                                 recipient=robot.name[:100], digest=digest, **common))
    made = []
    for row in rows:
        try:
            with transaction.atomic():
                row.save()
            made.append(row)
        except IntegrityError:  # a concurrent notice posted the same text to the group first
            pass
    if made:
        _kick()
    return made


def _after_commit() -> None:
    send_soon.later()


def _kick() -> None:
    """Send soon: after the transaction that planned the rows commits (once per transaction), or now.

    "Once" is read from the transaction's own list of commit callbacks, which Django empties at its commit or
    rollback (and trims at a rolled-back savepoint): a mark of our own would outlive the transaction, and the
    `Atomic` object is no key either, since `@transaction.atomic` reuses one for every call of the function."""
    if is_immediate() or not connection.in_atomic_block:  # the tests: each notice's rows at once
        send_soon.later()
        return
    if any(entry[1] is _after_commit for entry in connection.run_on_commit):
        return
    transaction.on_commit(_after_commit, robust=True)


# --- sending -------------------------------------------------------------------------------------------------


def _due(now):
    return Q(status=Status.PENDING, next_attempt_at__lte=now) | Q(status=Status.SENDING,
                                                                   claimed_at__lte=now - STALE_AFTER)


def claim(pk: int, now=None) -> bool:
    """Take one due delivery for this worker; False when another has it (or it is no longer due)."""
    now = now or timezone.now()
    return bool(Delivery.objects.filter(_due(now), pk=pk).update(
        status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1))


def _send(delivery: Delivery) -> str:
    """Send it; returns the status it ends in: sent, or logged (the default SMS and e-mail backends only write
    files on the server)."""
    note = delivery.notification
    if delivery.channel == Channel.SMS:
        person = _person(note.user)
        text = backends.sms_text(note.title, note.body, note.url)
        went = backends.send_sms(person.phone if person is not None else "", text)
        return Status.SENT if went else Status.LOGGED
    if delivery.channel == Channel.EMAIL:
        went = backends.send_email(note.user.email, note.title, backends.plain_text(note.title, note.body, note.url))
        return Status.SENT if went else Status.LOGGED
    else:
        robot = delivery.robot
        if robot is None or not robot.active:
            raise backends.Failed("该工作群机器人已停用或删除", permanent=True)
        backends.send_robot(robot.kind, robot.webhook, robot.secret, backends.plain_text(note.title, note.body,
                                                                                         note.url))
    return Status.SENT


def send_one(pk: int) -> str | None:
    """Claim and send one delivery; returns its new status, or None when it was not ours to send."""
    if not claim(pk):
        return None
    delivery = Delivery.objects.select_related("notification__user", "robot").get(pk=pk)
    now = timezone.now()
    try:
        done = _send(delivery)
    except backends.Failed as exc:
        give_up = exc.permanent or delivery.attempts >= settings.NOTIFY_MAX_ATTEMPTS
        status = Status.FAILED if give_up else Status.PENDING
        reason = exc.reason
        if give_up and not exc.permanent:
            reason = f"{exc.reason}（已尝试 {delivery.attempts} 次，不再重试）"
        Delivery.objects.filter(pk=pk, status=Status.SENDING).update(
            status=status, last_error=reason[:300], claimed_at=None,
            next_attempt_at=None if give_up else now + backoff(delivery.attempts))
        return status
    except Exception:  # a fault of ours, not the channel's: logged with its traceback, retried like a failure
        log.exception("delivery %s failed", pk)
        give_up = delivery.attempts >= settings.NOTIFY_MAX_ATTEMPTS
        Delivery.objects.filter(pk=pk, status=Status.SENDING).update(
            status=Status.FAILED if give_up else Status.PENDING, last_error="发送时出现内部错误，详见服务器日志",
            claimed_at=None, next_attempt_at=None if give_up else now + backoff(delivery.attempts))
        return Status.FAILED if give_up else Status.PENDING
    Delivery.objects.filter(pk=pk, status=Status.SENDING).update(status=done, sent_at=now, last_error="",
                                                                 claimed_at=None, next_attempt_at=None)
    return done


def send_due(limit: int = BATCH) -> dict:
    """Send the deliveries now due (at most `limit`); returns how many ended in each status."""
    ids = list(Delivery.objects.filter(_due(timezone.now())).order_by("next_attempt_at", "pk")
               .values_list("pk", flat=True)[:limit])
    counts: dict = {}
    for pk in ids:
        status = send_one(pk)
        if status is not None:
            counts[status] = counts.get(status, 0) + 1
    return counts


def summary(counts: dict) -> str:
    if not counts:
        return "没有待发送的通知"
    return "，".join(f"{Status(s).label} {n} 条" for s, n in counts.items())


@background
def send_soon() -> None:
    """Right after notifications were made: send them without waiting for the minute's job."""
    send_due()


@periodic("发送通知（短信、邮件、工作群）", "minute")
def send_due_deliveries(today) -> str:
    return summary(send_due())
