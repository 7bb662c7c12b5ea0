"""The assessment app's to-do items, found by core's to-do registry here."""

from .summaries import todo  # noqa: F401
