"""Daily reminders of the orgs domain, run by `dangjian remind` (each safe to run twice a day)."""

from .terms_reminders import term_reminders  # noqa: F401  (换届: six and three months before a term ends)
