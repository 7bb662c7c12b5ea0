"""What a signed-in person must do before any other page: give the second factor, then change a password that is
too old or was set by someone else.

The second factor comes first: an expired password proves less than a fresh one, and who changes it must
first show it is them. Until both are done every page, the admin site and the session's API requests
answer with the way forward (a redirect, or 403 for the API); signing out, the pages of each step and the
public health check stay open. A request signed in by an API token has no session user here and is not
held (see core.twofactor).
"""

from urllib.parse import urlencode

from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse

from . import password_policy, twofactor

SECOND_FACTOR_PAGES = {"twofactor_verify", "twofactor_setup", "twofactor_codes"}
PASSWORD_PAGES = {"password_change"}
ALWAYS_OPEN = {"logout", "login", "healthz"}
NOT_YET = {
    twofactor.VERIFY: "请输入手机验证器上的验证码，完成登录。",
    twofactor.ENROL: "您的账号须使用双因素认证：请先绑定手机验证器。",
}


class SecurityGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with password_policy.during(request):  # who sets a password in this request (password_policy)
            return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = getattr(request, "resolver_match", None)
        name = match.view_name if match is not None else ""
        if name in ALWAYS_OPEN:
            return None
        step = twofactor.state(user)
        if step is not None:
            if name in SECOND_FACTOR_PAGES:
                return None
            target = "twofactor_verify" if step == twofactor.VERIFY else "twofactor_setup"
            return _send(request, target, NOT_YET[step])
        if name in PASSWORD_PAGES | SECOND_FACTOR_PAGES:
            return None
        why = password_policy.pending(request)
        if why:
            return _send(request, "password_change", why)
        return None


def _send(request, url_name: str, why: str):
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": why}, status=403)
    url = reverse(url_name)  # the page itself says why
    if request.method == "GET" and url_name in SECOND_FACTOR_PAGES:
        url += "?" + urlencode({"next": request.get_full_path()})  # where signing in was going
    if request.headers.get("HX-Request"):  # a fragment's request: htmx moves the whole page
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)
