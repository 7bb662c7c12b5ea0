"""The audit trail for a period as an .xlsx, for the audit administrator and `dangjian audit export`.

Each row keeps its hash and the previous row's, so the exported file can itself be checked link by link
after it has left the system.
"""

from datetime import datetime, time

from django.utils import timezone

COLUMNS = (("序号", 8), ("时间", 20), ("类别", 12), ("操作人", 12), ("角色", 28), ("地址", 16), ("内容", 60),
           ("来源记录", 22), ("前一条哈希", 20), ("哈希", 20))


def period(start, end):
    """Aware datetimes bounding the days `start`..`end` inclusive (either may be None)."""
    tz = timezone.get_current_timezone()
    low = timezone.make_aware(datetime.combine(start, time.min), tz) if start else None
    high = timezone.make_aware(datetime.combine(end, time.max), tz) if end else None
    return low, high


def in_period(queryset, start, end):
    low, high = period(start, end)
    if low:
        queryset = queryset.filter(created__gte=low)
    if high:
        queryset = queryset.filter(created__lte=high)
    return queryset


def write(events, stream, title: str) -> int:
    from openpyxl import Workbook  # here, not with the module: the audit pages import it (issue 14)

    book = Workbook(write_only=True)
    sheet = book.create_sheet("审计日志")
    for index, (_, width) in enumerate(COLUMNS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.append([title])
    sheet.append([name for name, _ in COLUMNS])
    count = 0
    for event in events.order_by("id").iterator(chunk_size=2000):
        sheet.append([
            event.pk, timezone.localtime(event.created).strftime("%Y-%m-%d %H:%M:%S"), event.get_kind_display(),
            event.actor_name, event.actor_role, event.remote_addr, event.summary, event.source, event.prev_hash,
            event.hash,
        ])
        count += 1
    book.save(stream)
    return count


