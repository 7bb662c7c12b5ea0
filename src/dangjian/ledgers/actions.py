"""Writes that matter in the three lists: problem workflow, task split and progress, evidence rule.

Each step has one predicate `may_<step>(user, item)`: the detail pages show a button only where it
holds, and the step enforces it. Every state change goes through `core.workflow.transition`, so the
history of a problem reads 登记 → 开始整改 → 标记已整改 → 验收, each with who did it.
"""

from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from dangjian.core.forms import store_evidence
from dangjian.core.scope import acts_above
from dangjian.core.workflow import Refused, transition

from .choices import OPEN_PROBLEM_STATUSES, ProblemStatus, Severity, Source
from .models import DeadlineRule, Problem, ProblemFeedback, ProgressEntry, SupervisionNotice, Task

NEEDS_EVIDENCE = "须上传至少一份佐证材料，或提交无法提供材料的说明并经上级组织认可。"
PROBLEM_MOVED = "问题当前状态为“{state}”，不能进行此操作，请刷新页面后查看。"


# --- who may do what ------------------------------------------------------------------------------


def _edits(user, item) -> bool:
    return type(item).all_objects.editable_by(user).filter(pk=item.pk).exists()


def may_change_problem(user, problem) -> bool:
    """Rectify, resolve, explain: the problem's own organization (or above) while it is open."""
    return problem.status in OPEN_PROBLEM_STATUSES and _edits(user, problem)


def may_verify_problem(user, problem) -> bool:
    """Verification (验收) is done by the level above the problem's organization."""
    return problem.status == ProblemStatus.RESOLVED and acts_above(user, problem.organization, Problem.edit_roles)


def may_close_problem(user, problem) -> bool:
    """Closing without rectifying is a judgment for the level above, like verification."""
    return problem.status in OPEN_PROBLEM_STATUSES and acts_above(user, problem.organization, Problem.edit_roles)


def may_ask_to_close(user, problem) -> bool:
    """The organization itself cannot close its problem, but may ask the level above to (with a reason)."""
    return (problem.close_requested_at is None and may_change_problem(user, problem)
            and not may_close_problem(user, problem))


def may_accept_reason(user, item) -> bool:
    return bool(item.no_evidence_reason and not item.reason_accepted_by_id) and acts_above(
        user, item.organization, type(item).edit_roles)


def may_delete_problem(user, problem) -> bool:
    return problem.created_by_id == user.pk or acts_above(user, problem.organization, Problem.edit_roles)


def assigned_from_above(user, task) -> bool:
    """A community task split from a committee task is the committee's to change, not the community's."""
    return bool(task.parent_id) and not acts_above(user, task.organization, Task.edit_roles)


def may_edit_task(user, task) -> bool:
    return _edits(user, task) and not assigned_from_above(user, task)


def may_report_task(user, task) -> bool:
    """Progress, completion and the no-evidence reason: the task's organization, for work not split further."""
    return task.done_on is None and _edits(user, task) and not task.children.exists()


def may_split_task(user, task) -> bool:
    return not task.parent_id and not task.children.exists() and _edits(user, task)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise Refused.forbidden(message)


def _has_proof(obj) -> bool:
    return obj.evidence.exists() or bool(obj.no_evidence_reason and obj.reason_accepted_by_id)


def _attach(user, item, uploads, relation="evidence"):
    """Store uploads as evidence of `item`, inside the caller's step (a refused step keeps no file)."""
    if uploads:
        getattr(item, relation).add(*store_evidence(uploads, item.organization, user))


def close_notices(user, *, task=None, problem=None) -> None:
    """An item that leaves the overdue state (done, resolved, closed) closes its supervision notices."""
    notices = SupervisionNotice.objects.filter(closed_at__isnull=True)
    notices = notices.filter(task=task) if task is not None else notices.filter(problem=problem)
    for notice in notices:
        transition(notice, when={"closed_at__isnull": True}, to={"closed_at": timezone.now()}, actor=user,
                   refusal="该督办已办结。", step="办结")


