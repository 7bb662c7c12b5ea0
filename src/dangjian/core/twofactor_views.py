"""The second factor's pages: give a code at sign-in, set up a phone, see the recovery codes once, manage it.

The rules (who, which device, throttling and lock-out) are in core.twofactor; the gate (core.gate) sends a
person here before any other page until the code is given.
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from . import twofactor
from .forms import Form

NEW_CODES = "dangjian_new_recovery_codes"  # shown once, on the next page


class CodeForm(Form):
    otp_token = forms.CharField(
        label="验证码", max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        error_messages={"required": "请输入验证码。"},
    )


class SignInCodeForm(CodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["otp_token"].help_text = ("打开手机上的身份验证器，输入显示的 6 位数字；"
                                              "手机不在身边时，可输入一个 10 位恢复码。")


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        return reverse("home")
    return target


def _with_next(url_name: str, request) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': _next(request)})}"


@require_http_methods(["GET", "POST"])
def verify(request):
    """The code after the password (or a recovery code); wrong ones are throttled and count toward the lock."""
    user = request.user
    step = twofactor.state(user)
    if step == twofactor.ENROL:
        return redirect(_with_next("twofactor_setup", request))
    if step is None:
        return HttpResponseRedirect(_next(request))
    form = SignInCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = twofactor.check(request, form.cleaned_data["otp_token"])
        if twofactor.locked_out(request):
            from axes.helpers import get_lockout_response

            username = user.get_username()
            logout(request)
            return get_lockout_response(request, None, {"username": username})
        if result.device is not None:
            request.session.cycle_key()  # a session that gained the second factor gets a new key
            if result.recovery_left is not None:
                messages.warning(request, f"已使用一个恢复码，还剩 {result.recovery_left} 个。"
                                 "如手机验证器已遗失，请在“双因素认证”页面重新生成恢复码，或请管理员重置。")
            return HttpResponseRedirect(_next(request))
        form.add_error("otp_token", result.error)
    return render(request, "registration/twofactor_verify.html", {"form": form, "next": _next(request),
                                                                  "bare": True})


@require_http_methods(["GET", "POST"])
def setup(request):
    """Set up an authenticator: scan the QR code (or type the secret), confirm with a code it shows."""
    user = request.user
    if not twofactor.enabled():
        messages.info(request, "本平台未启用双因素认证。")
        return redirect("home")
    if twofactor.totp_device(user) is not None:
        return redirect("twofactor" if twofactor.is_verified(user) else "twofactor_verify")
    required = twofactor.needs_second_factor(user)
    device = twofactor.pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = twofactor.confirm(request, device, form.cleaned_data["otp_token"])
        if result.device is not None:
            request.session.cycle_key()
            request.session[NEW_CODES] = twofactor.new_recovery_codes(user)
            return redirect(_with_next("twofactor_codes", request))
        form.add_error("otp_token", result.error)
    return render(request, "registration/twofactor_setup.html", {
        "form": form, "qr": twofactor.qr_svg(device), "secret": twofactor.secret_text(device),
        "required": required, "next": _next(request), "bare": required,
    })


@require_http_methods(["GET", "POST"])
def codes(request):
    """The new recovery codes, shown once (print or download them); POST makes ten new ones."""
    user = request.user
    if request.method == "POST":
        if twofactor.totp_device(user) is None or not twofactor.is_verified(user):
            messages.error(request, "请先完成双因素认证。")
            return redirect("twofactor")
        request.session[NEW_CODES] = twofactor.new_recovery_codes(user)
        from .workflow import record

        record(user, actor=user, changes={"恢复码": ["旧的一组", "新的一组"]}, step="重新生成恢复码")
        return redirect("twofactor_codes")
    fresh = request.session.pop(NEW_CODES, None)
    shown = [twofactor.show_code(c) for c in fresh or []]
    return render(request, "registration/twofactor_codes.html", {
        "codes": shown, "download": _download(user, shown), "next": _next(request),
    })


def _download(user, shown: list[str]) -> str:
    from urllib.parse import quote

    if not shown:
        return ""
    text = "\n".join([f"党建三张清单平台 双因素认证恢复码（账号 {user.get_username()}）",
                      "每个恢复码只能使用一次。请妥善保管，不要与他人共享。", "", *shown, ""])
    return "data:text/plain;charset=utf-8," + quote(text)


def manage(request):
    """One's own second factor: whether it is on, the device, the recovery codes left; enrol or renew codes."""
    user = request.user
    device = twofactor.totp_device(user)
    recovery = twofactor.recovery_device(user)
    return render(request, "registration/twofactor.html", {
        "enabled": twofactor.enabled(), "required": twofactor.needs_second_factor(user), "device": device,
        "codes_left": recovery.token_set.count() if recovery is not None else 0,
    })
