from collections import Counter

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core import export_jobs
from dangjian.core.history import name_of
from dangjian.core.io.xlsx import build_workbook, xlsx_response
from dangjian.core.views import (
    ObjectEditView,
    ObjectListView,
    ObjectView,
    evidence_response,
    get_visible_or_404,
    run_action,
    staff_only,
)
from dangjian.orgs.models import Grid, GridStaff
from dangjian.orgs.params import PARAM, chosen_org

from . import actions
from .due import overdue, with_last_visit
from .forms import ExportForm, HelpGroupForm, HelpVisitForm, ResidentFileForm
from .models import CATEGORY_LABELS, HelpGroup, ResidentFile


class FileListView(ObjectListView):
    """Files the user may open; `?within=<org>` narrows to a grid or community, `?overdue=1` to late visits,
    `?q=` to a name."""

    model = ResidentFile
    template_name = "care/file_list.html"

    def base_queryset(self):
        qs = with_last_visit(ResidentFile.objects.select_related("person", "organization", "level")).order_by(
            "level__level", "-created", "pk")
        if self.request.GET.get(PARAM):
            qs = qs.filter(organization__path__startswith=chosen_org(self.request).path)
        name = self.request.GET.get("q", "").strip()
        if name:  # a community keeps a hundred files and more: one is found by the person's name
            qs = qs.filter(person__name__icontains=name)
        if self.request.GET.get("overdue"):
            late = [f.pk for f in overdue(ResidentFile.objects.visible_to(self.request.user))]
            qs = qs.filter(pk__in=late)
        return qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["may_export"] = actions.may_export(self.request.user)
        paginator = ctx.get("paginator")
        shown = paginator.count if paginator is not None else len(ctx["object_list"])
        actions.log_list(self.request.user, self.request.GET.urlencode(), shown)
        return ctx


class FileView(ObjectView):
    model = ResidentFile
    template_name = "care/file.html"

    def base_queryset(self):
        return ResidentFile.objects.select_related("person", "organization", "level", "guardian")

    def get_context_data(self, **kwargs):
        actions.log_open(self.request.user, self.object)
        ctx = super().get_context_data(**kwargs)
        f = self.object
        user = self.request.user
        f._managed_by = (user.pk, ctx["can_edit"])  # the same writing reach the actions' predicates ask about
        visits = list(f.visits.order_by("-visited_on", "-pk").select_related("created_by")
                      .prefetch_related("photos")[:30])
        ctx["visits"] = visits
        ctx["groups"] = f.help_groups.prefetch_related("members")
        ctx["next_due"] = f.next_due(visits[0].visited_on if visits else None) if f.status == "active" else None
        # The one who opens the form is usually the one who went: their name and today are filled in.
        ctx["visit_form"] = HelpVisitForm(initial={"visited_on": timezone.localdate(), "visitors": name_of(user)}) \
            if actions.may_record_visit(user, f) else None
        ctx["group_form"] = HelpGroupForm(user=user) if actions.may_add_group(user, f) else None
        ctx["may_close"] = actions.may_close(user, f)
        return ctx


class FileEditView(ObjectEditView):
    model = ResidentFile
    form_class = ResidentFileForm

    def get_object(self, queryset=None):
        f = super().get_object(queryset)
        if f is not None and f.status != "active":
            raise PermissionDenied("已销档的档案不能修改。")
        return f

    def save_form(self, form):
        f = form.save(commit=False)
        if f.pk is None:  # a correction never makes the corrector its author
            f.created_by = self.request.user
        f.save()
        return f


@require_POST
def add_visit(request, pk):
    f = get_visible_or_404(ResidentFile, request.user, pk=pk)
    form = HelpVisitForm(request.POST, request.FILES)
    return run_action(request, f.get_absolute_url(), lambda: actions.record_visit(request.user, f, form),
                      "已登记帮扶走访。")


@require_POST
def add_group(request, pk):
    f = get_visible_or_404(ResidentFile, request.user, pk=pk)
    form = HelpGroupForm(request.POST, user=request.user)
    return run_action(request, f.get_absolute_url(), lambda: actions.add_group(request.user, f, form),
                      "已建立帮扶小组。")


@require_POST
def close(request, pk):
    f = get_visible_or_404(ResidentFile, request.user, pk=pk)
    return run_action(request, f.get_absolute_url(),
                      lambda: actions.close_file(request.user, f, request.POST.get("closed_reason", "")), "已销档。")


def visit_photo(request, pk, visit_pk, evidence_pk):
    """A visit's photo, served only to those who may open the file (photos of residents are personal data)."""
    f = get_visible_or_404(ResidentFile, request.user, pk=pk)
    return evidence_response(get_object_or_404(f.visits, pk=visit_pk), evidence_pk, "photos")


@staff_only
def export(request):
    """The archive as .xlsx: needs a stated reason, is logged, and keeps numbers masked."""
    if not actions.may_export(request.user):
        raise PermissionDenied("您的角色只能查阅，不能导出民情档案。")
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        started = export_jobs.in_background(request, rows=actions.export_count(request.user), title="民情档案")
        if started:
            return started  # the job replays this request, reason and all, and logs the export when it runs
        rows = actions.export_rows(request.user, form.cleaned_data["reason"])
        wb = build_workbook("民情档案", list(actions.EXPORT_HEADERS), rows, subtitle="含个人敏感信息，仅限帮扶工作使用")
        return xlsx_response(wb, "民情档案.xlsx")
    return render(request, "care/export.html", {"form": form})


@staff_only
def stats(request):
    """Counts for the committee: every file in the user's subtree, whether or not they may open it."""
    counted = ResidentFile.objects.counted_for(request.user).filter(status="active")
    by_category = Counter()
    by_level = Counter()
    for cats, level in counted.values_list("categories", "level__label"):
        by_level[level] += 1
        for c in cats:
            by_category[CATEGORY_LABELS.get(c, c)] += 1
    late = len(overdue(ResidentFile.objects.counted_for(request.user)))
    return render(
        request,
        "care/stats.html",
        {
            "total": counted.count(),
            "by_category": sorted(by_category.items()),
            "by_level": sorted(by_level.items()),
            "overdue": late,
        },
    )


@staff_only
def grid_network(request):
    """The 3+× grid network: staff, residents on file, help groups and overdue visits per grid.

    Counts, not files: the street sees how many are on file in each grid (as in 档案统计) without the
    right to open a file, so the archive is counted with `counted_for`, not `visible_to`."""
    grids = list(Grid.objects.visible_to(request.user).select_related("organization"))
    staff = Counter(GridStaff.objects.filter(grid__in=grids).values_list("grid_id", flat=True))
    files = ResidentFile.objects.counted_for(request.user)
    per_grid = Counter(files.values_list("organization_id", flat=True))
    groups = Counter(HelpGroup.objects.filter(file__in=files).values_list("file__organization_id", flat=True))
    late = Counter(f.organization_id for f in overdue(files))
    rows = [
        {
            "grid": g,
            "staff": staff[g.pk],
            "files": per_grid[g.organization_id],
            "groups": groups[g.organization_id],
            "overdue": late[g.organization_id],
        }
        for g in grids
    ]
    return render(request, "care/grid_network.html", {"rows": rows})