# --- problems -------------------------------------------------------------------------------------


@transaction.atomic
def create_problem(user, organization, evidence=(), uploads=(), urgent=False, **data) -> Problem:
    """Register a problem, from whatever source (the form, a visit, a 社情民意 report, the API).

    What is not given is filled so that the problem can be chased: the responsible organization is the
    problem's own, the responsible person that organization's secretary on record, and the deadline
    comes from the street's rule (`DeadlineRule`) — shorter when the problem is urgent (程度“严重”, or
    `urgent` for a report marked 紧急) — counted from the day it is registered, so a problem entered
    late still gets its full time.
    """
    problem = Problem(organization=organization, created_by=user, **data)
    if problem.responsible_org_id is None:
        problem.responsible_org = organization
    if problem.responsible_person_id is None:
        problem.responsible_person_id = problem.responsible_org.secretary_id
    if problem.deadline is None:
        registered = max(problem.found_on or timezone.localdate(), timezone.localdate())
        urgent = urgent or problem.severity == Severity.CRITICAL
        problem.deadline = DeadlineRule.for_organization(organization).deadline(registered, urgent)
    problem.full_clean()
    problem.save()
    if evidence:
        problem.evidence.add(*evidence)
    _attach(user, problem, uploads)
    return problem


def _move(user, problem, expected, new, step, reason="", **fields) -> Problem:
    problem = transition(problem, when=Q(status__in=list(expected)), to={"status": new, **fields}, actor=user,
                         refusal=PROBLEM_MOVED, step=step, reason=reason)
    if problem.status not in OPEN_PROBLEM_STATUSES:
        close_notices(user, problem=problem)
    return problem


@transaction.atomic
def start_rectifying(user, problem, measures: str = "") -> Problem:
    _require(may_change_problem(user, problem), "只有问题所属组织可以开始整改。")
    extra = {"measures": measures.strip()} if measures.strip() else {}
    return _move(user, problem, [ProblemStatus.OPEN], ProblemStatus.RECTIFYING, "开始整改", **extra)


@transaction.atomic
def resolve_problem(user, problem, resolution: str, evidence=(), uploads=()) -> Problem:
    """Resolved needs proof: a file, or a written reason the level above has accepted."""
    _require(may_change_problem(user, problem), "只有问题所属组织可以登记整改结果。")
    if not resolution.strip():
        raise Refused({"resolution": "请填写整改结果。"})
    if evidence:
        problem.evidence.add(*evidence)
    _attach(user, problem, uploads)
    if not _has_proof(problem):
        raise Refused(NEEDS_EVIDENCE)
    problem = _move(user, problem, OPEN_PROBLEM_STATUSES, ProblemStatus.RESOLVED, "标记已整改",
                    resolution=resolution.strip(), resolved_on=timezone.localdate())
    ask_resident(problem)
    return problem


@transaction.atomic
def verify_problem(user, problem, accept: bool, reason: str = "") -> Problem:
    _require(acts_above(user, problem.organization, Problem.edit_roles), "问题整改须由上级组织验收。")
    if accept:
        return _move(user, problem, [ProblemStatus.RESOLVED], ProblemStatus.VERIFIED, "验收通过",
                     verified_by=user, verified_on=timezone.localdate())
    return _move(user, problem, [ProblemStatus.RESOLVED], ProblemStatus.RECTIFYING, "退回整改", reason,
                 resolved_on=None)


@transaction.atomic
def close_problem(user, problem, reason: str) -> Problem:
    _require(acts_above(user, problem.organization, Problem.edit_roles), "关闭问题须由上级组织决定。")
    if not reason.strip():
        raise Refused({"closed_reason": "请填写关闭原因。"})
    return _move(user, problem, OPEN_PROBLEM_STATUSES, ProblemStatus.CLOSED, "关闭", reason.strip(),
                 closed_reason=reason.strip()[:200], close_requested_at=None)


