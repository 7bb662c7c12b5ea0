"""Dues files: the bank import (all or nothing), its template, the branch's monthly sheet and the quarterly
summary, both in the 台账 layout."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from dangjian.core.dates import add_months
from dangjian.core.io import importer
from dangjian.core.io.xlsx import xlsx_response
from dangjian.core.params import int_param, month_param, year_param
from dangjian.core.views import can_create, require_staff
from dangjian.orgs.params import chosen_org

from ..models.dues import DuesBatch, DuesMonth, yuan
from . import bank, excel, totals
from .forms import BankImportForm
from .views import _branch


def dues_import_template(request):
    require_staff(request.user)
    return xlsx_response(importer.template("银行代扣党费结果", bank.COLUMNS), "银行代扣党费结果模板.xlsx")


def dues_import(request):
    """Upload the bank's results: every row checked; one bad row and nothing is stored, with the row report."""
    require_staff(request.user)
    if not can_create(request.user, DuesMonth):
        raise PermissionDenied("您的角色不能导入党费。")
    form = BankImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "columns": bank.COLUMNS,
               "batches": DuesBatch.objects.visible_to(request.user).select_related("imported_by")[:10]}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = bank.validate(importer.read(upload, bank.COLUMNS), request.user)
        except importer.ImportFileError as exc:
            form.add_error("file", str(exc))
            return render(request, "members/dues/import.html", context)
        context["result"] = result
        if result.ok:
            try:
                batch = bank.commit(result, request.user, upload.name)
            except ValidationError as exc:
                form.add_error(None, exc.messages)
                return render(request, "members/dues/import.html", context)
            skipped = sum(1 for r in result.rows if r["_skip"])
            messages.success(request, f"导入完成：入账 {batch.rows} 笔，合计 {yuan(batch.total_fen)} 元"
                                      + (f"；{skipped} 笔交易未成功，未入账。" if skipped else "。"))
            return HttpResponseRedirect(reverse("dues:import"))
    return render(request, "members/dues/import.html", context)


def dues_sheet(request, pk):
    """党费收缴登记表: the branch's month, one line per member with a signature column and the totals."""
    branch = _branch(request, pk)
    month = month_param(request.GET.get("month"))
    rows = (DuesMonth.objects.visible_to(request.user).filter(branch=branch, month=month)
            .select_related("member__person", "standard").order_by("member__person__pinyin", "pk"))
    wb = excel.branch_sheet(branch, month, rows)
    return xlsx_response(wb, f"{branch.name}党费收缴登记表{month:%Y%m}.xlsx")


def quarter_span(year: int, quarter: int) -> tuple[date, date]:
    first = date(year, 3 * (quarter - 1) + 1, 1)
    return first, add_months(first, 2)


def dues_summary(request):
    """The quarterly summary under the chosen organization: per community and branch, with subtotals."""
    require_staff(request.user)
    within = chosen_org(request)
    year = year_param(request.GET.get("year"))
    quarter = int_param(request.GET.get("quarter"), 0)
    if not 1 <= quarter <= 4:
        quarter = (month_param("").month - 1) // 3 + 1
    start, end = quarter_span(year, quarter)
    rows = totals.summary(request.user, within, start, end)
    title = f"{within.name}{year}年第{quarter}季度党费收缴情况汇总表"
    wb = excel.summary_sheet(title, f"统计月份：{start:%Y年%m月}至{end:%Y年%m月}", rows)
    return xlsx_response(wb, f"{title}.xlsx")
