"""Co-building steps: a need matched to a partner's resource becomes a project, which is started and
finished with its outcome; an agreement may be ended before its term.

Each step is a `transition` (or a `record` on the need it matched), so the history names who did it;
each has a `may_<action>` predicate that the pages use for their buttons and the action enforces.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from dangjian.core.workflow import Refused, record, transition

from .models import CoBuildAgreement, Need, Project, ProjectStatus, Resource


def may_change(user, obj) -> bool:
    """Whether the user may change this row (its model's writing reach); cached on the object."""
    cached = getattr(obj, "_managed_by", None)
    if cached is None or cached[0] != user.pk:
        obj._managed_by = (user.pk, type(obj).objects.editable_by(user).filter(pk=obj.pk).exists())
    return obj._managed_by[1]


def mark_managed(user, objects) -> list:
    """Answer "may the user change these rows" for a whole list in one query (lists show a button per row)."""
    objects = list(objects)
    if objects:
        model = type(objects[0])
        managed = set(model.objects.editable_by(user).filter(pk__in=[o.pk for o in objects])
                      .values_list("pk", flat=True))
        for obj in objects:
            obj._managed_by = (user.pk, obj.pk in managed)
    return objects


def with_matched(needs):
    """Needs annotated with whether a project already answers them (read by `is_matched`)."""
    return needs.annotate(matched=Exists(Project.objects.filter(need=OuterRef("pk"))))


def is_matched(need) -> bool:
    matched = getattr(need, "matched", None)
    return need.projects.exists() if matched is None else matched


# --- needs and projects ---------------------------------------------------------------------------


def may_match(user, need) -> bool:
    return not is_matched(need) and may_change(user, need)


def may_start_project(user, project) -> bool:
    return project.status == ProjectStatus.PLANNED and may_change(user, project)


def may_finish_project(user, project) -> bool:
    return project.status == ProjectStatus.RUNNING and may_change(user, project)


@transaction.atomic
def match_need(user, need, resource, title: str = "") -> Project:
    """A need met by a partner's resource becomes a planned project of the need's community."""
    if not may_change(user, need):
        raise Refused.forbidden("您的角色不能对接该需求。")
    if resource is None or not Resource.objects.visible_to(user).filter(pk=resource.pk).exists():
        raise Refused({"resource": "请选择要对接的资源。"})
    need = Need.objects.select_for_update().get(pk=need.pk)  # two people matching at once: one wins
    taken = need.projects.first()
    if taken is not None:
        raise Refused.conflict(f"该需求已对接项目“{taken.title}”。")
    project = Project(organization=need.organization, title=(title or "").strip()[:200] or need.title,
                      need=need, resource=resource)
    try:
        project.full_clean()
    except ValidationError as exc:
        raise Refused(exc.message_dict) from None
    project.save()
    record(need, actor=user, changes={"project": ("", project.title)}, step="对接资源",
           reason=f"对接资源：{resource}")
    return project


def start_project(user, project) -> Project:
    if not may_change(user, project):
        raise Refused.forbidden("您的角色不能办理该项目。")
    return transition(project, when={"status": ProjectStatus.PLANNED}, to={"status": ProjectStatus.RUNNING},
                      actor=user, step="开始实施", refusal="该项目当前为“{state}”，不能开始实施。")


def finish_project(user, project, outcome: str) -> Project:
    """Done with what it achieved: the outcome is what the annual report quotes."""
    if not may_change(user, project):
        raise Refused.forbidden("您的角色不能办理该项目。")
    outcome = (outcome or "").strip()
    if not outcome:
        raise Refused({"outcome": "请填写项目成效。"})
    return transition(project, when={"status": ProjectStatus.RUNNING},
                      to={"status": ProjectStatus.DONE, "outcome": outcome}, actor=user, step="完成",
                      reason=outcome, refusal="该项目当前为“{state}”，不能标记完成。")


# --- agreements -----------------------------------------------------------------------------------


def in_force(agreement, today=None) -> bool:
    today = today or timezone.localdate()
    return agreement.start <= today <= agreement.end


def may_end_agreement(user, agreement) -> bool:
    today = timezone.localdate()
    return agreement.start <= today < agreement.end and may_change(user, agreement)


def end_agreement(user, agreement, reason: str) -> CoBuildAgreement:
    """End an agreement in force today, before its term: the unit no longer counts from tomorrow."""
    if not may_change(user, agreement):
        raise Refused.forbidden("您的角色不能终止该共建协议。")
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise Refused({"reason": "终止共建协议须写明原因（至少4个字）。"})
    today = timezone.localdate()
    return transition(agreement, when={"start__lte": today, "end__gt": today}, to={"end": today}, actor=user,
                      step="终止协议", reason=reason, refusal="该协议已不在有效期内，无需终止。")
