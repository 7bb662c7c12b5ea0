from datetime import date

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core.forms import store_evidence
from dangjian.core.params import int_param, year_param
from dangjian.core.views import (
    ObjectEditView,
    ObjectView,
    StaffOnlyMixin,
    TableListView,
    evidence_response,
    get_visible_or_404,
    run_action,
    staff_only,
)
from dangjian.members.views.meetings import qr_svg
from dangjian.orgs.params import chosen_org, org_choices

from . import actions, signups
from .forms import AgreementForm, JointActivityForm, NeedForm, PartnerForm, ProjectForm, ResourceForm
from .models import CoBuildAgreement, JointActivity, Need, PartnerUnit, Project, Resource, SignupStatus
from .participation import participation


class PartnerListView(StaffOnlyMixin, TableListView):
    search_fields = ("name", "party_org")
    model = PartnerUnit
    heading = "共建单位（大党委）"
    add_url_name = "coop:partner_add"
    extra_links = [("需求·资源·项目", "coop:lists"), ("联创共建活动", "coop:activity_list"),
                   ("在职党员参与率", "coop:participation")]
    columns = [("单位", "name"), ("类型", "kind"), ("单位党组织", "party_org"), ("党员数", "member_count"),
               ("大党委兼职委员", "leader_on_committee"), ("共建社区", "organization.name")]
    select_related = ("organization",)


class PartnerView(ObjectView):
    model = PartnerUnit
    template_name = "coop/partner.html"

    def base_queryset(self):
        return PartnerUnit.objects.select_related("organization")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        agreements = actions.mark_managed(user, self.object.agreements.all())
        for a in agreements:
            a.in_force = actions.in_force(a)
            a.may_edit = actions.may_change(user, a)
            a.may_end = actions.may_end_agreement(user, a)
        ctx.update(agreements=agreements, activities=self.object.activities.all()[:50],
                   resources=self.object.resources.all())
        return ctx


class PartnerEditView(ObjectEditView):
    model = PartnerUnit
    form_class = PartnerForm


class AgreementEditView(ObjectEditView):
    model = CoBuildAgreement
    form_class = AgreementForm

    prefill = ("partner",)  # from a partner unit's page


@require_POST
def end_agreement(request, pk):
    agreement = get_visible_or_404(CoBuildAgreement, request.user, pk=pk)
    return run_action(request, agreement.get_absolute_url(),
                      lambda: actions.end_agreement(request.user, agreement, request.POST.get("reason", "")),
                      "已终止共建协议。")


class ActivityListView(StaffOnlyMixin, TableListView):
    search_fields = ("title", "kind")
    model = JointActivity
    heading = "联创共建活动"
    add_url_name = "coop:activity_add"
    columns = [("活动", "title"), ("日期", "date"), ("类型", "kind"), ("共建单位人数", "partner_staff"),
               ("社区", "organization.name")]
    select_related = ("organization",)


class ActivityView(StaffOnlyMixin, ObjectView):
    """One activity with its participants: a fixed number of queries however many members took part.
    Staff only: members see their community's activities on the phone (coop/phone.py)."""

    model = JointActivity
    template_name = "coop/activity.html"

    def base_queryset(self):
        return JointActivity.objects.select_related("organization")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        activity = self.object
        ctx["partners"] = activity.partners.all()
        ctx["members"] = activity.members.select_related("person").order_by("person__pinyin", "pk")
        ctx["photos"] = activity.photos.all()
        rows = list(activity.signups.select_related("member__person").order_by("status", "member__person__pinyin",
                                                                                "pk")[:300])
        ctx["signups"] = rows
        ctx["signed_count"] = sum(1 for s in rows if s.status in signups.TAKEN)
        ctx["checked_count"] = sum(1 for s in rows if s.status == SignupStatus.CHECKED_IN)
        ctx["window"] = [timezone.localtime(t) for t in activity.checkin_window()]
        return ctx


def activity_qr(request, pk):
    """A printable sheet for the organizer: the activity's check-in QR and the window it is valid in."""
    activity = get_visible_or_404(JointActivity.objects.select_related("organization"), request.user, pk=pk)
    if not actions.may_change(request.user, activity):
        raise PermissionDenied("您的角色不能查看该活动的签到码。")
    url = request.build_absolute_uri(reverse("cobuild:check_in", kwargs={"token": activity.checkin_token}))
    opens, closes = (timezone.localtime(t) for t in activity.checkin_window())
    return render(request, "coop/activity_qr.html", {"activity": activity, "qr": qr_svg(url, 10), "url": url,
                                                      "opens": opens, "closes": closes})


class ActivityEditView(ObjectEditView):
    model = JointActivity
    form_class = JointActivityForm

    def save_form(self, form):
        """Runs inside the edit's step: a refused save (or a bad photo) keeps no file."""
        activity = form.save()
        files = form.cleaned_data.get("photo_files") or []
        if files:
            activity.photos.add(*store_evidence(files, activity.organization, self.request.user))
        return activity


def activity_photo(request, pk, evidence_pk):
    return evidence_response(get_visible_or_404(JointActivity, request.user, pk=pk), evidence_pk, "photos")


@staff_only
def lists(request):
    """需求清单 · 资源清单 · 项目清单 side by side for the user's part of the tree."""
    user = request.user
    needs = actions.mark_managed(user, actions.with_matched(
        Need.objects.visible_to(user).select_related("organization"))[:100])
    for n in needs:
        n.may_match = actions.may_match(user, n)
    projects = actions.mark_managed(user, Project.objects.visible_to(user).select_related(
        "organization", "need", "resource")[:100])
    for p in projects:
        p.may_start = actions.may_start_project(user, p)
        p.may_finish = actions.may_finish_project(user, p)
    resources = list(Resource.objects.visible_to(user).select_related("partner")[:100])
    return render(request, "coop/lists.html", {"needs": needs, "resources": resources, "projects": projects})


@require_POST
def match_need(request, pk):
    need = get_visible_or_404(Need, request.user, pk=pk)

    def match():
        resource = Resource.objects.visible_to(request.user).filter(
            pk=int_param(request.POST.get("resource"), 0)).first()
        actions.match_need(request.user, need, resource, request.POST.get("title", ""))

    return run_action(request, need.get_absolute_url(), match, "已对接资源，形成项目。")


@require_POST
def start_project(request, pk):
    project = get_visible_or_404(Project, request.user, pk=pk)
    return run_action(request, project.get_absolute_url(), lambda: actions.start_project(request.user, project),
                      "项目已开始实施。")


@require_POST
def finish_project(request, pk):
    project = get_visible_or_404(Project, request.user, pk=pk)
    return run_action(request, project.get_absolute_url(),
                      lambda: actions.finish_project(request.user, project, request.POST.get("outcome", "")),
                      "项目已完成。")


class NeedEditView(ObjectEditView):
    model = Need
    form_class = NeedForm


class ResourceEditView(ObjectEditView):
    model = Resource
    form_class = ResourceForm


class ProjectEditView(ObjectEditView):
    model = Project
    form_class = ProjectForm


@staff_only
def participation_view(request):
    within = chosen_org(request)
    year = year_param(request.GET.get("year"))
    rows = participation(request.user, within, date(year, 1, 1), date(year, 12, 31))
    return render(request, "coop/participation.html", {"rows": rows, "within": within, "year": year,
                                                       "orgs": org_choices(request)})
