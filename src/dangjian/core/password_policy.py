"""Password age, reuse and who set a password: the rules 等保 level 3 adds to the character rules.

- Staff accounts (a role other than member, volunteer, resident; the admin site's users; the operators)
  change their password every `PASSWORD_MAX_DAYS` days (DANGJIAN_PASSWORD_MAX_DAYS, default 90; 0: never).
- The last `KEEP` passwords of an account cannot be chosen again (`passwords.HistoryValidator`): their
  hashes, never the passwords, are kept in `PasswordHistory`.
- A password set by someone else — an account created by an administrator in the admin site or by a secretary
  handing out a role with an initial password, or a password reset by an administrator — must be changed at
  the next sign-in. (An account made by approving a resident's application keeps the password the applicant
  chose on the form: `password_chosen_by_owner`.)

Every new account and every password change is seen in one place, the user's `post_save` (Django's
`set_password` leaves the typed password on the user until it is saved; a hash upgrade at sign-in does not,
and is no change). Who set it is the person signed in to the request that saved it (`during`, kept by
core.gate; a token's user too): another account means "set by someone else"; the account itself, or no
request at all (a command, `dangjian seed`, a test factory) means not. `PasswordState` keeps, per
account, when the password was last changed and whether it must be changed; `core.gate` sends a person
whose password is too old or not their own to the password change page before any other.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models.signals import post_save
from django.utils import timezone

KEEP = 5  # the last five passwords may not be chosen again

EXPIRED = "您的密码已超过 {days} 天未修改，请先修改密码再继续使用。"
SET_BY_OTHERS = "您的密码由管理员设置，首次登录请先修改为只有您自己知道的密码。"
SESSION_KEY = "dangjian_password_ok_until"  # a timestamp: the password needs no look until then


class PasswordState(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True,
                                related_name="password_state", verbose_name="账号")
    changed_at = models.DateTimeField("密码修改时间", default=timezone.now)
    must_change = models.BooleanField("下次登录须修改密码", default=False)

    class Meta:
        verbose_name = "密码状态"
        verbose_name_plural = "密码状态"

    def __str__(self):
        return f"{self.user_id} {self.changed_at:%Y-%m-%d}"


class PasswordHistory(models.Model):
    """One password an account had, as its hash (the same hash Django keeps on the account)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name="账号")
    password = models.CharField("密码哈希", max_length=128)
    created = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["user", "-created"], name="password_history_recent")]

    def __str__(self):
        return f"{self.user_id} {self.created:%Y-%m-%d}"


def recent_hashes(user, keep: int = KEEP) -> list[str]:
    """The hashes of the account's last `keep` passwords, the current one first."""
    hashes = list(PasswordHistory.objects.filter(user=user).order_by("-created", "-pk")
                  .values_list("password", flat=True)[:keep])
    current = getattr(user, "password", "")
    if current and current not in hashes:  # kept from before the history was (an account older than it)
        hashes = [current, *hashes][:keep]
    return hashes


_REQUEST: ContextVar = ContextVar("dangjian_password_request", default=None)


@contextmanager
def during(request):
    """Run a request knowing who is signed in to it (core.gate wraps every request in this). The request's
    user is read when a password is saved, so a user DRF signed in by a token counts too."""
    token = _REQUEST.set(request)
    try:
        yield
    finally:
        _REQUEST.reset(token)


def request_user():
    """The account signed in to the request being answered (None outside a request, or when no one is)."""
    request = _REQUEST.get()
    actor = getattr(request, "user", None) if request is not None else None
    return actor if getattr(actor, "is_authenticated", False) else None


def _set_by_someone_else(user) -> bool:
    actor = request_user()  # None: a command, the seed, a test factory
    return actor is not None and actor.pk != user.pk


def note_password(user, *, by_someone_else: bool = False) -> None:
    """Remember that the account's password was set now (and by whom): its age, its hash, whether to change."""
    now = timezone.now()
    if user.has_usable_password():
        PasswordHistory.objects.create(user=user, password=user.password, created=now)
        old = PasswordHistory.objects.filter(user=user).order_by("-created", "-pk").values_list("pk", flat=True)[KEEP:]
        PasswordHistory.objects.filter(pk__in=list(old)).delete()
    PasswordState.objects.update_or_create(user=user, defaults={"changed_at": now, "must_change": by_someone_else})


def mark_changed_now(users) -> None:
    """Seeded and demo accounts: their password counts as chosen by them, now (no forced change)."""
    for user in users:
        PasswordState.objects.update_or_create(user=user, defaults={"changed_at": timezone.now(),
                                                                    "must_change": False})


def _user_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    typed = getattr(instance, "_password", None)  # set by set_password until the save; None on a hash upgrade
    if typed is None and not created:
        return
    own = getattr(instance, "password_chosen_by_owner", False)  # an approved application: the applicant's own
    note_password(instance, by_someone_else=not own and _set_by_someone_else(instance))


def install() -> None:
    from django.contrib.auth import get_user_model

    post_save.connect(_user_saved, sender=get_user_model(), dispatch_uid="dangjian-password-policy")


# --- what a signed-in person must do first ---------------------------------------------------------------


def max_days() -> int:
    return int(getattr(settings, "PASSWORD_MAX_DAYS", 90) or 0)


def is_staff_account(user) -> bool:
    """Accounts whose password ages: anyone who works on others' records, in any of their roles."""
    from .roles import SELF_ROLES
    from .scope import all_grants

    if user.is_superuser or user.is_staff:
        return True
    return any(g.role not in SELF_ROLES for g in all_grants(user))


def _look(user) -> tuple[str, float]:
    """(why the account must change its password first, or ""; the moment its answer may next differ)."""
    now = timezone.now()
    later = (now + timedelta(days=1)).timestamp()  # a role gained meanwhile is seen a day later at the latest
    state = PasswordState.objects.filter(user=user).first()
    if state is None:
        return "", later
    if state.must_change:
        return SET_BY_OTHERS, now.timestamp()
    days = max_days()
    if days and is_staff_account(user):
        expires = state.changed_at + timedelta(days=days)
        if now >= expires:
            return EXPIRED.format(days=days), now.timestamp()
        return "", min(later, expires.timestamp())
    return "", later


def reason(user) -> str:
    """Why the account must change its password before anything else ("" when it need not)."""
    if not getattr(user, "is_authenticated", False):
        return ""
    return _look(user)[0]


def pending(request) -> str:
    """`reason` for the request's user, looked up once and then kept in the session until it may differ."""
    until = request.session.get(SESSION_KEY)
    if until is not None and timezone.now().timestamp() < until:
        return ""
    why, until = _look(request.user)
    if why:
        request.session.pop(SESSION_KEY, None)
    else:
        request.session[SESSION_KEY] = until
    return why


def forget(request) -> None:
    """After a change: the next request looks again."""
    request.session.pop(SESSION_KEY, None)
