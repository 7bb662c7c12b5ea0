"""Writes that matter in the three lists: problem workflow, task split and progress, evidence rule."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from dangjian.core.scope import grants, is_unrestricted

from .choices import OPEN_PROBLEM_STATUSES, ProblemStatus, Source
from .models import Problem, ProgressEntry, SupervisionNotice, Task

NEEDS_EVIDENCE = "须上传至少一份佐证材料，或提交无法提供材料的说明并经上级组织认可。"


def assigned_from_above(user, task) -> bool:
    """A community task split from a committee task is the committee's to change, not the community's."""
    return bool(task.parent_id) and not is_level_above(user, task.organization, Task.edit_roles)


def may_delete_problem(user, problem) -> bool:
    return problem.created_by_id == user.pk or is_level_above(user, problem.organization, Problem.edit_roles)


def is_level_above(user, org, roles) -> bool:
    """True if the user holds one of `roles` at an organization strictly above `org`."""
    return is_unrestricted(user) or any(
        org.path.startswith(g.path) and len(g.path) < len(org.path) and g.role in roles for g in grants(user)
    )


def close_notices(*, task=None, problem=None) -> None:
    """An item that leaves the overdue state (done, resolved, closed) closes its supervision notices."""
    qs = SupervisionNotice.objects.filter(closed_at__isnull=True)
    qs = qs.filter(task=task) if task is not None else qs.filter(problem=problem)
    qs.update(closed_at=timezone.now())


def _has_proof(obj) -> bool:
    return obj.evidence.exists() or bool(obj.no_evidence_reason and obj.reason_accepted_by_id)


# --- problems -------------------------------------------------------------------------------------


@transaction.atomic
def create_problem(user, organization, evidence=(), **data) -> Problem:
    problem = Problem(organization=organization, created_by=user, **data)
    if problem.responsible_org_id is None:
        problem.responsible_org = organization
    problem.full_clean()
    problem.save()
    if evidence:
        problem.evidence.add(*evidence)
    return problem


def _set_status(problem, expected, new, **fields):
    changed = Problem.objects.filter(pk=problem.pk, status__in=expected).update(status=new, **fields,
                                                                                 updated=timezone.now())
    if not changed:
        raise ValidationError(f"问题当前状态为“{problem.get_status_display()}”，不能进行此操作。")
    problem.refresh_from_db()
    if problem.status not in OPEN_PROBLEM_STATUSES:
        close_notices(problem=problem)
    return problem


@transaction.atomic
def start_rectifying(user, problem, measures: str = "") -> Problem:
    if measures:
        Problem.objects.filter(pk=problem.pk).update(measures=measures)
    return _set_status(problem, [ProblemStatus.OPEN], ProblemStatus.RECTIFYING)


@transaction.atomic
def resolve_problem(user, problem, resolution: str, evidence=()) -> Problem:
    """Resolved needs proof: a file, or a written reason the level above has accepted."""
    if not resolution.strip():
        raise ValidationError({"resolution": "请填写整改结果。"})
    if evidence:
        problem.evidence.add(*evidence)
    if not _has_proof(problem):
        raise ValidationError(NEEDS_EVIDENCE)
    Problem.objects.filter(pk=problem.pk).update(resolution=resolution)
    return _set_status(problem, OPEN_PROBLEM_STATUSES, ProblemStatus.RESOLVED, resolved_on=timezone.localdate())


@transaction.atomic
def verify_problem(user, problem, accept: bool) -> Problem:
    """Verification (验收) is done by the level above the problem's organization."""
    if not is_level_above(user, problem.organization, Problem.edit_roles):
        raise PermissionDenied("问题整改须由上级组织验收。")
    if accept:
        return _set_status(problem, [ProblemStatus.RESOLVED], ProblemStatus.VERIFIED, verified_by=user,
                           verified_on=timezone.localdate())
    return _set_status(problem, [ProblemStatus.RESOLVED], ProblemStatus.RECTIFYING, resolved_on=None)


