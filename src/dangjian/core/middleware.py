"""Request-wide behaviour: sign-in required, the role a user acts with, query counting, the response headers
(no caching of private pages, Permissions-Policy, Content-Security-Policy)."""

from csp.middleware import CSPMiddleware
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.db import connection

ACTIVE_ROLE_SESSION_KEY = "active_assignment_id"


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

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and _is_browsable_api(response):
            parts.replace = {**(parts.replace or {}), "style-src": ["'self'", "'unsafe-inline'"]}
        return parts


def _is_browsable_api(response) -> bool:
    from rest_framework.renderers import BrowsableAPIRenderer

    return isinstance(getattr(response, "accepted_renderer", None), BrowsableAPIRenderer)
