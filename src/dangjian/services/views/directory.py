"""One page each for the directory rows of services — a team with its captain, an alliance member, a talent, a
brand — with their history and the archive / restore buttons (`actions_archive`)."""

from django.http import Http404
from django.views.decorators.http import require_POST

from dangjian.core.views import ObjectView, get_visible_or_404, run_action, staff_only

from .. import actions_archive
from ..models import AllianceMember, BrandProject, Talent, VolunteerTeam


class ArchivedListMixin:
    """A list of rows in use; ?archived=1 lists the archived ones instead (their pages keep their history)."""

    def showing_archived(self) -> bool:
        return self.request.GET.get("archived") == "1"

    def base_queryset(self):
        return super().base_queryset().filter(archived_at__isnull=not self.showing_archived())

    def get_extra_links(self):
        from django.urls import reverse

        here = reverse(self.request.resolver_match.view_name)
        toggle = ("在用", here) if self.showing_archived() else ("已归档", f"{here}?archived=1")
        return [*super().get_extra_links(), toggle]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if self.showing_archived():
            ctx["heading"] = f"{ctx['heading']}（已归档）"
        return ctx


class DirectoryView(ObjectView):
    """A row's fields as (label, value), its captain or person, history, and the buttons its predicates allow."""

    template_name = "services/directory_detail.html"
    list_url_name = ""
    edit_url_name = ""
    archive_url_name = ""
    restore_url_name = ""
    select_related: tuple = ("organization",)
    fields: tuple = ()

    def base_queryset(self):
        return self.model.objects.select_related(*self.select_related)

    def rows(self):
        from dangjian.core.templatetags.dj import cell

        return [(label, cell(self.object, accessor)) for label, accessor in self.fields]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, obj = self.request.user, self.object
        ctx.update(rows=self.rows(), list_url_name=self.list_url_name, edit_url_name=self.edit_url_name,
                   archive_url_name=self.archive_url_name, restore_url_name=self.restore_url_name,
                   heading=self.model._meta.verbose_name_plural,
                   may={"archive": actions_archive.may_archive(user, obj),
                        "restore": actions_archive.may_restore(user, obj)})
        return ctx


class TeamView(DirectoryView):
    model = VolunteerTeam
    list_url_name, edit_url_name = "services:team_list", "services:team_edit"
    archive_url_name, restore_url_name = "services:team_archive", "services:team_restore"
    select_related = ("organization", "leader")
    fields = (("服务方向", "focus"), ("队长", "leader.name"), ("所属组织", "organization.name"))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["members"] = self.object.volunteers.select_related("person").order_by("person__pinyin")[:100]
        return ctx


class AllianceView(DirectoryView):
    model = AllianceMember
    list_url_name, edit_url_name = "services:alliance_list", "services:alliance_edit"
    archive_url_name, restore_url_name = "services:alliance_archive", "services:alliance_restore"
    fields = (("商户", "is_merchant"), ("服务内容", "services"), ("优惠方式", "terms"), ("联系方式", "contact"),
              ("社区", "organization.name"))


class TalentView(DirectoryView):
    model = Talent
    list_url_name, edit_url_name = "services:talent_list", "services:talent_edit"
    archive_url_name, restore_url_name = "services:talent_archive", "services:talent_restore"
    select_related = ("organization", "person")
    fields = (("能人", "person.name"), ("专长", "expertise"), ("能讲党课", "can_lecture"),
              ("可服务时间", "availability"), ("社区", "organization.name"))


class BrandView(DirectoryView):
    model = BrandProject
    list_url_name, edit_url_name = "services:brand_list", "services:brand_edit"
    archive_url_name, restore_url_name = "services:brand_archive", "services:brand_restore"
    select_related = ("organization", "parent")
    fields = (("类型", "get_kind_display"), ("所属品牌", "parent.name"), ("服务对象", "target_group"),
              ("常设服务项目", "standing_items"), ("成效", "results"), ("社区", "organization.name"))


MODELS = {"team": VolunteerTeam, "alliance": AllianceMember, "talent": Talent, "brand": BrandProject}
STEPS = {"archive": (actions_archive.archive, "已归档「{}」，它不再出现在列表和统计中。"),
         "restore": (actions_archive.restore, "已恢复「{}」。")}


@staff_only
@require_POST
def archive_step(request, pk, kind, action):
    """Archive or restore a directory row (the URL names the kind and the step: team_archive, brand_restore …)."""
    if kind not in MODELS or action not in STEPS:
        raise Http404("没有这项操作。")
    obj = get_visible_or_404(MODELS[kind].objects.select_related("organization"), request.user, pk=pk)
    func, done = STEPS[action]
    return run_action(request, obj.get_absolute_url(),
                      lambda: func(request.user, obj, request.POST.get("reason", "")), done.format(obj))
