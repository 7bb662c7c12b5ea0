from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_POST

from dangjian.core.forms import store_evidence
from dangjian.core.io.xlsx import build_workbook, xlsx_response
from dangjian.core.models import ExportLog
from dangjian.core.views import ObjectEditView, ObjectListView, ObjectView, get_visible_or_404
from dangjian.orgs.models import Grid, GridStaff

from . import actions
from .due import overdue, with_last_visit
from .forms import ExportForm, HelpGroupForm, HelpVisitForm, ResidentFileForm
from .models import CATEGORY_LABELS, HelpGroup, ResidentFile


class FileListView(ObjectListView):
    """Files the user may open; `?within=<org>` narrows to a grid or community, `?overdue=1` to late visits."""

    model = ResidentFile
    template_name = "care/file_list.html"

    def base_queryset(self):
        from dangjian.core.params import int_param

        qs = with_last_visit(ResidentFile.objects.select_related("person", "organization", "level"))
        within = int_param(self.request.GET.get("within"))
        if within:
            from dangjian.orgs.models import Organization

            org = Organization.objects.visible_to(self.request.user).filter(pk=within).first()
            qs = qs.filter(organization__path__startswith=org.path) if org else qs.none()
        if self.request.GET.get("overdue"):
            late = [f.pk for f in overdue(ResidentFile.objects.visible_to(self.request.user))]
            qs = qs.filter(pk__in=late)
        return qs


class FileView(ObjectView):
    model = ResidentFile
    template_name = "care/file.html"

    def base_queryset(self):
        return ResidentFile.objects.select_related("person", "organization", "level", "guardian")

    def get_context_data(self, **kwargs):
        actions.log_open(self.request.user, self.object)
        ctx = super().get_context_data(**kwargs)
        f = self.object
        ctx["visits"] = f.visits.all()[:30]
        ctx["groups"] = f.help_groups.prefetch_related("members")
        last = f.visits.order_by("-visited_on").values_list("visited_on", flat=True).first()
        ctx["next_due"] = f.next_due(last) if f.status == "active" else None
        ctx["visit_form"] = HelpVisitForm()
        ctx["group_form"] = HelpGroupForm(user=self.request.user) if ctx["can_edit"] else None
        return ctx


class FileEditView(ObjectEditView):
    model = ResidentFile
    form_class = ResidentFileForm

    def save_form(self, form):
        f = form.save(commit=False)
        f.created_by = f.created_by or self.request.user
        f.save()
        return f


def _editable(request, pk):
    f = get_visible_or_404(ResidentFile, request.user, pk=pk)
    if (
        not ResidentFile.objects.editable_by(request.user).filter(pk=f.pk).exists()
        and not f.help_groups.filter(members__user=request.user).exists()
    ):
        raise PermissionDenied("您不能为该档案登记。")
    return f


@require_POST
def add_visit(request, pk):
    f = _editable(request, pk)
    form = HelpVisitForm(request.POST, request.FILES)
    if form.is_valid():
        visit = form.save(commit=False)
        visit.file, visit.created_by = f, request.user
        try:
            visit.full_clean()
            visit.save()
            visit.photos.add(*store_evidence(form.cleaned_data.get("photo_files") or [], f.organization, request.user))
            messages.success(request, "已登记帮扶走访。")
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return HttpResponseRedirect(f.get_absolute_url())


@require_POST
def add_group(request, pk):
    f = get_visible_or_404(ResidentFile, request.user, pk=pk)
    if not ResidentFile.objects.editable_by(request.user).filter(pk=f.pk).exists():
        raise PermissionDenied("您不能调整帮扶小组。")
    form = HelpGroupForm(request.POST, user=request.user)
    if form.is_valid():
        group = form.save(commit=False)
        group.file = f
        group.save()
        form.save_m2m()
        messages.success(request, "已建立帮扶小组。")
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return HttpResponseRedirect(f.get_absolute_url())


@require_POST
def close(request, pk):
    f = get_visible_or_404(ResidentFile.objects.editable_by(request.user), request.user, pk=pk)
    try:
        actions.close_file(request.user, f, request.POST.get("closed_reason", ""))
        messages.success(request, "已销档。")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return HttpResponseRedirect(f.get_absolute_url())


def export(request):
    """The archive as .xlsx: needs a stated reason, is logged, and keeps numbers masked."""
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        files = ResidentFile.objects.visible_to(request.user).select_related("person", "organization", "level")
        rows = [
            (
                f.person.name if f.person else "（已匿名）",
                f.person.id_number_masked if f.person else "",
                f.person.phone_masked if f.person else "",
                f.organization.name,
                f.category_labels,
                f.level.label,
                f.difficulties,
                f.get_status_display(),
            )
            for f in files
        ]
        ExportLog.objects.create(user=request.user, what="民情档案", reason=form.cleaned_data["reason"], rows=len(rows))
        wb = build_workbook(
            "民情档案",
            ["姓名", "身份证号", "手机号码", "社区/网格", "人群类别", "帮扶等级", "困难类型", "状态"],
            rows,
            subtitle="含个人敏感信息，仅限帮扶工作使用",
        )
        return xlsx_response(wb, "民情档案.xlsx")
    return render(request, "care/export.html", {"form": form})


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


def grid_network(request):
    """The 3+× grid network: staff, residents on file, help groups and overdue visits per grid."""
    grids = list(Grid.objects.visible_to(request.user).select_related("organization"))
    staff = Counter(GridStaff.objects.filter(grid__in=grids).values_list("grid_id", flat=True))
    files = ResidentFile.objects.visible_to(request.user)
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
