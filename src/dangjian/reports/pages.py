"""Report pages in the page registry (role × view matrices, query budgets, bench)."""

from dangjian.core.pages import Page, register

from .models import AnnualReport

register(
    Page("reports:dashboard", "数据看板"),
    Page("reports:dashboard_screen", "数据看板（大屏）"),
    # The report composes some sixty figures in batches: a fixed ceiling above the default, at any scale.
    Page("reports:annual", "年度落实情况报告", creates=AnnualReport, writes=True, budget=24),
    Page("reports:annual", "年度落实情况报告（Word）", query="format=docx", bench=False),
    Page("reports:figure", "数字背后的记录", kwargs=lambda _: {"key": "problems_found"}),
    Page("reports:figure", "数字背后的记录（导出）", kwargs=lambda _: {"key": "volunteer_hours"}, query="format=xlsx",
         bench=False),
)