def request_close(user, problem, reason: str) -> Problem:
    """Ask the level above to close a problem that is not ours to settle: it waits in their to-do list
    (and they are notified) until they close it or decline."""
    from dangjian.core.notify import notify
    from dangjian.orgs.models import RoleAssignment

    _require(may_ask_to_close(user, problem), "只有问题所属组织可以申请关闭。")
    if len(reason.strip()) < 4:
        raise Refused({"closed_reason": "请写明申请关闭的原因。"})
    problem = transition(problem, when=Q(status__in=list(OPEN_PROBLEM_STATUSES), close_requested_at__isnull=True),
                         to={"close_requested_at": timezone.now(), "close_request_reason": reason.strip()[:200]},
                         actor=user, refusal="已申请关闭，请等待上级组织决定。", step="申请关闭", reason=reason)
    above = RoleAssignment.objects.filter(role__in=Problem.edit_roles,
                                          organization__path__in=problem.organization.ancestor_paths())
    for a in above.select_related("user"):
        if a.is_current:
            notify(a.user, f"close-request:{problem.pk}:{problem.close_requested_at:%Y%m%d%H%M%S}",
                   f"申请关闭问题：{problem.title}", f"{problem.organization.name}：{reason.strip()[:150]}",
                   problem.get_absolute_url(), "supervision")
    return problem


def may_decline_close(user, problem) -> bool:
    return problem.close_requested_at is not None and may_close_problem(user, problem)


def decline_close(user, problem, reason: str) -> Problem:
    """The level above keeps the problem open: the request is answered, with why, and the work goes on."""
    _require(acts_above(user, problem.organization, Problem.edit_roles), "关闭申请须由上级组织答复。")
    if len(reason.strip()) < 4:
        raise Refused({"reason": "请写明不同意关闭的原因。"})
    return transition(problem, when={"close_requested_at__isnull": False},
                      to={"close_requested_at": None, "close_request_reason": ""}, actor=user,
                      refusal="该关闭申请已处理。", step="不同意关闭", reason=reason)


def submit_reason(user, item, reason: str):
    """Explain why no evidence file exists; the level above then accepts (or not) the reason."""
    _require(_edits(user, item), "只有所属组织可以提交说明。")
    if len(reason.strip()) < 4:
        raise Refused({"no_evidence_reason": "请写明无法提供佐证材料的原因。"})
    return transition(item, when={}, to={"no_evidence_reason": reason.strip()[:200], "reason_accepted_by": None},
                      actor=user, refusal="该记录已不存在。", step="提交无材料说明")


def accept_reason(user, item):
    _require(acts_above(user, item.organization, type(item).edit_roles), "无佐证材料的说明须由上级组织认可。")
    if not item.no_evidence_reason:
        raise Refused("没有待认可的说明。")
    return transition(item, when={"no_evidence_reason": item.no_evidence_reason, "reason_accepted_by": None},
                      to={"reason_accepted_by": user}, actor=user, refusal="该说明已被认可或已修改，请刷新页面。",
                      step="认可无材料说明")


# --- the resident's answer (回访) ------------------------------------------------------------------

RATINGS = range(1, 6)
REOPENED_STEP = "居民反馈未解决，转上一级办理"


