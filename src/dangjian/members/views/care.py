from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dangjian.core.views import (
    ObjectEditView,
    ObjectListView,
    add_validation_error,
    can_create,
    get_visible_or_404,
    run_action,
)

from .. import actions
from ..filters import AwardFilterSet, CareVisitFilterSet
from ..forms import CareVisitForm, NominationForm
from ..models import Award, CareVisit
from . import DECISIONS


class CareListView(ObjectListView):
    model = CareVisit
    filterset_class = CareVisitFilterSet
    template_name = "members/care_list.html"

    def base_queryset(self):
        return CareVisit.objects.select_related("member__person", "member__branch")


class CareEditView(ObjectEditView):
    model = CareVisit
    form_class = CareVisitForm

    def save_form(self, form):
        return actions.save_care_visit(self.request.user, form.instance)

    def get_success_url(self):
        return reverse("members:care_list")


class AwardListView(ObjectListView):
    model = Award
    filterset_class = AwardFilterSet
    template_name = "members/award_list.html"

    def base_queryset(self):
        return Award.objects.select_related("member__person", "member__branch", "proposer_org", "decided_by")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        for award in ctx["object_list"]:
            award.may_decide = actions.may_decide_award(self.request.user, award)
        return ctx


def award_nominate(request):
    if not can_create(request.user, Award):
        raise PermissionDenied("您的角色不能推荐评优。")
    form = NominationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.nominate(request.user, d["member"], d["kind"], d["year"], d["reason"])
        except ValidationError as exc:  # a Refused, shown on the field it names
            add_validation_error(form, exc)
        else:
            messages.success(request, "已提交推荐，待上级组织审批。")
            return HttpResponseRedirect(reverse("members:award_list") + f"?year={d['year']}")
    return render(request, "generic/object_edit.html", {"form": form, "model_name": "评优推荐", "is_new": True})


@require_POST
def award_decide(request, pk):
    award = get_visible_or_404(Award.objects.select_related("proposer_org", "member__person"), request.user, pk=pk)
    approve = DECISIONS.get(request.POST.get("decision", ""))
    return run_action(request, reverse("members:award_list") + f"?year={award.year}",
                      lambda: actions.decide_award(request.user, award, approve, request.POST.get("note", "")),
                      "已审批。")
