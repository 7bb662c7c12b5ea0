"""gunicorn entry for bench/compare.py: `gunicorn dangjian.core.benchwsgi` with DANGJIAN_BENCH_VIEWS=1.

`/bench/bare` goes to Django's handler with no middleware (the yardstick for `/healthz`: what a bare Django
project does for `SELECT 1`); every other request to the project's own application, in the same workers.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler

from dangjian.wsgi import application as project  # sets Django up (and checks the field key)

from .benchviews import BARE_PATH

if not settings.BENCH_VIEWS:
    raise ImproperlyConfigured("dangjian.core.benchwsgi is served only with DANGJIAN_BENCH_VIEWS=1")


class BareHandler(WSGIHandler):
    """Request signals (so database connections open and close as for any request), URL resolution, the view;
    no middleware."""

    def load_middleware(self, is_async=False):
        self._view_middleware, self._template_response_middleware, self._exception_middleware = [], [], []
        self._middleware_chain = convert_exception_to_response(self._get_response)


bare = BareHandler()


def application(environ, start_response):
    handler = bare if environ.get("PATH_INFO") == BARE_PATH else project
    return handler(environ, start_response)
