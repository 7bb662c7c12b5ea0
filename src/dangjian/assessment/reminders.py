"""The assessment app's daily jobs (the Monday weekly-summary reminder), found by `dangjian remind` here."""

from .summaries.reminders import weekly_summary_due  # noqa: F401
