"""Who did it: the one place that names the actor of a request's history entries.

django-auditlog's middleware reads `request.user` when the request comes in. A browser session is known by
then; an API client's token is not — DRF authenticates inside the view — so a `PATCH` with
`Authorization: Token …` wrote history naming nobody. Both kinds of request now name their actor through
`name_actor`: the middleware below for sessions, `TokenAuthentication` below for tokens, filling the same
request context auditlog reads when it writes an entry.
"""

from auditlog.cid import set_cid
from auditlog.context import auditlog_value, set_extra_data
from auditlog.middleware import AuditlogMiddleware
from rest_framework.authentication import TokenAuthentication as DRFTokenAuthentication

from . import trail


def name_actor(user) -> None:
    """Make `user` the actor of the history entries this request writes from now on."""
    if user is None or not getattr(user, "is_authenticated", False):
        return
    try:
        context = auditlog_value.get()
    except LookupError:  # outside a request (a command, a test calling an action): actions credit the actor
        return
    context["actor"] = user


class AuditActorMiddleware(AuditlogMiddleware):
    """auditlog's middleware, with the actor named through `name_actor` like a token's."""

    @staticmethod
    def _get_actor(request):
        return None

    def __call__(self, request):
        set_cid(request)
        tokens = trail.set_request(request)
        try:
            with set_extra_data(context_data=self.get_extra_data(request)):
                name_actor(getattr(request, "user", None))
                return self.get_response(request)
        finally:
            trail.clear_request(tokens)


class TokenAuthentication(DRFTokenAuthentication):
    def authenticate(self, request):
        found = super().authenticate(request)
        if found is not None:
            name_actor(found[0])
        return found
