from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from dangjian.core.io import import_jobs, importer
from dangjian.core.io.xlsx import xlsx_response
from dangjian.core.views import can_create
from dangjian.core.workflow import Refused

from ..excel import TASK_COLUMNS, commit_tasks, validate_tasks
from ..forms import ImportForm
from ..models import Task


def task_template(request):
    return xlsx_response(importer.template("任务清单导入模板", TASK_COLUMNS), "任务清单导入模板.xlsx")


def task_import(request):
    """Tasks are few: one step — checked whole, written whole, or not at all."""
    if not can_create(request.user, Task):
        raise PermissionDenied("您的角色不能导入任务。")
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "columns": TASK_COLUMNS}
    if request.method == "POST" and form.is_valid():
        started = import_jobs.start_if_large(request, form.cleaned_data["file"], "tasks_import")
        if started:
            return started  # more than 2,000 rows: checked and written by a long job, its report the result
        try:
            result = validate_tasks(importer.read(form.cleaned_data["file"], TASK_COLUMNS), request.user)
        except importer.ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            if result.ok:
                try:
                    commit_tasks(result, request.user)
                except Refused as exc:
                    form.add_error(None, exc.messages)
                else:
                    messages.success(request, f"已导入 {result.created} 项任务。")
                    return HttpResponseRedirect(reverse("ledgers:task_list"))
            context["result"] = result
    return render(request, "ledgers/task_import.html", context)
