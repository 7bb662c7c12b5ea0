import segno
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from dangjian.core.params import int_param
from dangjian.core.scope import is_staff
from dangjian.core.views import (
    ObjectEditView,
    ObjectListView,
    ObjectView,
    evidence_response,
    get_visible_or_404,
    run_action,
)
from dangjian.core.workflow import Refused

from .. import actions
from ..choices import AttendanceStatus
from ..filters import MeetingFilterSet
from ..forms import MeetingForm
from ..models import Attendance, OrgLifeMeeting
from ..models.meetings import PENDING_LABEL


class MeetingListView(ObjectListView):
    model = OrgLifeMeeting
    filterset_class = MeetingFilterSet
    template_name = "members/meeting_list.html"

    def base_queryset(self):
        return OrgLifeMeeting.objects.select_related("organization")


def checkin_url(request, meeting) -> str:
    return request.build_absolute_uri(reverse("members:checkin", kwargs={"token": meeting.checkin_token}))


def qr_svg(url: str, scale: int = 6) -> str:
    return mark_safe(segno.make(url, error="m").svg_inline(scale=scale, dark="#8c0f16"))


class MeetingView(ObjectView):
    model = OrgLifeMeeting
    template_name = "members/meeting.html"

    def base_queryset(self):
        return OrgLifeMeeting.objects.select_related("organization").prefetch_related("attachments")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        meeting = self.object
        # Members see their own row only: others' absences and leave reasons are the branch's business.
        rows = list(Attendance.objects.visible_to(self.request.user).filter(meeting=meeting)
                    .select_related("member__person"))
        ctx["staff_view"] = is_staff(self.request.user)
        ctx["attendance"] = rows
        ctx["present"] = sum(1 for r in rows if r.status == AttendanceStatus.PRESENT)
        # Before the meeting has ended, nobody is absent yet: the not-signed-in choice reads 待签到.
        ended = meeting.has_ended()
        ctx["statuses"] = [(v, label if ended or v != AttendanceStatus.ABSENT else PENDING_LABEL)
                           for v, label in AttendanceStatus.choices]
        opens, closes = meeting.checkin_window()
        ctx["window"] = (opens, closes)
        ctx["can_record"] = actions.may_record_attendance(self.request.user, meeting)
        if ctx["can_record"]:
            url = checkin_url(self.request, meeting)
            ctx["checkin_url"] = url
            ctx["qr"] = qr_svg(url, 5)
        return ctx


class MeetingEditView(ObjectEditView):
    model = OrgLifeMeeting
    form_class = MeetingForm

    def save_form(self, form):
        # Runs inside ObjectEditView's step(): a refused save takes its uploaded files back.
        files = form.cleaned_data.pop("attachment_files", [])
        if form.instance.pk:
            return actions.update_meeting(self.request.user, form.instance, files)
        data = {k: v for k, v in form.cleaned_data.items() if k != "organization"}
        return actions.create_meeting(self.request.user, form.cleaned_data["organization"], files, **data)


@require_POST
def meeting_attendance(request, pk):
    """The secretary records attendance (absent, leave with reason, present) for the whole list."""
    meeting = get_visible_or_404(OrgLifeMeeting.objects.select_related("organization"), request.user, pk=pk)
    marks = {}
    for key, status in request.POST.items():
        row_id = int_param(key.removeprefix("status-")) if key.startswith("status-") else None
        if row_id is not None:
            marks[row_id] = (status, request.POST.get(f"reason-{row_id}", ""))
    return run_action(request, meeting.get_absolute_url(),
                      lambda: actions.record_attendance(request.user, meeting, marks), "出勤情况已保存。")


def meeting_file(request, pk, evidence_pk):
    return evidence_response(get_visible_or_404(OrgLifeMeeting, request.user, pk=pk), evidence_pk)


def meeting_qr(request, pk):
    """A printable sign-in sheet: a large QR code and the window it is valid in."""
    meeting = get_visible_or_404(OrgLifeMeeting.objects.select_related("organization"), request.user, pk=pk)
    if not actions.may_record_attendance(request.user, meeting):
        raise PermissionDenied("您的角色不能查看签到码。")
    opens, closes = meeting.checkin_window()
    url = checkin_url(request, meeting)
    return render(request, "members/meeting_qr.html", {"meeting": meeting, "qr": qr_svg(url, 10), "url": url,
                                                        "opens": opens, "closes": closes})


def checkin(request, token):
    """What a member sees after scanning: GET shows the meeting and a button, POST signs in.

    Anyone not expected at the meeting (or outside its window) sees only the reason, not the meeting:
    404 for a wrong or another organization's code, 403 outside the window.
    """
    context = {"token": token}
    try:
        meeting, member = actions.checkin_member(request.user, token, timezone.now())
        context["meeting"] = meeting
        if request.method == "POST":  # a page of its own, not run_action: the refusal is shown here, with its status
            _, new = actions.check_in(request.user, token, timezone.now())
            context["done"] = "签到成功，欢迎参加！" if new else "您已签到，无需重复扫码。"
        else:
            row = Attendance.objects.filter(meeting=meeting, member=member).first()
            context["already"] = row is not None and row.status == AttendanceStatus.PRESENT
    except Refused as exc:
        context["refused"] = exc.text
        return render(request, "members/checkin.html", context, status=exc.status)
    return render(request, "members/checkin.html", context)
