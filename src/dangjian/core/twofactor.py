"""The second factor: who must give a code from their phone after the password, and the devices that make it.

等保 level 3 asks for two kinds of proof from the accounts that can do most harm: the operators (superusers),
the admin site's users (`is_staff`: the 三员 duty accounts among them) and every role that may reveal full ID
numbers and phones or export full personal data (`roles.SECOND_FACTOR_ROLES`). `needs_second_factor` is
the one rule. The proof is a time-based code (TOTP, RFC 6238) from an authenticator app on the person's
phone, kept by django-otp's TOTP device; its static device holds ten single-use recovery codes for a lost
phone. Anyone else may enrol from the account menu, and is then asked for a code like the others.

django-otp throttles wrong codes per device (1, 2, 4, 8… seconds between tries, never reset by signing in
again); a wrong code also counts as a failed sign-in for django-axes, so five wrong codes lock the account and
its address for 15 minutes, as five wrong passwords do.

`core.gate` decides which pages a signed-in person may open before the code is given (none but these and
signing out). API requests authenticated by a token are not asked for a code: a token is issued in the admin
site to a system, not typed by a person, and a request carrying one is signed in by DRF inside the view. A
browser session's API requests are held to the session's verification like its pages.

DANGJIAN_2FA=off (`settings.TWO_FACTOR`) asks no one: the test suite and `dangjian demo` run so.
"""

import secrets
from base64 import b32encode
from dataclasses import dataclass
from math import ceil

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete
from django.utils import timezone

from .roles import SECOND_FACTOR_ROLES
from .scope import all_grants

RECOVERY_CODES = 10
RECOVERY_DIGITS = 10
DEVICE_NAME = "手机验证器"
RECOVERY_NAME = "恢复码"
WRONG = "验证码不正确。请输入验证器当前显示的 6 位数字（每 30 秒更新一次），或一个未用过的恢复码。"
WRONG_SETUP = "验证码不正确。请输入验证器当前显示的 6 位数字（每 30 秒更新一次）；仍不正确时，请核对手机时间。"
TOO_SOON = "输错次数较多，请 {seconds} 秒后再试。"
VERIFY, ENROL = "verify", "enrol"


def mode() -> str:
    return getattr(settings, "TWO_FACTOR", "required")


def enabled() -> bool:
    return mode() != "off"


def needs_second_factor(user) -> bool:
    """Whether this account must use a second factor: operators, the admin site's users, and every holder of
    a role in `SECOND_FACTOR_ROLES` (in any of their roles, not only the one they act with). Always False
    with DANGJIAN_2FA=off."""
    if not enabled() or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.is_staff:
        return True
    return any(g.role in SECOND_FACTOR_ROLES for g in all_grants(user))


def totp_device(user, confirmed: bool = True):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def recovery_device(user):
    from django_otp.plugins.otp_static.models import StaticDevice

    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def is_verified(user) -> bool:
    check = getattr(user, "is_verified", None)  # installed by django-otp's middleware
    return bool(check and check())


def state(user) -> str | None:
    """What the signed-in person still has to do: VERIFY (give a code), ENROL (set up a device), or nothing."""
    if not enabled() or not getattr(user, "is_authenticated", False) or is_verified(user):
        return None
    if totp_device(user) is not None:
        return VERIFY  # required, or enrolled of their own accord: asked either way
    if needs_second_factor(user):
        return ENROL
    return None


# --- enrolling --------------------------------------------------------------------------------------------


def pending_device(user):
    """The device being set up: the same one (and secret) until it is confirmed, so a reload shows the QR code
    the person may already have scanned."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = totp_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_text(device) -> str:
    """The secret as an authenticator app asks for it when typed in (base32, in groups of four)."""
    text = b32encode(device.bin_key).decode()
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def qr_svg(device) -> str:
    """The device's otpauth:// address as an inline SVG QR code (drawn here: no outside service sees it)."""
    import segno

    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2, dark="#000", light="#fff")


