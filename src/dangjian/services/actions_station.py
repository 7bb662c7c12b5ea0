"""Writes of the 红色志愿者驿站: its duty roster and its service log (the actions of services, kept beside
`actions.py` so neither grows past a screenful of steps).

A volunteer is never on two overlapping turns, at one station or two: the volunteer's row is locked while
the roster is checked, so two staff entering turns at once cannot both place them. A logged service is
entered by the station's staff, who saw it given: its hours count at once (`actions.volunteer_hours`), and a
party member earns the volunteer-service points for it, as for confirmed activity hours.
"""

from django.db import transaction
from django.utils import timezone

from dangjian.core.scope import holds
from dangjian.core.workflow import Refused

from .actions import _hours, _require
from .models import Station, StationDuty, StationService, Volunteer


def may_manage_station(user, station) -> bool:
    """Roster and log are kept by the staff of the station's organization (or above)."""
    return holds(user, station.organization, Station.edit_roles)


def _in_reach(user, volunteer) -> None:
    if volunteer is None or not Volunteer.objects.visible_to(user).filter(pk=volunteer.pk).exists():
        raise Refused({"volunteer": "请选择您管理范围内的志愿者。"})


@transaction.atomic
def add_duty(user, station, volunteer, date, starts, ends) -> StationDuty:
    _require(may_manage_station(user, station), "只有驿站所在组织可以排班。")
    _in_reach(user, volunteer)
    if not (starts and ends) or ends <= starts:
        raise Refused({"ends": "结束时间应晚于开始时间。"})
    Volunteer.objects.select_for_update().filter(pk=volunteer.pk).first()  # one roster check at a time per person
    clash = (StationDuty.objects.filter(volunteer=volunteer, date=date, starts__lt=ends, ends__gt=starts)
             .select_related("station").first())
    if clash is not None:
        raise Refused.conflict({"volunteer": f"{volunteer}在{date:%m月%d日}已排{clash.station}"
                                             f" {clash.starts:%H:%M}—{clash.ends:%H:%M} 的班，时间重叠。"})
    return StationDuty.objects.create(station=station, volunteer=volunteer, date=date, starts=starts, ends=ends,
                                      created_by=user)


@transaction.atomic
def log_service(user, station, volunteer, content, starts_at, ends_at, recipient="", resident_file=None):
    """A service given at the station: who served, whom (a name, or a resident file the user may open), what."""
    from dangjian.care.models import ResidentFile
    from dangjian.members.actions import award_points
    from dangjian.members.models import PartyMember

    _require(may_manage_station(user, station), "只有驿站所在组织可以登记服务记录。")
    _in_reach(user, volunteer)
    recipient = (recipient or "").strip()[:50]
    if resident_file is not None and not ResidentFile.objects.visible_to(user).filter(pk=resident_file.pk).exists():
        raise Refused({"resident_file": "请选择您可以查看的民情档案。"})
    if not recipient and resident_file is None:
        raise Refused({"recipient": "请填写服务对象，或选择其民情档案。"})
    if not (content or "").strip():
        raise Refused({"content": "请填写服务内容。"})
    if not (starts_at and ends_at) or ends_at <= starts_at:
        raise Refused({"ends_at": "结束时间应晚于开始时间。"})
    if ends_at > timezone.now():
        raise Refused({"ends_at": "只能登记已完成的服务。"})
    record = StationService.objects.create(station=station, volunteer=volunteer, recipient=recipient,
                                           resident_file=resident_file, content=content.strip()[:200],
                                           starts_at=starts_at, ends_at=ends_at, hours=_hours(starts_at, ends_at),
                                           created_by=user)
    member = PartyMember.objects.filter(person_id=volunteer.person_id).first()
    if member is not None and record.hours > 0:
        award_points(member, "volunteer_service", timezone.localtime(starts_at).date(), f"station:{record.pk}",
                     reason=f"志愿服务：{station.name}{record.content}（{record.hours}小时）",
                     url=station.get_absolute_url(), user=user)
    return record
