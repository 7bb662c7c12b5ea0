"""Request-wide behaviour: the health check, sign-in required and idle sessions ended, the role a user acts
with, query counting, the response headers (no caching of private pages, Permissions-Policy,
Content-Security-Policy)."""

import time

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.db import connection

ACTIVE_ROLE_SESSION_KEY = "active_assignment_id"
LAST_SEEN_SESSION_KEY = "last_seen"  # seconds since the epoch, refreshed at most every TOUCH_SECONDS
TOUCH_SECONDS = 60


class HealthCheckMiddleware:
    """Answers `/healthz` before sessions, sign-in, CSRF, locale and the rest of the stack are set up: a load
    balancer asks every few seconds, and a check that costs a page view's middleware measures the middleware,
    not the server. It sits just below SecurityMiddleware and the Content-Security-Policy, so the answer keeps
    their headers; the two that later middleware add to every answer are set here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz" and request.method in ("GET", "HEAD"):
            from .views import healthz

            response = healthz(request)
            response["X-Frame-Options"] = settings.X_FRAME_OPTIONS
            response["Permissions-Policy"] = PERMISSIONS_POLICY
            return response
        return self.get_response(request)


class IdleSessionMiddleware:
    """Ends a session left idle for `DANGJIAN_SESSION_IDLE_SECONDS`, without writing it on every request.

    The session is saved only when it changes (SESSION_SAVE_EVERY_REQUEST = False): a page view is a read, not
    an UPDATE of the session row. What keeps the idle rule is a last-seen stamp in the session, refreshed when
    it is more than a minute old — that change saves the session, which also moves the store's own expiry
    (SESSION_COOKIE_AGE is the idle time) on. A request after the idle time signs out here, whatever the store.
    A person active all along is thus signed out between idle − 60 s and idle after their last request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            now = int(time.time())
            seen = session.get(LAST_SEEN_SESSION_KEY)
            if isinstance(seen, int) and now - seen > settings.SESSION_COOKIE_AGE:
                from django.contrib.auth import logout

                logout(request)  # request.user is anonymous from here: the sign-in page follows
            elif not isinstance(seen, int) or now - seen >= TOUCH_SECONDS:
                session[LAST_SEEN_SESSION_KEY] = now
        return self.get_response(request)


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Every page needs a login, except views marked `login_not_required`.

    The API answers 401 itself (DRF), so it is left to DRF rather than redirected to a form.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class ActiveRoleMiddleware:
    """Carries the role chosen in the header onto `request.user`, where scoping reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user.active_assignment_id = request.session.get(ACTIVE_ROLE_SESSION_KEY)
        return self.get_response(request)


class RefusedMiddleware:
    """A refusal no view caught still answers as what it is: 404 absent, 403 not allowed, else 400 with
    its Chinese reason — never a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.core.exceptions import PermissionDenied
        from django.http import Http404
        from django.shortcuts import render

        from .workflow import Refused

        if not isinstance(exception, Refused):
            return None
        if exception.status == 404:
            raise Http404(exception.text)
        if exception.status == 403:
            raise PermissionDenied(exception.text)
        return render(request, "400.html", {"message": exception.text}, status=exception.status)


class QueryCountHeaderMiddleware:
    """Adds X-Query-Count to responses; enabled by DANGJIAN_QUERY_COUNT_HEADER for bench/."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        response["X-Query-Count"] = str(count)
        return response


# The platform asks for no device feature: QR codes are scanned with the phone's own camera app, photos are
# chosen through a file input, places are typed.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


class PrivateResponseMiddleware:
    """What a signed-in person is shown is theirs alone: names, phones, files of their part of the tree. No
    cache (a shared office computer's, a proxy's) may keep it; and no page asks for a device feature."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's header (settings.CONTENT_SECURITY_POLICY) on every response, with the one exception a
    third-party page needs: Django REST framework's browsable API (an /api/ address opened in a browser) is
    drawn by DRF's own templates, which set style="" attributes and, with Pygments, a <style> block; its
    style-src also admits inline styles. Its script-src stays 'self' (DRF's scripts are files), and JSON
    answers keep the strict policy."""

    _built = None  # (the settings' policy, its header): the usual answer's header, built once per policy

    def process_response(self, request, response):
        """The usual answer — the settings' policy, no nonce asked for, no view's own change, no report-only
        policy, not the browsable API — gets the header built once: django-csp builds the policy and the
        report-only policy anew for every response, a third of what /healthz cost. Anything else goes
        through django-csp as before, and the header is the same string either way."""
        config = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        if (not config or config.get("EXCLUDE_URL_PREFIXES") or HEADER in response
                or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
                or getattr(request, "_csp_nonce", None) is not None
                or any(hasattr(response, name) for name in _PER_RESPONSE)
                or (settings.DEBUG and response.status_code in (404, 500)) or _is_browsable_api(response)):
            return super().process_response(request, response)
        built = ContentSecurityPolicyMiddleware._built
        if built is None or built[0] is not config:  # override_settings gives a new policy object
            built = ContentSecurityPolicyMiddleware._built = (config, build_policy())
        if built[1]:
            response[HEADER] = built[1]
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # as django-csp: too late now
        return response

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and _is_browsable_api(response):
            parts.replace = {**(parts.replace or {}), "style-src": ["'self'", "'unsafe-inline'"]}
        return parts


# What a view may set on its response to change or drop the policy (django-csp's decorators).
_PER_RESPONSE = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt",
                 "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro", "_csp_exempt_ro")


def _is_browsable_api(response) -> bool:
    from rest_framework.renderers import BrowsableAPIRenderer

    return isinstance(getattr(response, "accepted_renderer", None), BrowsableAPIRenderer)