def new_recovery_codes(user) -> list[str]:
    """Ten new single-use codes in place of any before; shown once, kept by django-otp's static device."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    codes: set[str] = set()
    while len(codes) < RECOVERY_CODES:
        codes.add(f"{secrets.randbelow(10 ** RECOVERY_DIGITS):0{RECOVERY_DIGITS}d}")
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
        StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in sorted(codes)])
    return sorted(codes)


def show_code(code: str) -> str:
    """A recovery code as printed: two groups of five digits."""
    half = len(code) // 2
    return f"{code[:half]} {code[half:]}"


def _clean(token: str) -> str:
    return "".join(ch for ch in (token or "") if ch.isalnum())


@dataclass
class Checked:
    device: object | None = None
    error: str = ""
    recovery_left: int | None = None  # when a recovery code was used: how many remain


def _wait(device) -> str:
    allowed, info = device.verify_is_allowed()
    if allowed or not info or "locked_until" not in info:
        return ""
    seconds = max(1, ceil((info["locked_until"] - timezone.now()).total_seconds()))
    return TOO_SOON.format(seconds=seconds)


def confirm(request, device, token: str) -> Checked:
    """Confirm the device being set up with a code it shows; the person is verified with it from now on."""
    import django_otp

    from .workflow import record

    user = request.user
    too_soon = _wait(device)
    if too_soon:
        return Checked(error=too_soon)
    with transaction.atomic():
        if not device.verify_token(_clean(token)):
            return Checked(error=WRONG_SETUP)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        type(device).objects.filter(user=user, confirmed=False).delete()
        record(user, actor=user, changes={"双因素认证": ["未启用", "已启用"]}, step="启用双因素认证")
    django_otp.login(request, device)
    return Checked(device=device)


def check(request, token: str) -> Checked:
    """A code given at sign-in: six digits for the authenticator, ten for a recovery code."""
    import django_otp

    user = request.user
    token = _clean(token)
    recovery = len(token) != 6
    device = recovery_device(user) if recovery else totp_device(user)
    if device is None:
        _count_failure(request, user)
        return Checked(error=WRONG)
    too_soon = _wait(device)
    if too_soon:
        return Checked(error=too_soon)
    verified = django_otp.verify_token(user, device.persistent_id, token)
    if verified is None:
        _count_failure(request, user)
        return Checked(error=WRONG)
    django_otp.login(request, verified)
    left = verified.token_set.count() if recovery else None
    return Checked(device=verified, recovery_left=left)


def _count_failure(request, user) -> None:
    """A wrong code is a failed sign-in for django-axes: five lock the account and the address."""
    from django.contrib.auth.signals import user_login_failed

    user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)


def locked_out(request) -> bool:
    return bool(getattr(request, "axes_locked_out", False))


# --- resetting ----------------------------------------------------------------------------------------------


def may_reset(user) -> bool:
    """Operators and whoever may remove authenticator devices (the security administrator's duty)."""
    return bool(user.is_superuser or user.has_perm("otp_totp.delete_totpdevice"))


def reset(user) -> bool:
    """Remove the account's devices and recovery codes: at the next sign-in it sets up a new phone. The
    history entry is written when the device goes (`_device_removed`), whichever way it is removed."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with transaction.atomic():
        had = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        for device in TOTPDevice.objects.filter(user=user):
            device.delete()
        StaticDevice.objects.filter(user=user).delete()
    return had


def _device_removed(sender, instance, **kwargs) -> None:
    from django.contrib.auth import get_user_model

    from .password_policy import request_user
    from .workflow import record

    if not instance.confirmed:
        return
    owner = get_user_model().objects.filter(pk=instance.user_id).first()
    if owner is not None:  # by the administrator of the request; "系统" from a command
        record(owner, actor=request_user(), changes={"双因素认证": ["已启用", "已重置"]}, step="重置双因素认证")


def install() -> None:
    """The history of a removed device, and the reset action in the admin's account list."""
    from django.contrib import admin, messages
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    post_delete.connect(_device_removed, sender=TOTPDevice, dispatch_uid="dangjian-second-factor-reset")
    User = get_user_model()
    if not admin.site.is_registered(User):
        return
    model_admin = admin.site._registry[User]

    @admin.action(description="重置双因素认证（下次登录重新绑定手机）", permissions=["reset_second_factor"])
    def reset_second_factor(modeladmin, request, queryset):
        done = [u.get_username() for u in queryset if reset(u)]
        if done:
            modeladmin.message_user(request, f"已重置 {len(done)} 个账号的双因素认证：{'、'.join(done)}。")
        else:
            modeladmin.message_user(request, "所选账号都未启用双因素认证。", messages.WARNING)

    model_admin.actions = (*(model_admin.actions or ()), reset_second_factor)
    model_admin.has_reset_second_factor_permission = lambda request: may_reset(request.user)
