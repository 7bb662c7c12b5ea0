"""WSGI entry point for gunicorn: `gunicorn dangjian.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.settings")
application = get_wsgi_application()

from dangjian.core.keys import verify  # noqa: E402  (after setup: it reads the database)

verify()  # a wrong field key stops the server before it serves anything