def ask_resident(problem) -> ProblemFeedback | None:
    """A problem a resident raised was resolved: ask them, on their phone, whether it is fixed."""
    from dangjian.core.notify import notify

    if not problem.raised_by_id:
        return None
    # Sent back and resolved again: the question still unanswered is asked again, never a second one beside it
    # (two answers would count twice in the satisfaction rate, and an old "未解决" would undo the new resolution).
    waiting = ProblemFeedback.objects.filter(problem=problem, answered_at__isnull=True).first()
    if waiting is not None:
        ProblemFeedback.objects.filter(pk=waiting.pk).update(asked_on=timezone.localdate())
        notify(problem.raised_by, f"feedback:{waiting.pk}:{timezone.localdate():%Y%m%d}",
               "您反映的问题已再次办理，请告诉我们是否解决",
               f"“{problem.title}”已整改：{problem.resolution[:150]}", waiting.get_absolute_url(), "feedback")
        return waiting
    feedback = ProblemFeedback.objects.create(
        problem=problem, resident_id=problem.raised_by_id, asked_on=timezone.localdate(),
        community=problem.raised_in or problem.organization.community() or problem.organization)
    notify(problem.raised_by, f"feedback:{feedback.pk}", "您反映的问题已办理，请告诉我们是否解决",
           f"“{problem.title}”已整改：{problem.resolution[:150]}", feedback.get_absolute_url(), "feedback")
    return feedback


def may_answer_feedback(user, feedback) -> bool:
    return feedback.answered_at is None and feedback.resident_id is not None and feedback.resident_id == user.pk


@transaction.atomic
def answer_feedback(user, feedback, fixed, rating, comment: str = "") -> ProblemFeedback:
    """The resident says whether it is fixed, with a 1–5 rating. "未解决" reopens the problem to the level
    above (`parent_org`) — unless it is no longer resolved (already sent back to work on it)."""
    if feedback.resident_id is None or feedback.resident_id != user.pk:
        raise Refused.absent()
    errors = {}
    if fixed not in (True, False):
        errors["fixed"] = "请选择问题是否已解决。"
    if rating not in RATINGS:
        errors["rating"] = "请为办理情况打分（1到5分）。"
    comment = (comment or "").strip()
    if fixed is False and len(comment) < 2:
        errors["comment"] = "请简单说明还有什么没有解决。"
    if errors:
        raise Refused(errors)
    feedback = transition(feedback, when={"answered_at__isnull": True},
                          to={"answered_at": timezone.now(), "fixed": fixed, "rating": rating,
                              "comment": comment[:500]},
                          actor=user, step="居民答复", reason=comment, refusal="您已经答复过这个问题，谢谢！")
    feedback.reopened = (not fixed) and reopen_above(user, feedback.problem, comment) is not None
    return feedback


def reopen_above(user, problem, reason: str) -> Problem:
    """Hand the problem to the level above its organization, open again with a fresh deadline, and tell
    that level's staff. A problem already at the top stays where it is, reopened. None when the problem is no
    longer resolved (already sent back to work on it): nothing moves."""
    from dangjian.core.notify import notify
    from dangjian.orgs.models import RoleAssignment

    problem.refresh_from_db()
    if problem.status not in (ProblemStatus.RESOLVED, ProblemStatus.VERIFIED):
        return None  # already back in the works: the answer is kept with the problem
    above = problem.organization.parent_org() or problem.organization
    deadline = DeadlineRule.for_organization(above).deadline(timezone.localdate(), False)
    problem = _move(user, problem, [ProblemStatus.RESOLVED, ProblemStatus.VERIFIED], ProblemStatus.OPEN,
                    REOPENED_STEP, f"居民反馈未解决：{reason}", organization=above, responsible_org=above,
                    responsible_person=above.secretary, resolved_on=None, verified_by=None, verified_on=None,
                    deadline=deadline)
    for a in RoleAssignment.objects.filter(role__in=Problem.edit_roles, organization=above).select_related("user"):
        if a.is_current:
            notify(a.user, f"reopened:{problem.pk}:{timezone.now():%Y%m%d%H%M%S}", f"居民反馈未解决：{problem.title}",
                   f"已转{above.name}办理。居民意见：{reason[:150]}", problem.get_absolute_url(), "supervision")
    return problem


# --- tasks ----------------------------------------------------------------------------------------


@transaction.atomic
def create_task(user, organization, parent=None, **data) -> Task:
    task = Task(organization=organization, parent=parent, created_by=user, **data)
    if parent is not None:
        task.year = parent.year
        task.category = task.category or parent.category
    task.full_clean()
    task.save()
    return task


