"""Roster Excel: template, masked export, full export with a reason, and the two-step import."""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from dangjian.core.io import importer
from dangjian.core.io.xlsx import build_workbook, xlsx_response
from dangjian.core.scope import can_reveal
from dangjian.core.views import can_create

from .. import actions, io
from ..filters import PartyMemberFilterSet
from ..forms import FullExportForm, ImportForm
from ..models import PartyMember

UPLOAD_TTL_SECONDS = 3600


def _filtered(request):
    qs = PartyMember.objects.visible_to(request.user).select_related("person", "branch", "registered_community")
    fs = PartyMemberFilterSet(request.GET, queryset=qs, request=request)
    return fs.qs if fs.is_valid() else qs.none()


def member_template(request):
    wb = importer.template("党员名册导入模板", io.COLUMNS)
    return xlsx_response(wb, "党员名册导入模板.xlsx")


def member_export(request):
    """The filtered roster, ID numbers and phones masked."""
    wb = build_workbook("党员名册", io.HEADERS, io.export_rows(_filtered(request).iterator(chunk_size=2000), False),
                        subtitle="身份证号、手机号码已脱敏")
    return xlsx_response(wb, "党员名册.xlsx")


def member_export_full(request):
    """Unmasked, re-importable export: for roles allowed to reveal; asks why and logs it."""
    if not can_reveal(request.user):
        raise PermissionDenied("您的角色不能导出完整的个人信息。")
    form = FullExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        members = _filtered(request)
        wb = build_workbook("党员名册（完整）", io.HEADERS, io.export_rows(members.iterator(chunk_size=2000), True),
                            subtitle="含完整身份证号和手机号码，请妥善保管，用后删除")
        actions.log_full_export(request.user, "党员名册（完整）", request.GET.urlencode(), form.cleaned_data["reason"],
                                members.count())
        return xlsx_response(wb, "党员名册_完整.xlsx")
    return render(request, "members/export_full.html", {"form": form, "query": request.GET.urlencode()})


def _upload_dir() -> Path:
    """The folder of checked uploads awaiting confirmation; those older than the TTL are removed.

    A file's age is read from its token (written with the platform's clock), not from the file system's
    modification time, so the two clocks can never disagree about what has expired.
    """
    path = Path(settings.DATA_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    now = timezone.now().timestamp()
    for old in path.glob("*.xlsx"):
        issued = _issued_at(old.stem)
        if issued is None or now - issued > UPLOAD_TTL_SECONDS:
            old.unlink(missing_ok=True)
    return path


def _issued_at(token: str) -> int | None:
    parts = token.split("-")
    return int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else None


def member_import(request):
    """Step 1 uploads and checks (dry run); step 2 confirms and writes everything in one transaction."""
    if not can_create(request.user, PartyMember):
        raise PermissionDenied("您的角色不能导入党员。")
    context = {"form": ImportForm(), "columns": io.COLUMNS}
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = io.validate(importer.read(upload, io.COLUMNS), request.user)
            except importer.ImportFileError as exc:
                form.add_error("file", str(exc))
                return render(request, "members/import.html", context)
            context["result"] = result
            if result.ok:
                token = f"{request.user.pk}-{int(timezone.now().timestamp())}-{secrets.token_hex(12)}"
                upload.seek(0)
                with open(_upload_dir() / f"{token}.xlsx", "wb") as fh:
                    for chunk in upload.chunks():
                        fh.write(chunk)
                context["token"] = token
                context["new"] = sum(1 for r in result.rows if r.get("_member") is None)
    return render(request, "members/import.html", context)


def _confirm(request):
    token = request.POST["token"]
    if not token.startswith(f"{request.user.pk}-") or not token.replace("-", "").isalnum():
        raise Http404("导入文件不存在")
    path = _upload_dir() / f"{token}.xlsx"
    claimed = path.with_suffix(".importing")
    try:
        os.rename(path, claimed)  # atomic: of two clicks on "确认导入" only one gets the file
    except FileNotFoundError:
        messages.error(request, "该文件已导入或已过期；如需再次导入请重新上传。")
        return HttpResponseRedirect(reverse("members:member_import"))
    try:
        with open(claimed, "rb") as fh, transaction.atomic():
            result = io.validate(importer.read(File(fh), io.COLUMNS), request.user)
            if not result.ok:  # the data changed since the preview
                return render(request, "members/import.html",
                              {"form": ImportForm(), "columns": io.COLUMNS, "result": result})
            io.commit(result, request.user)
    finally:
        claimed.unlink(missing_ok=True)
    messages.success(request, f"导入完成：新增 {result.created} 人，更新 {result.updated} 人，"
                              f"未变化 {result.unchanged} 人。")
    return HttpResponseRedirect(reverse("members:member_list"))
