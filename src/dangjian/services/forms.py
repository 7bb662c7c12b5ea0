from django import forms
from django.db.models import Q

from dangjian.core.forms import Form, ModelForm
from dangjian.core.views import ScopedModelForm
from dangjian.orgs.choices import OrgKind

from .choices import ServiceMode, WishCategory
from .models import (
    Activity,
    AllianceMember,
    BrandProject,
    MicroWish,
    OutdoorMatter,
    OutdoorSession,
    ServiceItem,
    Station,
    StationDuty,
    StationService,
    Talent,
    Volunteer,
    VolunteerTeam,
)


def in_use(form, *names):
    """Limit the choices of `names` to rows not archived, keeping whatever the row being edited already has
    (an activity of an archived team still saves unchanged)."""
    from django.db.models import Q

    for name in names:
        field = form.fields.get(name)
        if field is None:
            continue
        keep = Q(archived_at__isnull=True)
        if form.instance.pk is not None:
            if isinstance(field, forms.ModelMultipleChoiceField):
                keep |= Q(pk__in=list(getattr(form.instance, name).values_list("pk", flat=True)))
            elif getattr(form.instance, f"{name}_id", None):
                keep |= Q(pk=getattr(form.instance, f"{name}_id"))
        field.queryset = field.queryset.filter(keep)


