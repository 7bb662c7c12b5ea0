"""志愿服务记录证明 as a 公文 (.docx) through the shared GB/T 9704 writer."""

from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.http import HttpResponse
from django.utils import timezone

from ..core.io.officialdoc import OfficialDocument, docx_response
from .actions import volunteer_hours
from .choices import star_level
from .models import Signup, StationService


def _parse(raw, default):
    try:
        return date.fromisoformat(raw) if raw else default
    except ValueError:
        return default


def certificate_document(volunteer, start: date, end: date) -> OfficialDocument:
    """Issued by the volunteer's organization: a street issues it on its letterhead, signed with its full name."""
    from dangjian.reports.letterhead import committee_name, official_document

    records = (Signup.objects.filter(person=volunteer.person, confirmed=True, activity__starts_at__date__gte=start,
                                     activity__starts_at__date__lte=end)
               .select_related("activity").order_by("activity__starts_at"))
    total = records.aggregate(h=Sum("hours"))["h"] or Decimal(0)
    station = (StationService.objects.filter(volunteer=volunteer, starts_at__date__gte=start, starts_at__date__lte=end)
               .select_related("station").order_by("starts_at"))
    station_total = station.aggregate(h=Sum("hours"))["h"] or Decimal(0)
    lifetime = volunteer_hours(volunteer.person)  # activities and station services alike
    at_stations = f"在红色志愿者驿站服务{station.count()}次、{station_total}小时；" if station_total else ""
    doc = official_document(volunteer.organization)
    doc.title("志愿服务记录证明")
    doc.paragraph(f"兹证明{volunteer.person.name}同志（身份证号：{volunteer.person.id_number_masked}）系"
                  f"{volunteer.organization.name}注册志愿者。{start:%Y年%m月%d日}至{end:%Y年%m月%d日}，"
                  f"该同志参加志愿服务活动{records.count()}次，经组织者确认的服务时长共计{total}小时；{at_stations}"
                  f"累计服务{lifetime}小时，星级为“{star_level(lifetime)}”。")
    rows = [(r.activity.starts_at, r.activity.title, r.hours) for r in records]
    rows += [(r.starts_at, f"{r.station.name}：{r.content}", r.hours) for r in station]
    doc.table(("日期", "活动", "时长（小时）"),
              ((f"{timezone.localtime(at):%Y-%m-%d}", title, hours) for at, title, hours in sorted(rows)),
              widths_mm=(35, 90, 31))
    doc.signature(committee_name(volunteer.organization) or volunteer.organization.name, timezone.localdate())
    return doc


def certificate_response(volunteer, raw_start, raw_end) -> HttpResponse:
    today = timezone.localdate()
    start = _parse(raw_start, date(today.year, 1, 1))
    end = _parse(raw_end, today)
    return docx_response(certificate_document(volunteer, start, end).to_bytes(),
                         f"志愿服务记录证明_{volunteer.person.name}.docx")
