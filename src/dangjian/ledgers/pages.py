from django.db.models import Q

from dangjian.core.pages import Page, register
from dangjian.core.roles import SELF_ROLES

from .models import (
    ContactPoint,
    DeadlineRule,
    Problem,
    ProblemFeedback,
    ProgressEntry,
    ResponsibilityLetter,
    ResponsibilityPost,
    SupervisionNotice,
    Task,
    Visit,
)

ANY_EVIDENCE = Q(evidence__isnull=False)


def _problem_step(action, label):
    return Page("ledgers:problem_action", f"问题{label}", model=Problem, writes=True, get=False,
                kwargs=lambda p, a=action: {"pk": p.pk, "action": a})


def _task_step(action, label):
    return Page("ledgers:task_action", f"任务{label}", model=Task, writes=True, get=False,
                kwargs=lambda t, a=action: {"pk": t.pk, "action": a})


register(
    Page("ledgers:ledger", "三张清单台账"),
    Page("ledgers:ledger", "台账导出", query="format=xlsx", bench=False),
    Page("ledgers:problem_list", "问题清单"),
    Page("ledgers:problem_list", "逾期问题", query="state=overdue"),
    Page("ledgers:problem", "问题详情", model=Problem),
    Page("ledgers:problem_add", "登记问题", creates=Problem, writes=True, bench=False),
    Page("ledgers:problem_edit", "修改问题", model=Problem, writes=True, bench=False),
    Page("ledgers:problem_file", "问题佐证材料", model=Problem, where=ANY_EVIDENCE, bench=False,
         kwargs=lambda p: {"pk": p.pk, "evidence_pk": p.evidence.first().pk}),
    _problem_step("rectify", "开始整改"),
    _problem_step("resolve", "标记已整改"),
    _problem_step("verify", "验收"),
    _problem_step("reject", "退回整改"),
    _problem_step("close", "关闭"),
    _problem_step("ask_close", "申请关闭"),
    _problem_step("decline_close", "不同意关闭"),
    _problem_step("reason", "无材料说明"),
    _problem_step("accept", "认可说明"),
    Page("ledgers:deadline_rules", "整改时限规则"),
    Page("ledgers:deadline_rule_add", "制定整改时限规则", creates=DeadlineRule, writes=True, bench=False),
    Page("ledgers:deadline_rule_edit", "修改整改时限规则", model=DeadlineRule, writes=True, bench=False),
    Page("ledgers:task_list", "任务清单"),
    Page("ledgers:task", "任务详情", model=Task),
    Page("ledgers:task_template", "任务导入模板", bench=False),
    Page("ledgers:task_add", "新建任务", creates=Task, writes=True, bench=False),
    Page("ledgers:task_edit", "修改任务", model=Task, writes=True, bench=False, where=Q(parent__isnull=True)),
    Page("ledgers:task_split", "分解任务", model=Task, writes=True, bench=False),
    Page("ledgers:task_progress", "登记进展", model=Task, writes=True, get=False),
    Page("ledgers:task_import", "导入任务", creates=Task, writes=True, bench=False),
    Page("ledgers:task_file", "任务佐证材料", model=Task, where=ANY_EVIDENCE, bench=False,
         kwargs=lambda t: {"pk": t.pk, "evidence_pk": t.evidence.first().pk}),
    _task_step("done", "标记完成"),
    _task_step("reason", "无材料说明"),
    _task_step("accept", "认可说明"),
    Page("ledgers:responsibility_list", "责任清单"),
    Page("ledgers:responsibility_add", "新建责任", creates=ResponsibilityPost, writes=True,
         bench=False),
    Page("ledgers:responsibility_edit", "修改责任", model=ResponsibilityPost, writes=True, bench=False),
    Page("ledgers:letter_list", "目标责任书"),
    Page("ledgers:letter", "目标责任书详情", model=ResponsibilityLetter),
    Page("ledgers:letter_add", "新建目标责任书", creates=ResponsibilityLetter, writes=True,
         bench=False),
    Page("ledgers:letter_edit", "修改目标责任书", model=ResponsibilityLetter, writes=True, bench=False),
    Page("ledgers:letter_scan", "责任书扫描件", model=ResponsibilityLetter, where=Q(scan__isnull=False),
         bench=False),
    Page("ledgers:contact_list", "党建联系点"),
    Page("ledgers:contact_add", "新建联系点", creates=ContactPoint, writes=True, bench=False),
    Page("ledgers:contact_edit", "修改联系点", model=ContactPoint, writes=True, bench=False),
    Page("ledgers:visit_list", "走访记录"),
    Page("ledgers:visit", "走访详情", model=Visit),
    Page("ledgers:visit_add", "登记走访", creates=Visit, writes=True, bench=False),
    Page("ledgers:visit_edit", "修改走访", model=Visit, writes=True, bench=False),
    Page("ledgers:visit_photo", "走访照片", model=Visit, where=Q(photos__isnull=False), bench=False,
         kwargs=lambda v: {"pk": v.pk, "evidence_pk": v.photos.first().pk}),
    Page("ledgers:cadre_table", "干部走访情况"),
    Page("ledgers:two_new_table", "两新组织走访调研"),
    Page("ledgers:notice_list", "督办"),
    Page("ledgers:notice_reply", "回复督办", model=SupervisionNotice, writes=True, get=False),
    Page("api:problem-list", "API 问题", api=True),
    Page("api:problem-detail", "API 问题详情", model=Problem, api=True, writes=True),
    Page("api:task-list", "API 任务", api=True),
    Page("api:task-detail", "API 任务详情", model=Task, api=True, writes=True),
    Page("api:progressentry-list", "API 进展", api=True, bench=False),
    Page("api:progressentry-detail", "API 进展详情", model=ProgressEntry, api=True, bench=False),
    Page("api:responsibility-list", "API 责任", api=True, bench=False),
    Page("api:responsibility-detail", "API 责任详情", model=ResponsibilityPost, api=True, writes=True,
         bench=False),
    Page("api:visit-list", "API 走访", api=True, bench=False),
    Page("api:visit-detail", "API 走访详情", model=Visit, api=True, bench=False),
)

# The resident's "已解决吗？" on the phone (/p/, "civic"): only the resident asked may answer; anyone else 404.
register(
    Page("civic:feedback_list", "我的回访"),
    Page("civic:feedback", "回访：问题解决了吗", model=ProblemFeedback, where=Q(answered_at__isnull=True),
         writes=True, writers=SELF_ROLES, bench=False),  # timed as staff, who get 404 here (not theirs)
)
