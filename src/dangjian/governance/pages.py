from dangjian.core.pages import Page, register

from .models import Decision, SentimentReport

register(
    Page("governance:decision_list", "一征三议两公开"),
    Page("governance:decision", "决策事项详情", model=Decision),
    Page("governance:supervisor_list", "四大员"),
    Page("governance:record_list", "监督记录"),
    Page("governance:report_list", "社情民意"),
    Page("governance:report", "社情民意详情", model=SentimentReport),
    Page("api:decision-list", "API 民主决策", api=True),
)
