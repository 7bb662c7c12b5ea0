"""Staff pages of 双培四联三帮带: the pairings with their outcome, the link activities, the helps.

Every record has a page of its own that everyone who sees the record may open (the street's cadres and the
district read them); its 修改 button and the edit page answer to the one predicate
`two_new_actions.may_edit_two_new`.
"""

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.views.decorators.http import require_POST

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

from . import two_new_actions as actions
from .choices import OrgKind
from .forms import CultivationForm, CultivationOutcomeForm, HelpRecordForm, LinkActivityForm
from .models import Organization
from .two_new import Cultivation, HelpRecord, LinkActivity

SECTIONS = [("双培结对", "orgs:cultivation_list"), ("四联活动", "orgs:link_list"), ("三帮带记录", "orgs:help_list")]


def two_new_summary(user, org) -> dict:
    """The counts the organization's page shows of its 双培四联三帮带 records (as the user may see them)."""
    from django.db.models import Count, Q

    from .choices import CultivationStatus

    pairings = Cultivation.objects.visible_to(user).filter(organization=org).aggregate(
        pairings=Count("pk"), achieved=Count("pk", filter=Q(status=CultivationStatus.ACHIEVED)))
    return {**pairings, "links": LinkActivity.objects.visible_to(user).filter(organization=org).count(),
            "helps": HelpRecord.objects.visible_to(user).filter(organization=org).count()}


class TwoNewFilterSet(ScopedFilterSet):
    """?organization=<id>: one two-new organization's records — what its page counts (records sit on the
    organization's own node, never below it), unlike a search by name, which also finds organizations whose
    names contain it."""

    organization = django_filters.ModelChoiceFilter(
        label="两新组织", queryset=Organization.objects.filter(kind=OrgKind.TWO_NEW_ORG), empty_label="全部")


class TwoNewListView(StaffOnlyMixin, TableListView):
    """One of the three lists, each linking to the other two (and keeping the organization chosen)."""

    url_name = ""
    filterset_class = TwoNewFilterSet

    def get_extra_links(self):
        org = self.request.GET.get("organization", "")
        query = f"?organization={org}" if org.isdigit() else ""
        return [(label, reverse(name) + query) for label, name in SECTIONS if name != self.url_name]


class TwoNewRecordView(StaffOnlyMixin, ObjectView):
    """One record, for everyone who sees it; 修改 only where `may_edit_two_new` says so."""

    template_name = "orgs/two_new_record.html"
    list_url_name = ""
    edit_url_name = ""
    fields: list[tuple[str, str]] = []  # (label, dotted accessor), as a list page's columns

    def base_queryset(self):
        return self.model.objects.select_related("organization", "created_by")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_edit"] = actions.may_edit_two_new(self.request.user, self.object)
        ctx.update(fields=self.fields, list_url=reverse(self.list_url_name),
                   list_label=self.model._meta.verbose_name_plural,
                   edit_url=reverse(self.edit_url_name, kwargs={"pk": self.object.pk}))
        return ctx


class CultivationListView(TwoNewListView):
    model = Cultivation
    url_name = "orgs:cultivation_list"
    heading = "双培结对（培养党员成骨干、培养骨干成党员）"
    add_url_name = "orgs:cultivation_add"
    search_fields = ("person__name", "mentor__name", "organization__name")
    columns = [("培养对象", "person.name"), ("培养方向", "get_direction_display"), ("联系人", "mentor.name"),
               ("结对日期", "start"), ("培养结果", "outcome_label"), ("结果日期", "outcome_on"),
               ("两新组织", "organization.name")]
    select_related = ("person", "mentor", "organization")


class CultivationView(StaffOnlyMixin, ObjectView):
    model = Cultivation
    template_name = "orgs/cultivation.html"

    def base_queryset(self):
        return Cultivation.objects.select_related("person", "mentor", "organization")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["can_edit"] = actions.may_edit_two_new(user, self.object)
        ctx["outcome_form"] = CultivationOutcomeForm() if actions.may_conclude_cultivation(user, self.object) else None
        return ctx


class TwoNewEditView(StaffOnlyMixin, ObjectEditView):
    """Add a record, or change one `may_edit_two_new` allows (a concluded pairing: 409 with the reason)."""

    guard = staticmethod(actions.require_edit_two_new)
    edit_related = ("organization",)

    def save_form(self, form):
        return actions.save_two_new_record(self.request.user, form.instance)


class CultivationEditView(TwoNewEditView):
    model = Cultivation
    form_class = CultivationForm


@staff_only
@require_POST
def cultivation_conclude(request, pk):
    cultivation = get_visible_or_404(Cultivation.objects.select_related("organization"), request.user, pk=pk)
    if not actions.manages_two_new(request.user, cultivation):  # before reading the form: nothing to learn
        raise PermissionDenied("您的角色不能登记培养结果。")
    form = CultivationOutcomeForm(request.POST)

    def conclude():
        if not form.is_valid():
            raise Refused("；".join(e for errors in form.errors.values() for e in errors))
        data = form.cleaned_data
        actions.conclude_cultivation(request.user, cultivation, data["status"], data["on"], data["outcome"])

    return run_action(request, cultivation.get_absolute_url(), conclude, "已登记培养结果。")


class LinkListView(TwoNewListView):
    model = LinkActivity
    url_name = "orgs:link_list"
    heading = "四联活动（组织联建、活动联办、资源联享、服务联动）"
    add_url_name = "orgs:link_add"
    search_fields = ("content", "partner", "organization__name")
    columns = [("日期", "date"), ("四联", "get_link_display"), ("联系对象", "partner"), ("活动内容", "content"),
               ("参加人数", "participants"), ("两新组织", "organization.name")]
    select_related = ("organization",)


class LinkView(TwoNewRecordView):
    model = LinkActivity
    list_url_name, edit_url_name = "orgs:link_list", "orgs:link_edit"
    fields = [("四联", "get_link_display"), ("日期", "date"), ("联系对象", "partner"), ("活动内容", "content"),
              ("参加人数", "participants")]


class LinkEditView(TwoNewEditView):
    model = LinkActivity
    form_class = LinkActivityForm


class HelpListView(TwoNewListView):
    model = HelpRecord
    url_name = "orgs:help_list"
    heading = "三帮带记录（帮思想、帮技能、帮发展）"
    add_url_name = "orgs:help_add"
    search_fields = ("content", "helper", "helped", "organization__name")
    columns = [("日期", "date"), ("三帮带", "get_kind_display"), ("帮带人（单位）", "helper"), ("帮带对象", "helped"),
               ("帮带内容", "content"), ("成效", "result"), ("两新组织", "organization.name")]
    select_related = ("organization",)


class HelpView(TwoNewRecordView):
    model = HelpRecord
    list_url_name, edit_url_name = "orgs:help_list", "orgs:help_edit"
    fields = [("三帮带", "get_kind_display"), ("日期", "date"), ("帮带人（单位）", "helper"), ("帮带对象", "helped"),
              ("帮带内容", "content"), ("成效", "result")]


class HelpEditView(TwoNewEditView):
    model = HelpRecord
    form_class = HelpRecordForm
