"""Weekly summary pages in the page registry (role × view matrices, query budgets, bench)."""

from dangjian.core.pages import Page, register

from .models import WeeklySummary

register(
    Page("assessment:summary_list", "周总结"),
    Page("assessment:summary_list", "周总结导出", query="format=xlsx", bench=False),
    Page("assessment:summary", "周总结详情", model=WeeklySummary),
    Page("assessment:summary_write", "写本周总结", creates=WeeklySummary, writes=True),
    Page("assessment:summary_late", "逾期未报周总结"),
    Page("assessment:summary_late", "逾期未报周总结导出", query="format=xlsx", bench=False),
)
