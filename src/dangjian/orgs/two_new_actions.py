"""Writes to the 双培四联三帮带 records (two_new.py), and who may make them.

One predicate per action, used both for the page's button and for the refusal here:
- `may_edit_two_new`: the two-new organization's secretary, or the community or street above it — and, for a
  pairing, only while it is ongoing: once its outcome is recorded, the figures of past years count it
  (two_new_cultivated_*), so changing its person, direction or start would rewrite them without a step;
- `may_conclude_cultivation`: the same people, for an ongoing pairing.
"""

from django.db import transaction
from django.utils import timezone

from dangjian.core.scope import holds
from dangjian.core.workflow import Refused, transition

from .choices import CultivationStatus
from .two_new import EDIT_ROLES, Cultivation

CONCLUDED = "该结对已登记培养结果（{outcome}），不能再修改。"


def manages_two_new(user, record) -> bool:
    """Holds an edit role at the record's two-new organization or above it."""
    return holds(user, record.organization, EDIT_ROLES)


def concluded(record) -> bool:
    """A pairing with its outcome recorded (the other two kinds of record never conclude)."""
    return isinstance(record, Cultivation) and record.status != CultivationStatus.ONGOING


def may_edit_two_new(user, record) -> bool:
    return manages_two_new(user, record) and not concluded(record)


def require_edit_two_new(user, record) -> None:
    """Refuse a change `may_edit_two_new` denies: 409 for a concluded pairing (its state, not the role),
    else 403."""
    if may_edit_two_new(user, record):
        return
    if manages_two_new(user, record):
        raise Refused.conflict(CONCLUDED.format(outcome=record.outcome_label))
    raise Refused.forbidden("您的角色不能修改此记录。")


@transaction.atomic
def save_two_new_record(user, record):
    """Create or change a pairing, a link activity or a help (the form has set its fields)."""
    if record.pk is not None:
        # As stored, not as the form left it: the form never sets a pairing's status.
        current = type(record).objects.select_for_update().select_related("organization").get(pk=record.pk)
        require_edit_two_new(user, current)
    if record.organization_id and not manages_two_new(user, record):
        raise Refused({"organization": "只能登记您所管理的“两新”组织的记录。"})
    if record.pk is None:
        record.created_by = user if getattr(user, "is_authenticated", False) else None
    record.full_clean()
    record.save()
    return record


def may_conclude_cultivation(user, cultivation) -> bool:
    return cultivation.status == CultivationStatus.ONGOING and manages_two_new(user, cultivation)


@transaction.atomic
def conclude_cultivation(user, cultivation, status, on, outcome: str = ""):
    """Record how a pairing ended: the person became a member (or a backbone), or the pairing stopped."""
    if not manages_two_new(user, cultivation):
        raise Refused.forbidden("您的角色不能登记此结对的培养结果。")
    if status not in (CultivationStatus.ACHIEVED, CultivationStatus.ENDED):
        raise Refused({"status": "请选择培养结果。"})
    if on is None:
        raise Refused({"on": "请填写结果日期。"})
    if on < cultivation.start:
        raise Refused({"on": "结果日期不能早于结对日期。"})
    if on > timezone.localdate():
        raise Refused({"on": "结果日期不能晚于今天。"})
    if status == CultivationStatus.ENDED and not outcome.strip():
        raise Refused({"outcome": "中止培养须说明原因。"})
    # The state is checked in the UPDATE itself: a second outcome (or one racing an edit) is refused with 409.
    return transition(cultivation, when={"status": CultivationStatus.ONGOING},
                      to={"status": status, "outcome_on": on, "outcome": outcome.strip()[:200]}, actor=user,
                      refusal="该结对已登记培养结果（{state}）。", step="登记培养结果", reason=outcome)
