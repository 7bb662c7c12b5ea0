from dangjian.core.pages import Page, register

from . import pages_positions, pages_scores, pages_summaries  # noqa: F401

register(
    Page("assessment:analysis", "不平衡分析"),
    Page("api:ranking-list", "API 季度排名", api=True),
    Page("api:score-list", "API 月考核得分", api=True),
)