@transaction.atomic
def split_task(user, parent, allocations) -> list[Task]:
    """Split a committee task into community tasks: [(organization, target_value, deadline, weight)]."""
    _require(_edits(user, parent), "只有任务所属组织可以分解任务。")
    if parent.parent_id:
        raise Refused("社区任务不能再分解。")
    if Task.objects.filter(parent=parent).exists():
        raise Refused("该任务已分解；如需调整，请修改或删除已分解的社区任务。")
    orgs = [org.pk for org, *_ in allocations]
    if len(orgs) != len(set(orgs)):
        raise Refused("同一社区不能重复分解。")
    children = []
    for org, target, deadline, weight in allocations:
        children.append(create_task(user, org, parent=parent, title=parent.title, category=parent.category,
                                    target_value=target, target_unit=parent.target_unit, measures=parent.measures,
                                    deadline=deadline or parent.deadline, weight=weight or Decimal(1)))
    return children


@transaction.atomic
def add_progress(user, task, date, note, value=None, percent=None, evidence=(), uploads=()) -> ProgressEntry:
    """Append a progress entry; the percent comes from the value and the target when both exist."""
    _require(_edits(user, task), "只有任务所属组织可以登记进展。")
    if task.children.exists():
        raise Refused("已分解的任务由各社区任务的进展汇总，请在社区任务中登记进展。")
    if date > timezone.localdate():
        raise Refused({"date": "日期不能晚于今天。"})
    if not note.strip():
        raise Refused({"note": "请填写进展说明。"})
    if value is not None and task.target_value:
        percent = min(Decimal(100), (Decimal(value) / task.target_value * 100).quantize(Decimal("0.1")))
    if percent is None:
        raise Refused({"percent": "请填写完成值或完成进度。"})
    if not Decimal(0) <= Decimal(percent) <= Decimal(100):
        raise Refused({"percent": "完成进度应在 0 到 100 之间。"})
    entry = ProgressEntry.objects.create(task=task, date=date, value=value, percent=percent, note=note,
                                         created_by=user)
    files = list(evidence) + (store_evidence(uploads, task.organization, user) if uploads else [])
    if files:
        entry.evidence.add(*files)
        task.evidence.add(*files)
    return entry


@transaction.atomic
def mark_task_done(user, task, on=None, evidence=(), uploads=()) -> Task:
    _require(_edits(user, task), "只有任务所属组织可以标记完成。")
    if task.done_on:
        raise Refused.conflict("该任务已标记完成。")
    if task.children.exists():
        raise Refused("已分解的任务按各社区任务汇总，社区任务全部完成即完成，无需单独标记。")
    if evidence:
        task.evidence.add(*evidence)
    _attach(user, task, uploads)
    if not _has_proof(task):
        raise Refused(NEEDS_EVIDENCE)
    task = transition(task, when={"done_on__isnull": True}, to={"done_on": on or timezone.localdate()}, actor=user,
                      refusal="该任务已标记完成。", step="标记完成")
    close_notices(user, task=task)
    return task


def problem_from_visit(user, visit, title, category, description="") -> Problem:
    return create_problem(user, visit.organization, title=title, category=category, description=description,
                          source=Source.VISIT, source_visit=visit, found_on=visit.date)


# --- supervision notices --------------------------------------------------------------------------


def reply_notice(user, notice, reply: str) -> SupervisionNotice:
    """The recipient answers a supervision notice (what was done, or why it is late)."""
    if notice.recipient_id != user.pk:
        raise Refused.absent()
    if not reply.strip():
        raise Refused({"reply": "请填写回复内容。"})
    return transition(notice, when={}, to={"reply": reply.strip()[:2000], "replied_at": timezone.now()},
                      actor=user, refusal="该督办已不存在。", step="回复督办")


def may_reply_notice(user, notice) -> bool:
    return notice.recipient_id == user.pk

