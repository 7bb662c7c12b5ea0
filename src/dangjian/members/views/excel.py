"""Roster Excel: template, masked export, full export with a reason, and the two-step import."""

from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from dangjian.core import export_jobs
from dangjian.core.io import import_jobs, importer, pending
from dangjian.core.io.xlsx import build_workbook, xlsx_response
from dangjian.core.scope import can_reveal
from dangjian.core.views import can_create

from .. import actions, io
from ..filters import PartyMemberFilterSet
from ..forms import FullExportForm, ImportForm
from ..models import PartyMember


def _filtered(request):
    qs = PartyMember.objects.visible_to(request.user).select_related("person", "branch", "registered_community")
    fs = PartyMemberFilterSet(request.GET, queryset=qs, request=request)
    return fs.qs if fs.is_valid() else qs.none()


def member_template(request):
    wb = importer.template("党员名册导入模板", io.COLUMNS)
    return xlsx_response(wb, "党员名册导入模板.xlsx")


def member_export(request):
    """The filtered roster, ID numbers and phones masked (more than 2,000 rows: as a long job)."""
    members = _filtered(request)
    started = export_jobs.in_background(request, rows=members.count(), title="党员名册")
    if started:
        return started
    wb = build_workbook("党员名册", io.HEADERS, io.export_rows(members.iterator(chunk_size=2000), False),
                        subtitle="身份证号、手机号码已脱敏")
    return xlsx_response(wb, "党员名册.xlsx")


def member_export_full(request):
    """Unmasked, re-importable export: for roles allowed to reveal; asks why and logs it."""
    if not can_reveal(request.user):
        raise PermissionDenied("您的角色不能导出完整的个人信息。")
    form = FullExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        members = _filtered(request)
        started = export_jobs.in_background(request, rows=members.count(), title="党员名册（完整）")
        if started:
            return started  # the job replays this request, reason and all, and logs the export when it runs
        wb = build_workbook("党员名册（完整）", io.HEADERS, io.export_rows(members.iterator(chunk_size=2000), True),
                            subtitle="含完整身份证号和手机号码，请妥善保管，用后删除")
        actions.log_full_export(request.user, "党员名册（完整）", request.GET.urlencode(), form.cleaned_data["reason"],
                                members.count())
        return xlsx_response(wb, "党员名册_完整.xlsx")
    return render(request, "members/export_full.html", {"form": form, "query": request.GET.urlencode()})


@dataclass(frozen=True)
class RosterImport:
    """One roster layout's import: the platform's own sheet, or the national system's (members/national)."""

    columns: tuple
    validate: Callable  # (read result, user) -> checked result
    commit: Callable  # (checked result, user) -> None
    summary: Callable  # checked result -> what was written, in Chinese
    job_kind: str  # the long job that takes files over 2,000 rows
    template: str
    url_name: str


OWN_ROSTER = RosterImport(io.COLUMNS, io.validate, io.commit,
                          lambda r: f"新增 {r.created} 人，更新 {r.updated} 人，未变化 {r.unchanged} 人。",
                          "members_import", "members/import.html", "members:member_import")


def roster_import(request, spec: RosterImport):
    """Step 1 uploads and checks (dry run); step 2 confirms and writes everything in one transaction."""
    if not can_create(request.user, PartyMember):
        raise PermissionDenied("您的角色不能导入党员。")
    context = {"form": ImportForm(), "columns": spec.columns}
    if request.method == "POST" and "cancel" in request.POST:
        pending.discard(request.user, request.POST.get("token", ""))
        messages.info(request, "已取消本次导入，上传的文件已删除。")
        return HttpResponseRedirect(reverse(spec.url_name))
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, spec)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            started = import_jobs.start_if_large(request, upload, spec.job_kind)
            if started:
                return started  # more than 2,000 rows: checked and written by a long job, its report the result
            try:
                result = spec.validate(importer.read(upload, spec.columns), request.user)
            except importer.ImportFileError as exc:
                form.add_error("file", str(exc))
                return render(request, spec.template, context)
            context["result"] = result
            if result.ok:
                context["token"] = pending.store(request.user, upload)
                context["new"] = sum(1 for r in result.rows if r.get("_member") is None)
    return render(request, spec.template, context)


def _confirm(request, spec: RosterImport):
    data = pending.claim(request.user, request.POST["token"])
    if data is None:
        messages.error(request, "该文件已导入、已取消或已过期；如需再次导入请重新上传。")
        return HttpResponseRedirect(reverse(spec.url_name))
    with transaction.atomic():
        result = spec.validate(importer.read(File(BytesIO(data), name="import.xlsx"), spec.columns), request.user)
        if not result.ok:  # the data changed since the preview
            return render(request, spec.template, {"form": ImportForm(), "columns": spec.columns, "result": result})
        spec.commit(result, request.user)
    messages.success(request, f"导入完成：{spec.summary(result)}")
    return HttpResponseRedirect(reverse("members:member_list"))


def member_import(request):
    return roster_import(request, OWN_ROSTER)
