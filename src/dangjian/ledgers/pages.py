from dangjian.core.pages import Page, register

from .models import Problem, ResponsibilityLetter, Task, Visit

register(
    Page("ledgers:ledger", "三张清单台账"),
    Page("ledgers:ledger", "台账导出", query="format=xlsx", bench=False),
    Page("ledgers:problem_list", "问题清单"),
    Page("ledgers:problem_list", "逾期问题", query="state=overdue"),
    Page("ledgers:problem", "问题详情", model=Problem),
    Page("ledgers:task_list", "任务清单"),
    Page("ledgers:task", "任务详情", model=Task),
    Page("ledgers:task_template", "任务导入模板", bench=False),
    Page("ledgers:responsibility_list", "责任清单"),
    Page("ledgers:letter_list", "目标责任书"),
    Page("ledgers:letter", "目标责任书详情", model=ResponsibilityLetter),
    Page("ledgers:contact_list", "党建联系点"),
    Page("ledgers:visit_list", "走访记录"),
    Page("ledgers:visit", "走访详情", model=Visit),
    Page("ledgers:cadre_table", "干部走访情况"),
    Page("ledgers:two_new_table", "两新组织走访调研"),
    Page("ledgers:notice_list", "督办"),
    Page("api:problem-list", "API 问题", api=True),
    Page("api:problem-detail", "API 问题详情", model=Problem, api=True),
    Page("api:task-list", "API 任务", api=True),
    Page("api:task-detail", "API 任务详情", model=Task, api=True),
    Page("api:progressentry-list", "API 进展", api=True, bench=False),
    Page("api:responsibility-list", "API 责任", api=True, bench=False),
    Page("api:visit-list", "API 走访", api=True, bench=False),
)
