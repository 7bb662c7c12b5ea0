"""全国党员管理信息系统 exchange pages: template, export (masked / full with a reason), import (upload → check →
confirm, or a long job for big files) and the comparison report. Shaped like the roster's (members/views/excel.py)."""


from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from dangjian.core import export_jobs
from dangjian.core.io import importer
from dangjian.core.io.xlsx import build_workbook, xlsx_response
from dangjian.core.scope import can_reveal, is_staff
from dangjian.core.views import can_create

from .. import actions
from ..forms import FullExportForm
from ..models import PartyMember
from ..views.excel import RosterImport, _filtered, roster_import
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


NATIONAL_ROSTER = RosterImport(COLUMNS, national.validate, national.commit, national.summary, KIND,
                               "members/national/import.html", "national:import")


def import_(request):
    """The roster import's own steps (members/views/excel.py), with the national layout and codes."""
    return roster_import(request, NATIONAL_ROSTER)


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