@transaction.atomic
def close_problem(user, problem, reason: str) -> Problem:
    """Closing without rectifying is a judgment for the level above, like verification."""
    if not is_level_above(user, problem.organization, Problem.edit_roles):
        raise PermissionDenied("关闭问题须由上级组织决定。")
    if not reason.strip():
        raise ValidationError({"closed_reason": "请填写关闭原因。"})
    return _set_status(problem, OPEN_PROBLEM_STATUSES, ProblemStatus.CLOSED, closed_reason=reason[:200])


def submit_reason(user, obj, reason: str):
    """Explain why no evidence file exists; the level above then accepts (or not) the reason."""
    if len(reason.strip()) < 4:
        raise ValidationError({"no_evidence_reason": "请写明无法提供佐证材料的原因。"})
    type(obj).objects.filter(pk=obj.pk).update(no_evidence_reason=reason[:200], reason_accepted_by=None)
    obj.refresh_from_db()
    return obj


def accept_reason(user, obj):
    if not obj.no_evidence_reason:
        raise ValidationError("没有待认可的说明。")
    if not is_level_above(user, obj.organization, type(obj).edit_roles):
        raise PermissionDenied("无佐证材料的说明须由上级组织认可。")
    type(obj).objects.filter(pk=obj.pk).update(reason_accepted_by=user)
    obj.refresh_from_db()
    return obj


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
    if parent.parent_id:
        raise ValidationError("社区任务不能再分解。")
    if Task.objects.filter(parent=parent).exists():
        raise ValidationError("该任务已分解；如需调整，请修改或删除已分解的社区任务。")
    orgs = [org.pk for org, *_ in allocations]
    if len(orgs) != len(set(orgs)):
        raise ValidationError("同一社区不能重复分解。")
    children = []
    for org, target, deadline, weight in allocations:
        children.append(create_task(user, org, parent=parent, title=parent.title, category=parent.category,
                                    target_value=target, target_unit=parent.target_unit, measures=parent.measures,
                                    deadline=deadline or parent.deadline, weight=weight or Decimal(1)))
    return children


@transaction.atomic
def add_progress(user, task, date, note, value=None, percent=None, evidence=()) -> ProgressEntry:
    """Append a progress entry; the percent comes from the value and the target when both exist."""
    if task.children.exists():
        raise ValidationError("已分解的任务由各社区任务的进展汇总，请在社区任务中登记进展。")
    if date > timezone.localdate():
        raise ValidationError({"date": "日期不能晚于今天。"})
    if not note.strip():
        raise ValidationError({"note": "请填写进展说明。"})
    if value is not None and task.target_value:
        percent = min(Decimal(100), (Decimal(value) / task.target_value * 100).quantize(Decimal("0.1")))
    if percent is None:
        raise ValidationError({"percent": "请填写完成值或完成进度。"})
    if not Decimal(0) <= Decimal(percent) <= Decimal(100):
        raise ValidationError({"percent": "完成进度应在 0 到 100 之间。"})
    entry = ProgressEntry.objects.create(task=task, date=date, value=value, percent=percent, note=note,
                                         created_by=user)
    if evidence:
        entry.evidence.add(*evidence)
        task.evidence.add(*evidence)
    return entry


@transaction.atomic
def mark_task_done(user, task, on=None, evidence=()) -> Task:
    if task.done_on:
        raise ValidationError("该任务已标记完成。")
    if task.children.exists():
        raise ValidationError("已分解的任务按各社区任务汇总，社区任务全部完成即完成，无需单独标记。")
    if evidence:
        task.evidence.add(*evidence)
    if not _has_proof(task):
        raise ValidationError(NEEDS_EVIDENCE)
    changed = Task.objects.filter(pk=task.pk, done_on__isnull=True).update(done_on=on or timezone.localdate())
    if not changed:
        raise ValidationError("该任务已标记完成。")
    task.refresh_from_db()
    close_notices(task=task)
    return task


def problem_from_visit(user, visit, title, category, description="") -> Problem:
    return create_problem(user, visit.organization, title=title, category=category, description=description,
                          source=Source.VISIT, source_visit=visit, found_on=visit.date)
