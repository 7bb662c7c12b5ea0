"""Staff pages of the services domain: lists, the wish workflow, activities and hours, the menu."""

import segno
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from dangjian.core.views import (
    ObjectEditView,
    ObjectView,
    StaffOnlyMixin,
    TableListView,
    get_editable_or_404,
    get_visible_or_404,
    run_action,
    staff_only,
)

from .. import actions
from ..choices import ACTIVE_BOOKING, BookingStatus
from ..forms import (
    ActivityForm,
    AllianceForm,
    BrandForm,
    ServiceItemForm,
    SlotForm,
    StaffWishForm,
    TalentForm,
    TeamForm,
    VolunteerForm,
)
from ..models import (
    Activity,
    AllianceMember,
    Booking,
    BrandProject,
    MicroWish,
    ServiceItem,
    ServiceSlot,
    Signup,
    StationService,
    Talent,
    Volunteer,
    VolunteerTeam,
)
from .directory import ArchivedListMixin


class WishListView(StaffOnlyMixin, TableListView):
    search_fields = ("content", "resident__name")
    model = MicroWish
    heading = "微心愿"
    add_url_name = "services:wish_add"
    columns = [
        ("心愿", "content"),
        ("类别", "category"),
        ("许愿人", "resident.name"),
        ("社区", "organization.name"),
        ("状态", "status"),
        ("认领人", "claimed_by"),
    ]
    select_related = ("resident", "organization", "claimed_by")


class WishCreateView(ObjectEditView):
    model = MicroWish
    form_class = StaffWishForm

    def save_form(self, form):
        d = form.cleaned_data
        return actions.submit_wish(self.request.user, d["organization"], d["resident"], d["content"],
                                   d["category"], d.get("budget"))


class WishView(StaffOnlyMixin, ObjectView):
    model = MicroWish
    template_name = "services/wish.html"

    def base_queryset(self):
        return MicroWish.objects.select_related("resident", "organization", "claimed_by", "claimed_partner")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, wish = self.request.user, self.object
        ctx["may"] = {"review": actions.may_review(user, wish), "confirm": actions.may_confirm(user, wish)}
        return ctx


@staff_only
@require_POST
def wish_action(request, pk, action):
    wish = get_visible_or_404(MicroWish.objects.select_related("resident", "organization"), request.user, pk=pk)
    user = request.user
    steps = {
        "publish": (lambda: actions.review_wish(user, wish, True), "已发布，等待认领。"),
        "reject": (lambda: actions.review_wish(user, wish, False, request.POST.get("reason", "")), "已退回。"),
        "confirm": (lambda: actions.confirm_wish(user, wish), "已确认心愿实现。"),
    }
    if action not in steps:
        raise Http404("没有这项操作。")
    func, ok = steps[action]
    return run_action(request, wish.get_absolute_url(), func, ok)


class ActivityListView(StaffOnlyMixin, TableListView):
    search_fields = ("title", "place")
    model = Activity
    heading = "志愿活动"
    add_url_name = "services:activity_add"
    columns = [
        ("活动", "title"),
        ("开始", "starts_at"),
        ("地点", "place"),
        ("名额", "capacity"),
        ("已报名", "seats_taken"),
        ("组织单位", "organization.name"),
    ]
    select_related = ("organization",)


class ActivityView(StaffOnlyMixin, ObjectView):
    model = Activity
    template_name = "services/activity.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        signups = list(Signup.objects.visible_to(user).filter(activity=self.object, cancelled_at__isnull=True)
                       .select_related("person", "activity__organization"))
        for s in signups:
            s.may_confirm_hours = actions.may_confirm_hours(user, s)
        ctx["signups"] = signups
        if ctx["can_edit"]:
            url = self.request.build_absolute_uri(reverse("public:check", kwargs={"token": self.object.checkin_token}))
            ctx["check_url"] = url
            ctx["qr"] = mark_safe(segno.make(url, error="m").svg_inline(scale=5, dark="#8c0f16"))
        return ctx


