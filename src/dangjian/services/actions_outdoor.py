"""Writes of 流动居委会 / 站岗式服务: the matters residents bring to staff on the street, and turning one into a
problem of the community's list (问题清单) or a micro-wish — each a step in the matter's history.

Of two clicks turning the same matter, the transition's conditional UPDATE lets one through; the other's
problem (or wish) is rolled back with it, so a matter never leaves two problems behind.
"""

from django.db import transaction
from django.utils import timezone

from dangjian.core.scope import holds
from dangjian.core.workflow import Refused, transition

from .actions import _require
from .models import MatterStatus, OutdoorMatter, OutdoorSession

MATTER_MOVED = "该事项当前为“{state}”，不能再转办。"


def may_manage_outdoor(user, session) -> bool:
    """Matters are logged, and turned, by the staff of the session's community (or above)."""
    return holds(user, session.organization, OutdoorSession.edit_roles)


def add_matter(user, session, content, resident_name="", handling="", settled=False) -> OutdoorMatter:
    _require(may_manage_outdoor(user, session), "只有流动服务所在社区可以登记事项。")
    if not (content or "").strip():
        raise Refused({"content": "请填写居民反映的事项。"})
    if session.starts_at > timezone.now():
        raise Refused("流动服务尚未开始，不能登记事项。")
    if settled and not (handling or "").strip():
        raise Refused({"handling": "当场办结的事项请写明办理情况。"})
    return OutdoorMatter.objects.create(session=session, content=content.strip()[:200],
                                        resident_name=(resident_name or "").strip()[:50],
                                        handling=(handling or "").strip()[:200], created_by=user,
                                        status=MatterStatus.SETTLED if settled else MatterStatus.OPEN)


def may_turn(user, matter) -> bool:
    """An open matter becomes a problem or a wish (one of the two, once)."""
    return matter.status == MatterStatus.OPEN and may_manage_outdoor(user, matter.session)


@transaction.atomic
def to_problem(user, matter):
    """The matter becomes a problem of the community's list (source 群众反映), found on the session's day."""
    from dangjian.ledgers.actions import create_problem
    from dangjian.ledgers.choices import Category, Source

    _require(may_manage_outdoor(user, matter.session), "只有流动服务所在社区可以转办事项。")
    session = matter.session
    who = f"（反映人：{matter.resident_name}）" if matter.resident_name else ""
    problem = create_problem(user, session.organization, title=matter.content[:200], category=Category.SERVICE,
                             source=Source.MASSES, found_on=timezone.localtime(session.starts_at).date(),
                             description=f"{session.get_kind_display()}（{session.place}）收集{who}")
    transition(matter, when={"status": MatterStatus.OPEN}, to={"status": MatterStatus.PROBLEM, "problem": problem},
               actor=user, refusal=MATTER_MOVED, step="转入问题清单")
    return problem


@transaction.atomic
def to_wish(user, matter, resident, category):
    """The matter becomes a wish entered for the resident (a person of the community), waiting for review."""
    from .actions import submit_wish

    _require(may_manage_outdoor(user, matter.session), "只有流动服务所在社区可以转办事项。")
    if resident is None:
        raise Refused({"resident": "请选择许愿的居民。"})
    wish = submit_wish(user, matter.session.organization, resident, matter.content, category)
    transition(matter, when={"status": MatterStatus.OPEN}, to={"status": MatterStatus.WISH, "wish": wish},
               actor=user, refusal=MATTER_MOVED, step="转为微心愿")
    return wish
