"""The street's deadline rule for problems (整改时限规则): read by the street's staff, set by its committee."""

from dangjian.core.views import ObjectEditView, ObjectListView, StaffOnlyMixin

from ..forms import DeadlineRuleForm
from ..models import DeadlineRule


class DeadlineRuleListView(StaffOnlyMixin, ObjectListView):
    model = DeadlineRule
    template_name = "ledgers/deadline_rules.html"

    def base_queryset(self):
        return DeadlineRule.objects.select_related("street")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rows = list(ctx["object_list"])
        editable = set(DeadlineRule.objects.editable_by(self.request.user).filter(pk__in=[r.pk for r in rows])
                       .values_list("pk", flat=True))
        ctx["rows"] = [(r, r.pk in editable) for r in rows]
        ctx["defaults"] = DeadlineRule()
        return ctx


class DeadlineRuleEditView(ObjectEditView):
    model = DeadlineRule
    form_class = DeadlineRuleForm
