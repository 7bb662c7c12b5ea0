"""The audit log page: the audit administrator reads, filters, exports and verifies the trail (core/trail.py).

Nobody else reaches it: the rows are declared for the audit duty alone (`AuditEvent.reach`), so for any
other account the page has nothing to show and answers 404 rather than an empty list that suggests a log.
"""

import django_filters
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import trail, trail_export
from .duties import Duty, duty_of
from .filters import ScopedFilterSet
from .trail import AuditEvent, Kind
from .views import TableListView


def _auditor_or_404(user) -> None:
    if not (getattr(user, "is_superuser", False) or duty_of(user) == Duty.AUDIT_ADMIN):
        raise Http404("没有可查看的审计日志。")


class AuditFilter(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(label="类别", choices=Kind.choices, empty_label="全部")
    start = django_filters.DateFilter(label="起始日期", field_name="created", lookup_expr="date__gte")
    end = django_filters.DateFilter(label="截止日期", field_name="created", lookup_expr="date__lte")
    actor = django_filters.CharFilter(label="操作人或账号", field_name="actor_name", lookup_expr="icontains")

    class Meta:
        model = AuditEvent
        fields = ["kind", "start", "end", "actor"]


class AuditListView(TableListView):
    model = AuditEvent
    filterset_class = AuditFilter
    template_name = "core/audit_list.html"
    heading = "审计日志"
    paginate_by = 50
    columns = [("序号", "pk"), ("时间", "created"), ("类别", "get_kind_display"), ("操作人", "actor_name"),
               ("角色", "actor_role"), ("地址", "remote_addr"), ("内容", "summary")]

    def dispatch(self, request, *args, **kwargs):
        _auditor_or_404(request.user)
        return super().dispatch(request, *args, **kwargs)

    def export(self):
        """The filtered period with each row's hashes (the file can be checked link by link elsewhere)."""
        events = self.get_queryset()
        data = self.filterset.form.cleaned_data if self.filterset.is_valid() else {}
        start, end = data.get("start"), data.get("end")
        response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        title = f"审计日志 {start or '最早'} 至 {end or timezone.localdate()}"
        count = trail_export.write(events, response, title)
        trail.append(Kind.SECURITY, f"导出审计日志{count}条（{start or '最早'}至{end or '现在'}）",
                     actor=self.request.user)
        response["Content-Disposition"] = "attachment; filename*=UTF-8''audit.xlsx"
        return response

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["retention_days"] = trail.retention_days()
        return ctx


@require_POST
def verify(request):
    _auditor_or_404(request.user)
    problems = trail.verify()
    trail.append(Kind.SECURITY, f"校验审计链：发现问题{len(problems)}处", actor=request.user)
    if problems:
        shown = "；".join(problems[:10]) + ("……" if len(problems) > 10 else "")
        messages.error(request, f"审计链校验发现 {len(problems)} 处问题：{shown}")
    else:
        messages.success(request, "审计链校验完成：全部记录完整，未发现改动或删除。")
    back = request.GET.urlencode()  # the auditor comes back to the list as they filtered it
    return HttpResponseRedirect(reverse("audit_log") + (f"?{back}" if back else ""))
