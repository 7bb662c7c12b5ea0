"""Staff pages of 换届: the terms (all, due within six months, overdue), one term with its election and those
elected, the election form, and the level above's approval. Buttons answer to `terms_actions`' predicates."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core.dates import add_months
from dangjian.core.filters import ScopedFilterSet
from dangjian.core.views import (
    ObjectEditView,
    ObjectView,
    StaffOnlyMixin,
    TableListView,
    get_visible_or_404,
    run_action,
    staff_only,
)
from dangjian.core.workflow import Refused

from . import terms_actions as actions
from .terms import CommitteeTerm
from .terms_forms import ApprovalForm, ElectedForm, TermForm


def _errors(form) -> str:
    return "；".join(e for errors in form.errors.values() for e in errors)


class TermFilterSet(ScopedFilterSet):
    due = django_filters.ChoiceFilter(
        label="换届情况", method="by_due", empty_label="本届（全部）",
        choices=[("soon", "六个月内届满"), ("overdue", "逾期未换届"), ("closed", "已换届（往届）")])

    class Meta:
        model = CommitteeTerm
        fields = ["due"]

    def by_due(self, qs, name, value):
        today = timezone.localdate()
        if value == "closed":
            return qs.filter(closed_on__isnull=False)
        if value == "overdue":
            return qs.filter(closed_on__isnull=True, ends_on__lt=today)
        return qs.filter(closed_on__isnull=True, ends_on__gte=today, ends_on__lte=add_months(today, 6))

    @property
    def qs(self):
        qs = super().qs
        if not self.form.cleaned_data.get("due"):  # by default the current terms: the ones that fall due
            qs = qs.filter(closed_on__isnull=True)
        return qs


class TermListView(StaffOnlyMixin, TableListView):
    model = CommitteeTerm
    filterset_class = TermFilterSet
    heading = "班子任期与换届"
    add_url_name = "orgs:term_add"
    search_fields = ("organization__name",)
    columns = [("组织", "organization.name"), ("选举日期", "elected_on"), ("任期（年）", "years"),
               ("届满日期", "ends_on"), ("状态", "state_label"), ("上级批复", "approval_label")]
    select_related = ("organization", "approved_by_org")


class TermView(StaffOnlyMixin, ObjectView):
    model = CommitteeTerm
    template_name = "orgs/terms/term.html"

    def base_queryset(self):
        return CommitteeTerm.objects.select_related("organization", "approved_by_org", "created_by")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, term = self.request.user, self.object
        ctx["can_edit"] = actions.may_edit_term(user, term)
        ctx["can_record"] = term.is_current and actions.may_record_election(user, term.organization)
        ctx["approval_form"] = ApprovalForm() if actions.may_approve_term(user, term) else None
        ctx["elected_form"] = ElectedForm(term=term) if ctx["can_edit"] else None
        ctx["elected"] = list(term.elected.select_related("person"))
        ctx["others"] = list(CommitteeTerm.objects.visible_to(user).filter(organization_id=term.organization_id)
                             .exclude(pk=term.pk).order_by("-elected_on")[:10])
        return ctx


class TermEditView(StaffOnlyMixin, ObjectEditView):
    model = CommitteeTerm
    form_class = TermForm

    guard = staticmethod(actions.require_edit_term)
    edit_related = ("organization",)
    prefill = ("organization",)  # from an organization's page or a term's "record the next election"

    def save_form(self, form):
        return actions.save_term(self.request.user, form.instance)


@staff_only
@require_POST
def term_approve(request, pk):
    term = get_visible_or_404(CommitteeTerm.objects.select_related("organization"), request.user, pk=pk)
    if not actions.may_approve_term(request.user, term) and term.approved_on is None:
        raise PermissionDenied("只有上级党组织可以批复换届选举结果。")
    form = ApprovalForm(request.POST)

    def approve():
        if not form.is_valid():
            raise Refused(_errors(form))
        actions.approve_term(request.user, term, form.cleaned_data["on"], form.cleaned_data["number"])

    return run_action(request, term.get_absolute_url(), approve, "已登记上级批复。")


@staff_only
@require_POST
def term_elected(request, pk):
    term = get_visible_or_404(CommitteeTerm.objects.select_related("organization"), request.user, pk=pk)
    if not actions.may_record_election(request.user, term.organization):  # a closed term: 409 from the action
        raise PermissionDenied("您的角色不能修改此任期。")
    form = ElectedForm(request.POST, term=term)

    def add():
        if not form.is_valid():
            raise Refused(_errors(form))
        data = form.cleaned_data
        actions.add_elected(request.user, term, data["name"], data["post"], data["person"], data["votes"])

    return run_action(request, term.get_absolute_url(), add, "已登记当选委员。")
