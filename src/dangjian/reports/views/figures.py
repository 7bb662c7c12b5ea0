"""The rows behind a figure: every number the platform reports opens onto the records it counts."""

from django.core.exceptions import FieldDoesNotExist
from django.http import Http404
from django.utils.decorators import method_decorator
from django.views.generic import ListView

from dangjian.core import export_jobs, metrics, snapshots
from dangjian.core.dbrouter import replica_reads
from dangjian.core.io.xlsx import build_workbook, xlsx_response
from dangjian.core.templatetags.dj import cell
from dangjian.core.views import StaffOnlyMixin
from dangjian.orgs.params import chosen_org

from ..periods import period_params


def relation_paths(model, accessors) -> list[str]:
    """The foreign-key prefixes of dotted accessors, for select_related (keeps the page at a fixed query count)."""
    paths = set()
    for accessor in accessors:
        current, prefix = model, []
        for part in accessor.split("."):  # the last part too: a bare foreign key is shown through its __str__
            try:
                field = current._meta.get_field(part)
            except FieldDoesNotExist:
                break
            if not (field.many_to_one or field.one_to_one):
                break
            prefix.append(field.name)
            paths.add("__".join(prefix))
            current = field.related_model
    return sorted(paths)


@method_decorator(replica_reads, name="dispatch")
class FigureRowsView(StaffOnlyMixin, ListView):
    """Members, volunteers and residents have their own pages (404 here); `?within=` names the organization."""

    template_name = "reports/figure.html"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        try:
            self.metric = metrics.get(kwargs["key"])
        except LookupError:
            raise Http404 from None
        if self.metric.rows is None:
            raise Http404
        self.org = chosen_org(request)  # the top of the user's own part of the tree when not given
        self.start, self.end = period_params(request.GET, request)
        if request.GET.get("format") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    @property
    def columns(self):
        return list(self.metric.columns) or [("记录", "__str__")]

    def get_queryset(self):
        m = self.metric
        qs = metrics.rows(m.key, metrics.Scope(self.request.user), self.org, self.start, self.end)
        related = relation_paths(m.model, [a for _, a in self.columns])
        return (qs.select_related(*related) if related else qs).order_by("pk")

    def export(self):
        qs = self.get_queryset()
        started = export_jobs.in_background(self.request, rows=qs.count(), title=f"{self.metric.label}_{self.org.name}")
        if started:
            return started  # more than 2,000 rows: a long job with a progress bar
        rows = ([_plain(cell(obj, a)) for _, a in self.columns] for obj in qs.iterator(chunk_size=500))
        subtitle = f"{self.org.name}　{self.start:%Y-%m-%d} 至 {self.end:%Y-%m-%d}　口径：{self.metric.definition}"
        wb = build_workbook(self.metric.label, [label for label, _ in self.columns], rows, subtitle=subtitle)
        return xlsx_response(wb, f"{self.metric.label}_{self.org.name}.xlsx")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        m = self.metric
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx.update(metric=m, org=self.org, start=self.start, end=self.end, columns=self.columns,
                   value=metrics.value(m.key, metrics.Scope(self.request.user), self.org, self.start, self.end),
                   query_without_page=query.urlencode(), link_rows=not m.private,
                   snapshot=snapshots.stored(m.key, metrics.Scope(self.request.user), self.org, self.start, self.end))
        return ctx


def _plain(value):
    if hasattr(value, "pk") and not isinstance(value, (int, str)):
        return str(value)
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        from django.utils import timezone

        return timezone.localtime(value).replace(tzinfo=None)
    return value
