from dangjian.core.pages import Page, register

register(
    Page("reports:dashboard", "数据看板"),
    Page("reports:dashboard_screen", "数据看板（大屏）"),
)
