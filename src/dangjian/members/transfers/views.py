"""Pages of 组织关系转接: the list (in, out, waiting), one transfer with its timeline and the buttons its predicates
allow, the start form, the receiving side's forms, the return slip, the letter and a member arriving from outside.

Views stay thin: every step is an action (actions.py) behind its `may_<action>` predicate.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core.history import history_for
from dangjian.core.views import (
    StaffOnlyMixin,
    TableListView,
    add_validation_error,
    can_create,
    get_visible_or_404,
    run_action,
    staff_only,
)
from dangjian.core.workflow import Refused, step

from ..models import PartyMember
from ..models.transfers import Transfer
from . import actions
from .choices import OPEN_STATUSES, TransferKind, TransferStatus
from .forms import AcceptForm, CancelForm, IncomingForm, RejectForm, ReturnForm, TransferStartForm

FILTERS = [("", "全部"), ("in", "转入"), ("out", "转出"), ("open", "待办理")]


def _transfer(request, pk):
    return get_visible_or_404(Transfer.objects.select_related("member__person", "from_branch", "to_branch",
                                                             "created_by", "decided_by"), request.user, pk=pk)


class TransferListView(StaffOnlyMixin, TableListView):
    model = Transfer
    heading = "组织关系转接"
    add_url_name = "transfers:transfer_add"
    search_fields = ("member__person__name", "outside_org", "letter_number", "from_branch__name", "to_branch__name")
    columns = [("党员", "member.person.name"), ("转接类型", "get_kind_display"), ("转出方", "from_label"),
               ("接收方", "to_label"), ("转接日期", "date"), ("状态", "get_status_display")]
    select_related = ("member__person", "from_branch", "to_branch")

    def get_queryset(self):
        qs = super().get_queryset()
        user, which = self.request.user, self.request.GET.get("dir", "")
        if which == "in":
            qs = qs.filter(actions.side_q(user, "to_branch")).exclude(
                Q(kind=TransferKind.WITHIN) & actions.side_q(user, "from_branch"))
        elif which == "out":
            qs = qs.filter(actions.side_q(user, "from_branch")).exclude(
                Q(kind=TransferKind.WITHIN) & actions.side_q(user, "to_branch"))
        elif which == "open":
            qs = qs.filter(status__in=OPEN_STATUSES)
        return qs

    def get_extra_links(self):
        base = reverse("transfers:transfer_list")
        links = [(label, f"{base}?dir={key}" if key else base) for key, label in FILTERS
                 if key != self.request.GET.get("dir", "")]
        if can_create(self.request.user, Transfer):
            links.append(("登记平台外转入", reverse("transfers:incoming_add")))
        return links


@staff_only
def transfer_detail(request, pk):
    transfer = _transfer(request, pk)
    user = request.user
    member_visible = PartyMember.objects.visible_to(user).filter(pk=transfer.member_id).exists()
    overdue = (transfer.status == TransferStatus.ISSUED and transfer.valid_until is not None
               and transfer.valid_until < timezone.localdate())
    return render(request, "members/transfers/transfer.html", {
        "object": transfer, "member_visible": member_visible, "overdue": overdue,
        "history": history_for(transfer),
        "may_accept": actions.may_accept(user, transfer), "may_reject": actions.may_reject(user, transfer),
        "may_cancel": actions.may_cancel(user, transfer), "may_return": actions.may_record_return(user, transfer),
        "may_letter": actions.may_download_letter(user, transfer),
        "accept_form": AcceptForm(), "reject_form": RejectForm(), "cancel_form": CancelForm(),
        "return_form": ReturnForm(),
    })


@staff_only
def transfer_add(request):
    """Start a transfer: within the platform (waits for the receiving side) or out of it (issues the letter)."""
    if not can_create(request.user, Transfer):
        raise PermissionDenied("您的角色不能办理组织关系转接。")
    form = TransferStartForm(request.POST or None, user=request.user, letter_number=actions.next_letter_number())
    if request.method == "GET" and request.GET.get("member", "").isdigit():
        form.fields["member"].initial = int(request.GET["member"])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with step():
                if data["kind"] == TransferKind.OUT:
                    transfer = actions.issue_letter(
                        request.user, data["member"], outside_org=data["outside_org"],
                        outside_parent=data["outside_parent"], letter_number=data["letter_number"],
                        valid_days=data["valid_days"], on=data["date"], reason=data["reason"])
                    done = (f"已为{transfer.member.person.name}开具组织关系介绍信（{transfer.letter_number}），"
                            "请下载打印。")
                else:
                    transfer = actions.start_transfer(request.user, data["member"], data["to_branch"], data["date"],
                                                      data["reason"])
                    done = f"已发起{transfer.member.person.name}的组织关系转接，等待{transfer.to_branch.name}接收。"
        except Refused as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, done)
            return HttpResponseRedirect(transfer.get_absolute_url())
    return render(request, "members/transfers/transfer_form.html", {
        "form": form, "heading": "发起组织关系转接", "button": "发起转接",
        "cancel_url": reverse("transfers:transfer_list")})


def _decide(request, pk, form_class, predicate, act, heading, button, done):
    """The receiving side's answer: a page with its form (GET), the step (POST)."""
    transfer = _transfer(request, pk)
    if not actions.receives(request.user, transfer):
        raise PermissionDenied("您的角色不能办理该转接。")
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with step():
                act(transfer, form.cleaned_data)
        except Refused as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, done.format(name=transfer.member.person.name))
            return HttpResponseRedirect(transfer.get_absolute_url())
    return render(request, "members/transfers/transfer_form.html", {
        "form": form, "heading": heading, "object": transfer, "button": button,
        "open": predicate(request.user, transfer), "cancel_url": transfer.get_absolute_url()})