class ActivityEditView(ObjectEditView):
    model = Activity
    form_class = ActivityForm

    def save_form(self, form):
        activity = form.save(commit=False)
        return actions.save_activity(self.request.user, activity, {f: getattr(activity, f) for f in form.Meta.fields})


@staff_only
@require_POST
def confirm_hours(request, pk, signup_pk):
    signup = get_visible_or_404(Signup.objects.select_related("activity__organization", "person"), request.user,
                                pk=signup_pk, activity_id=pk)
    return run_action(request, signup.activity.get_absolute_url(), lambda: actions.confirm_hours(request.user, signup),
                      f"已确认 {signup.person.name} 的服务时长。")


class VolunteerListView(TableListView):
    search_fields = ("person__name", "skills")
    model = Volunteer
    heading = "志愿者"
    add_url_name = "services:volunteer_add"
    extra_links = [("服务队", "services:team_list")]
    columns = [("姓名", "person.name"), ("社区/组织", "organization.name"), ("特长", "skills"), ("在册", "active")]
    select_related = ("person", "organization")

    def base_queryset(self):
        qs = super().base_queryset()
        team = self.request.GET.get("team", "")
        return qs.filter(teams__pk=team) if team.isdecimal() else qs


class VolunteerView(ObjectView):
    model = Volunteer
    template_name = "services/volunteer.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        person = self.object.person
        ctx["hours"] = actions.volunteer_hours(person)
        ctx["star"] = actions.volunteer_star(person)
        ctx["records"] = (
            Signup.objects.filter(person=person, cancelled_at__isnull=True)
            .select_related("activity")
            .order_by("-activity__starts_at")[:50]
        )
        ctx["station_records"] = (StationService.objects.visible_to(self.request.user).filter(volunteer=self.object)
                                  .select_related("station")[:50])
        return ctx


class VolunteerEditView(ObjectEditView):
    model = Volunteer
    form_class = VolunteerForm


class TeamListView(ArchivedListMixin, TableListView):
    model = VolunteerTeam
    heading = "志愿服务队"
    add_url_name = "services:team_add"
    columns = [("服务队", "name"), ("服务方向", "focus"), ("队长", "leader"), ("所属组织", "organization.name")]
    select_related = ("leader", "organization")


class TeamEditView(ObjectEditView):
    model = VolunteerTeam
    form_class = TeamForm

    def save_form(self, form):
        """The captain serves in the team: a captain not yet in it joins it."""
        team = form.save()
        if team.leader_id is not None:
            captain = Volunteer.objects.filter(person_id=team.leader_id).first()
            if captain is not None and not captain.teams.filter(pk=team.pk).exists():
                captain.teams.add(team)
        return team


class ItemListView(StaffOnlyMixin, TableListView):
    search_fields = ("title", "description")
    model = ServiceItem
    heading = "服务菜单"
    add_url_name = "services:item_add"
    extra_links = [
        ("预约", "services:booking_list"),
        ("便民服务联盟", "services:alliance_list"),
        ("草根能人", "services:talent_list"),
        ("服务品牌", "services:brand_list"),
    ]
    columns = [
        ("服务项目", "title"),
        ("方式", "mode"),
        ("提供方", "provider"),
        ("免费", "free"),
        ("价格", "price"),
        ("社区", "organization.name"),
    ]
    select_related = ("organization", "team", "alliance_member", "talent__person")


class ItemView(StaffOnlyMixin, ObjectView):
    model = ServiceItem
    template_name = "services/item.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        slots = list(ServiceSlot.objects.filter(item=self.object).order_by("-starts_at")[:60])
        booked: dict = {}
        for b in (Booking.objects.filter(slot__in=slots, status__in=list(ACTIVE_BOOKING))
                  .select_related("resident").order_by("created")):
            booked.setdefault(b.slot_id, []).append(b)
        ctx["slots"] = [(s, booked.get(s.pk, [])) for s in slots]
        ctx["slot_form"] = SlotForm()
        ctx["may_add_slots"] = actions.may_add_slots(self.request.user, self.object)
        return ctx


