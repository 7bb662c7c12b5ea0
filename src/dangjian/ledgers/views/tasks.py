from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_POST

from dangjian.core.views import (
    ObjectEditView,
    ObjectListView,
    ObjectView,
    evidence_response,
    get_visible_or_404,
    run_action,
)

from .. import actions
from ..filters import TaskFilterSet
from ..forms import ProgressForm, ReasonForm, SplitFormSet, TaskForm
from ..models import ProgressEntry, Task
from ..progress import attach_progress, with_latest_percent
from .common import editable_or_403


class TaskListView(ObjectListView):
    model = Task
    filterset_class = TaskFilterSet
    template_name = "ledgers/task_list.html"

    def base_queryset(self):
        return with_latest_percent(Task.objects.select_related("organization", "responsible_person",
                                                               "parent__organization"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        attach_progress(ctx["object_list"])
        return ctx


class TaskView(ObjectView):
    model = Task
    template_name = "ledgers/task.html"

    def base_queryset(self):
        return with_latest_percent(Task.objects.select_related("organization", "responsible_person", "parent",
                                                               "reason_accepted_by"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        task = self.object
        user = self.request.user
        attach_progress([task])
        children = list(with_latest_percent(task.children.visible_to(user).select_related("organization")))
        attach_progress(children)
        ctx["children"] = children
        ctx["entries"] = ProgressEntry.objects.filter(task=task).select_related("created_by").prefetch_related(
            "evidence")
        ctx["progress_form"] = ProgressForm()
        ctx["reason_form"] = ReasonForm()
        ctx["problems"] = task.problems.visible_to(user)
        ctx["may"] = {"edit": actions.may_edit_task(user, task), "report": actions.may_report_task(user, task),
                      "split": actions.may_split_task(user, task), "accept": actions.may_accept_reason(user, task)}
        ctx["notices"] = task.notices.select_related("recipient")
        return ctx


class TaskEditView(ObjectEditView):
    model = Task
    form_class = TaskForm

    def get_object(self, queryset=None):
        task = super().get_object(queryset)
        if task is not None and actions.assigned_from_above(self.request.user, task):
            raise PermissionDenied("分解下达的任务由上级组织调整；请登记进展或提交完成材料。")
        return task

    def save_form(self, form):
        if form.instance.pk:
            return form.save()
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("organization", "problems")}
        task = actions.create_task(self.request.user, form.cleaned_data["organization"], **data)
        task.problems.set(form.cleaned_data["problems"])
        return task


def task_split(request, pk):
    """Split a committee task into community tasks, each with its own target."""
    task = editable_or_403(Task, request.user, pk)
    formset = SplitFormSet(request.POST or None, form_kwargs={"user": request.user}, prefix="split")
    if request.method == "POST" and formset.is_valid():
        rows = [(f.cleaned_data["organization"], f.cleaned_data.get("target_value"), f.cleaned_data.get("deadline"),
                 f.cleaned_data.get("weight")) for f in formset.forms if f.cleaned_data]
        try:
            actions.split_task(request.user, task, rows)
        except ValidationError as exc:  # Refused: shown on the form, which keeps what was typed
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已分解为 {len(rows)} 项社区任务。")
            return HttpResponseRedirect(task.get_absolute_url())
    elif request.method == "GET":
        from dangjian.orgs.choices import OrgKind
        from dangjian.orgs.models import Organization

        communities = Organization.objects.placeable_for(request.user, Task).filter(
            kind=OrgKind.COMMUNITY_COMMITTEE, path__startswith=task.organization.path)
        formset = SplitFormSet(prefix="split", form_kwargs={"user": request.user}, initial=[
            {"organization": c.pk, "target_value": task.target_value, "deadline": task.deadline, "weight": 1}
            for c in communities])
    return render(request, "ledgers/task_split.html", {"task": task, "formset": formset})


@require_POST
def task_progress(request, pk):
    task = editable_or_403(Task, request.user, pk)
    form = ProgressForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return HttpResponseRedirect(task.get_absolute_url())
    d = form.cleaned_data
    return run_action(request, task.get_absolute_url(), lambda: actions.add_progress(
        request.user, task, d["date"], d["note"], value=d.get("value"), percent=d.get("percent"),
        uploads=request.FILES.getlist("evidence_files")), "已登记进展。")


@require_POST
def task_action(request, pk, action):
    """done, reason (the task's organization), accept (the level above); each action checks its rule."""
    user, post = request.user, request.POST
    task = get_visible_or_404(Task, user, pk=pk)
    steps = {
        "done": (lambda: actions.mark_task_done(user, task, uploads=request.FILES.getlist("evidence_files")),
                 "任务已标记完成。"),
        "reason": (lambda: actions.submit_reason(user, task, post.get("no_evidence_reason", "")),
                   "说明已提交，待上级组织认可。"),
        "accept": (lambda: actions.accept_reason(user, task), "已认可该说明。"),
    }
    if action not in steps:
        raise Http404
    func, message = steps[action]
    return run_action(request, task.get_absolute_url(), func, message)


def task_file(request, pk, evidence_pk):
    return evidence_response(get_visible_or_404(Task, request.user, pk=pk), evidence_pk, "evidence")
