"""全国党员管理信息系统 exchange pages: template, export (masked / full with a reason), import (upload → check →
confirm, or a long job for big files) and the comparison report. Shaped like the roster's (members/views/excel.py)."""

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
from dangjian.core.scope import can_reveal, is_staff
from dangjian.core.views import can_create

from .. import actions
from ..forms import FullExportForm, ImportForm
from ..models import PartyMember
from ..views.excel import _filtered
from . import compare as comparing
from . import importer as national
from .forms import CompareForm
from .jobs import KIND
from .layout import COLUMNS, HEADERS, export_rows

TEMPLATE_TITLE = "全国党员信息导入模板"
TITLE = "党员信息（全国党员管理信息系统格式）"
FULL_TITLE = "党员信息（全国党员管理信息系统格式，完整）"
PAGE_LIMIT = 300  # rows per group on the comparison page; the .xlsx has them all


def home(request):
    """The exchange's landing page: what each step does, with its links."""
    return render(request, "members/national/home.html", {
        "may_import": can_create(request.user, PartyMember), "may_reveal": can_reveal(request.user),
        "columns": COLUMNS})


def template(request):
    return xlsx_response(importer.template(TEMPLATE_TITLE, COLUMNS), f"{TEMPLATE_TITLE}.xlsx")


def export(request):
    """The visible (filtered) roster in the national layout, ID numbers and phones masked."""
    members = _filtered(request)
    started = export_jobs.in_background(request, rows=members.count(), title=TITLE)
    if started:
        return started
    wb = build_workbook(TITLE, HEADERS, export_rows(members.iterator(chunk_size=2000), False),
                        subtitle="公民身份号码、联系电话已脱敏")
    return xlsx_response(wb, "全国党员信息_脱敏.xlsx")


def export_full(request):
    """Unmasked, for uploading to the national system or re-importing: roles allowed to reveal; asks why, logs it."""
    if not can_reveal(request.user):
        raise PermissionDenied("您的角色不能导出完整的个人信息。")
    form = FullExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        members = _filtered(request)
        started = export_jobs.in_background(request, rows=members.count(), title=FULL_TITLE)
        if started:
            return started
        wb = build_workbook(FULL_TITLE, HEADERS, export_rows(members.iterator(chunk_size=2000), True),
                            subtitle="含完整公民身份号码和联系电话，请妥善保管，用后删除")
        actions.log_full_export(request.user, FULL_TITLE, request.GET.urlencode(), form.cleaned_data["reason"],
                                members.count())
        return xlsx_response(wb, "全国党员信息_完整.xlsx")
    return render(request, "members/national/export_full.html", {"form": form, "query": request.GET.urlencode()})


def import_(request):
    """Step 1 uploads and checks (dry run); step 2 confirms and writes everything in one transaction."""
    if not can_create(request.user, PartyMember):
        raise PermissionDenied("您的角色不能导入党员。")
    context = {"form": ImportForm(), "columns": COLUMNS}
    if request.method == "POST" and "cancel" in request.POST:
        pending.discard(request.user, request.POST.get("token", ""))
        messages.info(request, "已取消本次导入，上传的文件已删除。")
        return HttpResponseRedirect(reverse("national:import"))
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            started = import_jobs.start_if_large(request, upload, KIND)
            if started:
                return started
            try:
                result = national.validate(importer.read(upload, COLUMNS), request.user)
            except importer.ImportFileError as exc:
                form.add_error("file", str(exc))
                return render(request, "members/national/import.html", context)
            context["result"] = result
            if result.ok:
                context["token"] = pending.store(request.user, upload)
                context["new"] = sum(1 for r in result.rows if r.get("_member") is None)
    return render(request, "members/national/import.html", context)


def _confirm(request):
    data = pending.claim(request.user, request.POST["token"])
    if data is None:
        messages.error(request, "该文件已导入、已取消或已过期；如需再次导入请重新上传。")
        return HttpResponseRedirect(reverse("national:import"))
    with transaction.atomic():
        result = national.validate(importer.read(File(BytesIO(data), name="import.xlsx"), COLUMNS), request.user)
        if not result.ok:  # the data changed since the preview
            return render(request, "members/national/import.html",
                          {"form": ImportForm(), "columns": COLUMNS, "result": result})
        national.commit(result, request.user)
    messages.success(request, f"导入完成：{national.summary(result)}")
    return HttpResponseRedirect(reverse("members:member_list"))


def compare(request):
    """Upload a national export; the differences are shown (or downloaded with 下载对比结果); nothing is written."""
    if not is_staff(request.user):
        raise PermissionDenied("只有党组织工作人员可以比对党员信息。")
    context = {"form": CompareForm(user=request.user), "limit": PAGE_LIMIT}
    if request.method == "POST":
        form = CompareForm(request.POST, request.FILES, user=request.user)
        context["form"] = form
        if form.is_valid():
            try:
                result = importer.read(form.cleaned_data["file"], COLUMNS)
            except importer.ImportFileError as exc:
                form.add_error("file", str(exc))
                return render(request, "members/national/compare.html", context)
            report = comparing.compare(result, request.user, within=form.cleaned_data["within"])
            if "download" in request.POST:
                wb = build_workbook("全国党员信息比对结果", comparing.SHEET_HEADERS, comparing.sheet_rows(report),
                                    subtitle=_summary(report))
                return xlsx_response(wb, "全国党员信息比对结果.xlsx")
            context.update(report=report, summary=_summary(report))
    return render(request, "members/national/compare.html", context)


def _summary(report) -> str:
    return (f"文件 {report.rows} 行，匹配 {report.matched} 人；全国系统有、本平台无 {len(report.only_theirs)} 人，"
            f"本平台有、全国系统无 {len(report.only_ours)} 人，信息不一致 {len(report.differing)} 人")
