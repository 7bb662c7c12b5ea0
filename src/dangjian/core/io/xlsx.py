"""Excel (台账) output shared by every export: a title row, Chinese headers, frozen header.

openpyxl is imported when a workbook is made, not with this module: the pages that only link to an export
would otherwise carry its ~20 MB in every worker (issue 14).
"""

from datetime import datetime
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone


def _safe(value):
    """Neutralise spreadsheet formula injection from user-typed text; times in Beijing time, as on the page."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    if isinstance(value, datetime) and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def build_workbook(title: str, headers: list[str], rows, subtitle: str = ""):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="999999")
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    width = max(len(headers), 1)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(row=1, column=1, value=title).font = Font(name="黑体", size=14, bold=True)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    ws.cell(row=2, column=1, value=f"{subtitle}　导出时间：{stamp}".strip())
    for col, header in enumerate(headers, start=1):
        cell = ws.cell(row=3, column=col, value=header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2DCDB")
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
        ws.column_dimensions[get_column_letter(col)].width = max(10, len(header) * 2 + 4)
    # Data rows carry no per-cell style: 10,000 styled rows take seconds to write.
    from ..job_progress import rows as report_rows  # in a long job: the progress bar follows the rows

    for n, row in enumerate(rows, start=1):
        ws.append([_safe(v) for v in row])
        report_rows(n)
    ws.freeze_panes = "A4"
    return wb


def xlsx_response(wb, filename: str) -> HttpResponse:
    buf = BytesIO()
    wb.save(buf)
    response = HttpResponse(
        buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
