"""志愿服务记录证明 as a .docx in the official layout (GB/T 9704: margins, 仿宋 body, 小标宋 title)."""

from datetime import date
from decimal import Decimal
from io import BytesIO
from urllib.parse import quote

from django.db.models import Sum
from django.http import HttpResponse
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .choices import star_level
from .models import Signup


def _font(run, name="仿宋_GB2312", size=16, bold=False):
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.rPr.rFonts.set(qn("w:eastAsia"), name)


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
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run("志愿服务记录证明"), "方正小标宋简体", 22)
    body = (f"兹证明{volunteer.person.name}同志（身份证号：{volunteer.person.id_number_masked}）系"
            f"{volunteer.organization.name}注册志愿者。{start:%Y年%m月%d日}至{end:%Y年%m月%d日}，"
            f"该同志参加志愿服务活动{records.count()}次，经组织者确认的服务时长共计{total}小时；"
            f"累计服务{lifetime}小时，星级为“{star_level(lifetime)}”。")
    p = doc.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(32)
    p.paragraph_format.line_spacing = Pt(28)
    _font(p.add_run(body))
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("日期", "活动", "时长（小时）"), strict=True):
        _font(cell.paragraphs[0].add_run(text), size=12, bold=True)
    for r in records:
        cells = table.add_row().cells
        for cell, text in zip(cells, (f"{timezone.localtime(r.activity.starts_at):%Y-%m-%d}", r.activity.title,
                                      str(r.hours)), strict=True):
            _font(cell.paragraphs[0].add_run(text), size=12)
    sign = doc.add_paragraph()
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    sign.paragraph_format.space_before = Pt(32)
    _font(sign.add_run(f"{volunteer.organization.name}\n{timezone.localdate():%Y年%m月%d日}"))
    return doc


def certificate_response(volunteer, raw_start, raw_end) -> HttpResponse:
    today = timezone.localdate()
    start = _parse(raw_start, date(today.year, 1, 1))
    end = _parse(raw_end, today)
    buf = BytesIO()
    certificate_document(volunteer, start, end).save(buf)
    response = HttpResponse(buf.getvalue(), content_type=(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    name = f"志愿服务记录证明_{volunteer.person.name}.docx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