@staff_only
def transfer_accept(request, pk):
    return _decide(request, pk, AcceptForm, actions.may_accept,
                   lambda t, d: actions.accept_transfer(request.user, t, d["on"]), "接收组织关系", "确认接收",
                   "已接收{name}的组织关系。")


@staff_only
def transfer_reject(request, pk):
    return _decide(request, pk, RejectForm, actions.may_reject,
                   lambda t, d: actions.reject_transfer(request.user, t, d["reason"]), "退回组织关系转接", "退回",
                   "已退回{name}的组织关系转接。")


@staff_only
@require_POST
def transfer_cancel(request, pk):
    transfer = _transfer(request, pk)
    if not actions.sends(request.user, transfer):
        raise PermissionDenied("您的角色不能撤回该转接。")
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return run_action(request, transfer.get_absolute_url(),
                      lambda: actions.cancel_transfer(request.user, transfer, reason), "已撤回该转接。")


@staff_only
@require_POST
def transfer_return(request, pk):
    transfer = _transfer(request, pk)
    if not actions.sends(request.user, transfer):
        raise PermissionDenied("您的角色不能登记回执。")
    form = ReturnForm(request.POST)

    def record():
        if not form.is_valid():
            raise Refused("请填写回执日期。")
        actions.record_return(request.user, transfer, form.cleaned_data["on"])

    return run_action(request, transfer.get_absolute_url(), record, "已登记回执，该转接办结。")


@staff_only
def transfer_letter(request, pk):
    """The 介绍信 as .docx (or ?format=pdf when LibreOffice is installed)."""
    from django.http import Http404, HttpResponse

    from dangjian.core.io.officialdoc import docx_response

    from .letter import build_letter

    transfer = _transfer(request, pk)
    if not actions.may_download_letter(request.user, transfer):
        raise Http404("该转接没有介绍信。")
    fmt = request.GET.get("format", "docx")
    name = f"党员组织关系介绍信-{transfer.member.person.name}-{transfer.letter_number}"
    data = build_letter(transfer)
    if fmt == "pdf":
        from dangjian.core.io.pdf import PdfUnavailable, docx_to_pdf

        try:
            pdf = docx_to_pdf(data)
        except PdfUnavailable as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(transfer.get_absolute_url())
        response = HttpResponse(pdf, content_type="application/pdf")
        from urllib.parse import quote

        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.pdf"
        return response
    return docx_response(data, f"{name}.docx")


@staff_only
def incoming_add(request):
    """A member arriving from outside the platform with their letter."""
    if not can_create(request.user, Transfer):
        raise PermissionDenied("您的角色不能登记组织关系转入。")
    form = IncomingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        to_branch = data.pop("to_branch")
        try:
            with step():
                transfer = actions.register_incoming(request.user, to_branch, on=data.pop("date"), **data)
        except ValidationError as exc:  # a refusal, or a model's own validation (a join date before 18)
            add_validation_error(form, exc)
        else:
            messages.success(request, f"已登记{transfer.member.person.name}的组织关系转入{to_branch.name}。")
            return HttpResponseRedirect(transfer.get_absolute_url())
    return render(request, "members/transfers/transfer_form.html", {
        "form": form, "heading": "登记平台外转入的党员", "button": "登记转入",
        "cancel_url": reverse("transfers:transfer_list")})
