import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from dangjian.core.forms import store_evidence
from dangjian.core.scope import is_staff
from dangjian.core.views import ObjectEditView, ObjectListView, ObjectView, evidence_response, get_visible_or_404

from .. import actions
from ..choices import AttendanceStatus
from ..filters import MeetingFilterSet
from ..forms import MeetingForm
from ..models import Attendance, OrgLifeMeeting


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
        ctx["statuses"] = AttendanceStatus.choices
        opens, closes = meeting.checkin_window()
        ctx["window"] = (opens, closes)
        if ctx["can_edit"]:
            url = checkin_url(self.request, meeting)
            ctx["checkin_url"] = url
            ctx["qr"] = qr_svg(url, 5)
        return ctx


class MeetingEditView(ObjectEditView):
    model = OrgLifeMeeting
    form_class = MeetingForm

    def save_form(self, form):
        files = form.cleaned_data.pop("attachment_files", [])
        if form.instance.pk:
            meeting = form.save()
        else:
            data = {k: v for k, v in form.cleaned_data.items() if k != "organization"}
            meeting = actions.create_meeting(self.request.user, form.cleaned_data["organization"], **data)
        if files:
            meeting.attachments.add(*store_evidence(files, meeting.organization, self.request.user))
        return meeting


@require_POST
def meeting_attendance(request, pk):
    """The secretary records attendance (absent, leave with reason, present) for the whole list."""
    meeting = get_visible_or_404(OrgLifeMeeting, request.user, pk=pk)
    if not OrgLifeMeeting.objects.editable_by(request.user).filter(pk=meeting.pk).exists():
        raise PermissionDenied("您的角色不能登记出勤。")
    rows = Attendance.objects.filter(meeting=meeting).select_related("member")
    errors = []
    with transaction.atomic():
        for row in rows:
            status = request.POST.get(f"status-{row.pk}")
            reason = request.POST.get(f"reason-{row.pk}", "").strip()
            if status not in AttendanceStatus.values:
                continue
            if status == row.status and (status != AttendanceStatus.LEAVE or reason == row.reason):
                continue
            try:
                actions.set_attendance(request.user, meeting, row.member, status, reason)
            except ValidationError:
                errors.append(row.member.person.name)
        if errors:
            transaction.set_rollback(True)
    if errors:
        messages.error(request, f"未保存：请假须填写事由（{'、'.join(errors)}）。")
    else:
        messages.success(request, "出勤情况已保存。")
    return HttpResponseRedirect(meeting.get_absolute_url())


def meeting_file(request, pk, evidence_pk):
    return evidence_response(get_visible_or_404(OrgLifeMeeting, request.user, pk=pk), evidence_pk)


def meeting_qr(request, pk):
    """A printable sign-in sheet: a large QR code and the window it is valid in."""
    meeting = get_visible_or_404(OrgLifeMeeting, request.user, pk=pk)
    if not OrgLifeMeeting.objects.editable_by(request.user).filter(pk=meeting.pk).exists():
        raise PermissionDenied("您的角色不能查看签到码。")
    opens, closes = meeting.checkin_window()
    qr = qr_svg(checkin_url(request, meeting), 10)
    return render(request, "members/meeting_qr.html", {"meeting": meeting, "qr": qr, "opens": opens, "closes": closes})


def checkin(request, token):
    """What a member sees after scanning: GET shows the meeting and a button, POST signs in.

    Anyone not expected at the meeting (or outside its window) sees only the reason, not the meeting.
    """
    context = {"token": token}
    try:
        meeting, member = actions.checkin_member(request.user, token, timezone.now())
    except actions.CheckInRefused as exc:
        context["refused"] = str(exc)
        return render(request, "members/checkin.html", context, status=exc.status)
    context["meeting"] = meeting
    if request.method == "POST":
        try:
            _, new = actions.check_in(request.user, token, timezone.now())
        except actions.CheckInRefused as exc:
            context["refused"] = str(exc)
            return render(request, "members/checkin.html", context, status=exc.status)
        context["done"] = "签到成功，欢迎参加！" if new else "您已签到，无需重复扫码。"
    else:
        row = Attendance.objects.filter(meeting=meeting, member=member).first()
        context["already"] = row is not None and row.status == AttendanceStatus.PRESENT
    return render(request, "members/checkin.html", context)