class ItemEditView(ObjectEditView):
    model = ServiceItem
    form_class = ServiceItemForm


@require_POST
def add_slots(request, pk):
    item = get_editable_or_404(ServiceItem, request.user, pk)  # 404 out of sight, 403 read-only: before the form
    form = SlotForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return HttpResponseRedirect(item.get_absolute_url())
    d = form.cleaned_data
    return run_action(request, item.get_absolute_url(),
                      lambda: actions.add_slots(request.user, item, d["starts_at"], d["ends_at"], d["repeat_weeks"]),
                      f"已添加 {d['repeat_weeks']} 个可预约时段。")


class BookingListView(TableListView):
    model = Booking
    heading = "预约"
    template_name = "services/booking_list.html"
    select_related = ("slot__item__organization", "resident")

    def get_queryset(self):
        """?status=booked is where a to-do row leads: the bookings waiting, not every booking ever made."""
        qs = super().get_queryset()
        status = self.request.GET.get("status")
        return qs.filter(status=status) if status in BookingStatus.values else qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        status = self.request.GET.get("status")
        ctx["status_label"] = BookingStatus(status).label if status in BookingStatus.values else ""
        user = self.request.user
        for b in ctx["object_list"]:
            b.may = {step: actions.may_move_booking(user, b, step) for step in actions.BOOKING_STEPS}
        return ctx


@staff_only
@require_POST
def booking_action(request, pk, action):
    booking = get_visible_or_404(Booking.objects.select_related("slot__item__organization"), request.user, pk=pk)
    if action not in actions.BOOKING_STEPS:
        raise Http404("没有这项操作。")
    return run_action(request, reverse("services:booking_list"),
                      lambda: actions.move_booking(request.user, booking, action), "已更新预约。")


class AllianceListView(ArchivedListMixin, TableListView):
    search_fields = ("name", "services", "terms")
    model = AllianceMember
    heading = "便民服务联盟"
    add_url_name = "services:alliance_add"
    columns = [
        ("名称", "name"),
        ("商户", "is_merchant"),
        ("服务内容", "services"),
        ("优惠方式", "terms"),
        ("社区", "organization.name"),
    ]
    select_related = ("organization",)


class AllianceEditView(ObjectEditView):
    model = AllianceMember
    form_class = AllianceForm


class TalentListView(ArchivedListMixin, TableListView):
    search_fields = ("person__name", "expertise")
    model = Talent
    heading = "草根能人库"
    add_url_name = "services:talent_add"
    columns = [
        ("能人", "person.name"),
        ("专长", "expertise"),
        ("能讲党课", "can_lecture"),
        ("可服务时间", "availability"),
        ("社区", "organization.name"),
    ]
    select_related = ("person", "organization")


class TalentEditView(ObjectEditView):
    model = Talent
    form_class = TalentForm


class BrandListView(ArchivedListMixin, TableListView):
    search_fields = ("name", "target_group", "standing_items")
    model = BrandProject
    heading = "服务品牌"
    add_url_name = "services:brand_add"
    columns = [
        ("品牌", "name"),
        ("类型", "get_kind_display"),
        ("所属品牌", "parent.name"),
        ("服务对象", "target_group"),
        ("常设服务项目", "standing_items"),
        ("社区", "organization.name"),
    ]
    select_related = ("organization", "parent")


class BrandEditView(ObjectEditView):
    model = BrandProject
    form_class = BrandForm


def certificate(request, pk):
    """志愿服务记录证明 (.docx) for a period, from confirmed records only."""
    from ..certificate import certificate_response

    volunteer = get_visible_or_404(Volunteer.objects.select_related("person", "organization"), request.user, pk=pk)
    return certificate_response(volunteer, request.GET.get("start"), request.GET.get("end"))
