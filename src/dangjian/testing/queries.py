"""Counting the queries a request makes, for per-page budgets and scale comparisons."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url: str) -> tuple[int, int]:
    """(status, number of queries) for a GET of url."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response.status_code, len(ctx.captured_queries)
