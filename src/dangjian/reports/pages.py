from dangjian.core.pages import Page, register

from . import pages_dashboard  # noqa: F401

register(Page("reports:annual", "年度落实情况报告"))
