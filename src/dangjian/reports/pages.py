from dangjian.core.pages import Page, register

from . import pages_dashboard  # noqa: F401

register(
    Page("reports:annual", "年度落实情况报告"),
    Page("reports:figure", "数字背后的记录", kwargs=lambda _: {"key": "problems_found"}),
    Page("reports:figure", "数字背后的记录（导出）", kwargs=lambda _: {"key": "volunteer_hours"}, query="format=xlsx",
         bench=False),
)
