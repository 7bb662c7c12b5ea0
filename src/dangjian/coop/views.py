from datetime import date

from django.shortcuts import render

from dangjian.core.forms import store_evidence
from dangjian.core.params import year_param
from dangjian.core.views import ObjectEditView, ObjectView, TableListView
from dangjian.orgs.params import chosen_org, org_choices

from .forms import AgreementForm, JointActivityForm, NeedForm, PartnerForm, ProjectForm, ResourceForm
from .models import CoBuildAgreement, JointActivity, Need, PartnerUnit, Project, Resource
from .participation import participation


class PartnerListView(TableListView):
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


class PartnerEditView(ObjectEditView):
    model = PartnerUnit
    form_class = PartnerForm


class AgreementEditView(ObjectEditView):
    model = CoBuildAgreement
    form_class = AgreementForm


class ActivityListView(TableListView):
    search_fields = ("title", "kind")
    model = JointActivity
    heading = "联创共建活动"
    add_url_name = "coop:activity_add"
    columns = [("活动", "title"), ("日期", "date"), ("类型", "kind"), ("共建单位人数", "partner_staff"),
               ("社区", "organization.name")]
    select_related = ("organization",)


class ActivityView(ObjectView):
    model = JointActivity
    template_name = "coop/activity.html"


class ActivityEditView(ObjectEditView):
    model = JointActivity
    form_class = JointActivityForm

    def save_form(self, form):
        activity = form.save()
        files = form.cleaned_data.get("photo_files") or []
        if files:
            activity.photos.add(*store_evidence(files, activity.organization, self.request.user))
        return activity


def lists(request):
    """需求清单 · 资源清单 · 项目清单 side by side for the user's part of the tree."""
    user = request.user
    return render(request, "coop/lists.html", {
        "needs": Need.objects.visible_to(user).select_related("organization")[:100],
        "resources": Resource.objects.visible_to(user).select_related("partner")[:100],
        "projects": Project.objects.visible_to(user).select_related("organization", "need", "resource")[:100],
    })


class NeedEditView(ObjectEditView):
    model = Need
    form_class = NeedForm


class ResourceEditView(ObjectEditView):
    model = Resource
    form_class = ResourceForm


class ProjectEditView(ObjectEditView):
    model = Project
    form_class = ProjectForm


def participation_view(request):
    within = chosen_org(request)
    year = year_param(request.GET.get("year"))
    rows = participation(request.user, within, date(year, 1, 1), date(year, 12, 31))
    return render(request, "coop/participation.html", {"rows": rows, "within": within, "year": year,
                                                       "orgs": org_choices(request)})