class ActivityForm(ScopedModelForm):
    class Meta:
        model = Activity
        fields = ["organization", "team", "brand", "title", "place", "starts_at", "ends_at", "capacity",
                  "signup_opens", "signup_closes", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        in_use(self, "team", "brand")

    def clean(self):
        data = super().clean()
        s, e, o, c = (data.get(k) for k in ("starts_at", "ends_at", "signup_opens", "signup_closes"))
        if s and e and e <= s:
            self.add_error("ends_at", "结束时间应晚于开始时间。")
        if o and c and c <= o:
            self.add_error("signup_closes", "报名截止应晚于报名开始。")
        if c and s and c > s:
            self.add_error("signup_closes", "报名应在活动开始前截止。")
        capacity = data.get("capacity")
        if self.instance.pk and capacity is not None and capacity < self.instance.seats_taken:
            self.add_error("capacity", f"已有 {self.instance.seats_taken} 人报名，名额不能少于此数。")
        return data


class VolunteerForm(ScopedModelForm):
    class Meta:
        model = Volunteer
        fields = ["person", "organization", "teams", "skills", "joined_on", "active"]
        widgets = {"teams": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        in_use(self, "teams")


class TeamForm(ScopedModelForm):
    class Meta:
        model = VolunteerTeam
        fields = ["organization", "name", "focus", "leader"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer the people who can be captain: registered volunteers (the picker listed every person in sight).
        field = self.fields["leader"]
        field.queryset = field.queryset.filter(Q(pk__in=Volunteer.objects.values("person"))
                                               | Q(pk=self.instance.leader_id))

    def clean_leader(self):
        """The captain is a registered volunteer (a person the user can see: the field's choices), who then joins
        the team if not in it."""
        leader = self.cleaned_data.get("leader")
        if leader is not None and not Volunteer.objects.filter(person=leader).exists():
            raise forms.ValidationError("队长须是已登记的志愿者，请先登记为志愿者。")
        return leader


class ServiceItemForm(ScopedModelForm):
    class Meta:
        model = ServiceItem
        fields = ["organization", "title", "mode", "group_capacity", "team", "alliance_member", "talent", "free",
                  "price", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        in_use(self, "team", "alliance_member", "talent")

    def clean(self):
        data = super().clean()
        if data.get("mode") == ServiceMode.GROUP and not data.get("group_capacity"):
            self.add_error("group_capacity", "组团式服务请填写每个时段可容纳的人数。")
        providers = [data.get(k) for k in ("team", "alliance_member", "talent") if data.get(k)]
        if len(providers) != 1:
            raise forms.ValidationError("请选择一个服务提供方（服务队、联盟成员或能人之一）。")
        if not data.get("free") and not data.get("price"):
            self.add_error("price", "低偿服务请填写价格。")
        return data


class SlotForm(Form):
    starts_at = forms.DateTimeField(label="开始时间")
    ends_at = forms.DateTimeField(label="结束时间")
    repeat_weeks = forms.IntegerField(label="连续周数", min_value=1, max_value=26, initial=1)

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", "结束时间应晚于开始时间。")
        return data


class AllianceForm(ScopedModelForm):
    class Meta:
        model = AllianceMember
        fields = ["organization", "name", "is_merchant", "services", "terms", "contact"]


class TalentForm(ScopedModelForm):
    class Meta:
        model = Talent
        fields = ["organization", "person", "can_lecture", "expertise", "availability"]


class BrandForm(ScopedModelForm):
    class Meta:
        model = BrandProject
        fields = ["organization", "name", "kind", "parent", "target_group", "standing_items", "results"]
        widgets = {"standing_items": forms.Textarea(attrs={"rows": 3}), "results": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        in_use(self, "parent")


class StaffWishForm(ScopedModelForm):
    """A grid worker or the community enters a wish for a resident who does not use a phone."""

    class Meta:
        model = MicroWish
        fields = ["organization", "resident", "content", "category", "budget"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        community_field_queryset(self, self.user)


class WishForm(ModelForm):
    class Meta:
        model = MicroWish
        fields = ["content", "category", "budget"]


def community_field_queryset(form, user):
    from dangjian.orgs.models import Organization

    form.fields["organization"].queryset = Organization.objects.placeable_for(user, form._meta.model).filter(
        kind__in=[OrgKind.COMMUNITY_COMMITTEE, OrgKind.VOLUNTEER_BRANCH, OrgKind.STREET_COMMITTEE])


class StationForm(ScopedModelForm):
    class Meta:
        model = Station
        fields = ["organization", "name", "place", "opening_hours", "services"]


class _AtStation:
    """A station's forms choose among the people of the station's community, not the whole street: a street
    admin's page would otherwise list every volunteer and resident file of the street (and take 170 ms)."""

    def at_station(self, station):
        if station is not None:
            area = station.organization.community() or station.organization
            for name in ("volunteer", "resident_file"):
                if name in self.fields:
                    field = self.fields[name]
                    field.queryset = field.queryset.filter(organization__path__startswith=area.path)


class DutyForm(_AtStation, ScopedModelForm):
    """A turn on the station's roster (the station is the page's)."""

    class Meta:
        model = StationDuty
        fields = ["volunteer", "date", "starts", "ends"]

    def __init__(self, *args, station=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.at_station(station)

    def _get_validation_exclusions(self):
        """The same volunteer, day and start is an overlap: `add_duty` refuses it naming the other station's turn.
        Left to the model, the (volunteer, date, starts) constraint would answer first with Django's bare "已经存在"
        (it still guards the table)."""
        return super()._get_validation_exclusions() | {"starts"}


class StationServiceForm(_AtStation, ScopedModelForm):
    """A service given at the station (the station is the page's); whom: a name, or a resident file."""

    class Meta:
        model = StationService
        fields = ["volunteer", "recipient", "resident_file", "content", "starts_at", "ends_at"]

    def __init__(self, *args, station=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resident_file"].queryset = self.fields["resident_file"].queryset.select_related("person")
        self.at_station(station)


class OutdoorSessionForm(ScopedModelForm):
    class Meta:
        model = OutdoorSession
        fields = ["organization", "kind", "place", "starts_at", "ends_at", "staff", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # On duty: community staff of the user's part of the tree (not every resident).
        from .models.outdoor import on_duty_candidates

        field = self.fields["staff"]
        field.queryset = on_duty_candidates(field.queryset).order_by("pinyin", "pk")

    def clean(self):
        data = super().clean()
        s, e = data.get("starts_at"), data.get("ends_at")
        if s and e and e <= s:
            self.add_error("ends_at", "结束时间应晚于开始时间。")
        return data


class MatterForm(ModelForm):
    settled = forms.BooleanField(label="当场办结", required=False)

    class Meta:
        model = OutdoorMatter
        fields = ["resident_name", "content", "handling"]


class MatterWishForm(ScopedModelForm):
    """Turning a matter into a wish: whose wish, and of what kind (its words are the matter's)."""

    class Meta:
        model = MicroWish
        fields = ["resident", "category"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].initial = WishCategory.OTHER
