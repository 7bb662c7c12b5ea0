"""志愿服务记录证明 as a 公文 (.docx) through the shared GB/T 9704 writer."""

from datetime import date
from decimal import Decimal
from io import BytesIO

from django.db.models import Sum
from django.http import HttpResponse
from django.utils import timezone
from docx.document import Document

from ..core.io.officialdoc import OfficialDocument, docx_response
from .choices import star_level
from .models import Signup


def _parse(raw, default):
    try:
        return date.fromisoformat(raw) if raw else default
    except ValueError:
        return default


def certificate_document(volunteer, start: date, end: date) -> Document:
    records = (Signup.objects.filter(person=volunteer.person, confirmed=True, activity__starts_at__date__gte=start,
                                     activity__starts_at__date__lte=end)
               .select_related("activity").order_by("activity__starts_at"))
    total = records.aggregate(h=Sum("hours"))["h"] or Decimal(0)
    lifetime = Signup.objects.filter(person=volunteer.person, confirmed=True).aggregate(h=Sum("hours"))["h"] or 0
    doc = OfficialDocument()
    doc.title("志愿服务记录证明")
    doc.paragraph(f"兹证明{volunteer.person.name}同志（身份证号：{volunteer.person.id_number_masked}）系"
                  f"{volunteer.organization.name}注册志愿者。{start:%Y年%m月%d日}至{end:%Y年%m月%d日}，"
                  f"该同志参加志愿服务活动{records.count()}次，经组织者确认的服务时长共计{total}小时；"
                  f"累计服务{lifetime}小时，星级为“{star_level(lifetime)}”。")
    doc.table(("日期", "活动", "时长（小时）"),
              ((f"{timezone.localtime(r.activity.starts_at):%Y-%m-%d}", r.activity.title, r.hours) for r in records),
              widths_mm=(35, 90, 31))
    doc.signature(volunteer.organization.name, timezone.localdate())
    return doc.document


def certificate_response(volunteer, raw_start, raw_end) -> HttpResponse:
    today = timezone.localdate()
    start = _parse(raw_start, date(today.year, 1, 1))
    end = _parse(raw_end, today)
    buf = BytesIO()
    certificate_document(volunteer, start, end).save(buf)
    return docx_response(buf.getvalue(), f"志愿服务记录证明_{volunteer.person.name}.docx")
