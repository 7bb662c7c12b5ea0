"""A meeting on paper: its page of the 三会一课 minutes book and its sign-in sheet (a signature column per member).

The minutes page is the record book's form — time, place, kind, topic, attendance counts, the absent and why,
agenda and what was resolved — with the chair's and recorder's lines signed by hand. The sign-in sheet lists the
members expected (the meeting's attendance rows) with an empty column for each to sign in ink, and notes those who
signed in by QR code or asked for leave.
"""

from django.utils import timezone

from dangjian.core.io.officialdoc import OfficialDocument, chinese_date

from .common import BLANK, Steps, check_format, finish, plain_table, tall_rows, visible_or_absent


def _attendance_note(row, ended: bool) -> str:
    from dangjian.members.choices import AttendanceStatus

    if row.status == AttendanceStatus.LEAVE:
        return f"请假：{row.reason}" if row.reason else "请假"
    if row.status == AttendanceStatus.PRESENT:
        at = f"{timezone.localtime(row.checked_in_at):%H:%M}" if row.checked_in_at else ""
        return f"已扫码签到{at}" if row.via_qr else "出席"
    return "缺席" if ended else ""


def build_meeting_record(user, meeting_pk, fmt: str = "docx", progress=None) -> tuple[str, bytes]:
    """The minutes page and the sign-in sheet of meeting `meeting_pk`, as the user may see it."""
    from dangjian.members.choices import AttendanceStatus
    from dangjian.members.models import Attendance, OrgLifeMeeting

    check_format(fmt)
    steps = Steps(progress, 4)
    meeting = visible_or_absent(OrgLifeMeeting.objects.select_related("organization"), user, meeting_pk, "会议")
    rows = list(Attendance.objects.visible_to(user).filter(meeting=meeting).select_related("member__person")
                .order_by("member__person__pinyin", "pk"))
    steps.step("读取出勤")
    ended = meeting.has_ended()
    kind, org = meeting.get_kind_display(), meeting.organization
    when = f"{chinese_date(meeting.date)} {meeting.start_time:%H:%M}（{meeting.duration_minutes}分钟）"
    present = [r for r in rows if r.status == AttendanceStatus.PRESENT]
    away = [r for r in rows if r.status != AttendanceStatus.PRESENT]

    doc = OfficialDocument()
    doc.title(f"{org.name}\n“三会一课”会议记录")
    absent_text = "；".join(f"{r.member.person.name}（{_attendance_note(r, ended) or '未签到'}）" for r in away)
    minutes = doc.table(["项目", "内容"], [
        ["会议类型", kind], ["会议时间", when], ["会议地点", meeting.place], ["会议主题", meeting.topic],
        ["应到人数", f"{len(rows)}人"], ["实到人数", f"{len(present)}人" if ended or present else ""],
        ["缺席人员及原因", absent_text if ended else "（会后填写）"],
        ["主持人", ""], ["记录人", ""],
        ["会议议程", meeting.agenda], ["会议内容及决议", meeting.resolutions],
    ], widths_mm=(36, 120))
    tall_rows(minutes, 10, 24, only=[10])  # 会议议程: room to write by hand
    tall_rows(minutes, 11, 60, only=[11])  # 会议内容及决议: the page's body, as a record book has it
    doc.blank_line()
    plain_table(doc, [[f"主持人（签字）：{BLANK}", f"记录人（签字）：{BLANK}"]], [78, 78])
    steps.step("会议记录")

    doc.page_break()
    doc.title(f"{org.name}{kind}签到表")
    doc.paragraph(f"会议主题：{meeting.topic}", indent=False)
    doc.paragraph(f"会议时间：{when}", indent=False)
    doc.paragraph(f"会议地点：{meeting.place}", indent=False)
    sheet = doc.table(["序号", "姓名", "签名", "备注"],
                      [[i, r.member.person.name, "", _attendance_note(r, ended)] for i, r in enumerate(rows, start=1)],
                      widths_mm=(14, 30, 60, 52))
    tall_rows(sheet, 1, 11)  # a signature fits in each row
    doc.paragraph(f"应到{len(rows)}人，实到＿＿人。", indent=False)
    steps.step("签到表")
    return finish(doc, f"{meeting.date:%Y%m%d}{org.name}{kind}会议记录及签到表", fmt, steps)
