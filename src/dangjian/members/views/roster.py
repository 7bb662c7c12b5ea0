from django.utils import timezone

from dangjian.core.params import int_param
from dangjian.core.scope import can_reveal
from dangjian.core.views import ObjectEditView, ObjectListView, ObjectView, get_visible_or_404

from .. import parts
from ..choices import EntryStatus
from ..filters import PartyMemberFilterSet
from ..forms import CommitteePostForm, PartyMemberForm
from ..models import Attendance, CommitteePost, PartyMember, PointEntry, TrainingSession
from ..stats import rank, yearly_points


class MemberListView(ObjectListView):
    model = PartyMember
    filterset_class = PartyMemberFilterSet
    template_name = "members/member_list.html"

    def base_queryset(self):
        return PartyMember.objects.select_related("person", "branch")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_full_export"] = can_reveal(self.request.user)
        return ctx


class MemberView(ObjectView):
    model = PartyMember
    template_name = "members/member.html"

    def base_queryset(self):
        return PartyMember.objects.select_related("person", "branch", "registered_community")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        member = self.object
        year = timezone.localdate().year
        ctx["year"] = year
        ctx["attendance"] = (Attendance.objects.filter(member=member).select_related("meeting")
                             .order_by("-meeting__date")[:20])
        ctx["trainings"] = TrainingSession.objects.filter(attendees=member).order_by("-date")[:20]
        ctx["entries"] = PointEntry.objects.filter(member=member, date__year=year).select_related("rule")
        ctx["points"] = yearly_points([member.pk], year)[member.pk]
        branch_ids = list(PartyMember.objects.filter(branch=member.branch_id).active().values_list("pk", flat=True))
        ctx["rank"] = rank(yearly_points(branch_ids, year)).get(member.pk)
        ctx["branch_size"] = len(branch_ids)
        ctx["care"] = member.care_visits.all()[:20]
        ctx["awards"] = member.awards.all()
        ctx["posts"] = member.posts.all()
        ctx["pending"] = EntryStatus.PENDING
        ctx["panels"] = parts.panels(member, self.request.user)  # recruitment, transfers, mobile, dues
        return ctx


class MemberEditView(ObjectEditView):
    model = PartyMember
    form_class = PartyMemberForm


class CommitteeView(ObjectListView):
    """A branch's committee (支部班子) with its posts."""

    model = CommitteePost
    template_name = "members/committee.html"

    def base_queryset(self):
        return CommitteePost.objects.select_related("branch", "member__person").order_by("branch__path", "post")

    def get_context_data(self, **kwargs):
        from dangjian.orgs.models import Organization

        from ..actions import BRANCH_KINDS

        ctx = super().get_context_data(**kwargs)
        if ctx["can_create"]:
            ctx["branches"] = Organization.objects.placeable_for(self.request.user, CommitteePost).filter(
                kind__in=BRANCH_KINDS).only("id", "name")
        return ctx


class CommitteePostEditView(ObjectEditView):
    """Appoint to a branch committee: the branch comes from `?branch=` (new), the post (edit), or the form."""

    model = CommitteePost
    form_class = CommitteePostForm

    def get_form_kwargs(self):
        from dangjian.orgs.models import Organization

        kwargs = super().get_form_kwargs()
        raw = self.request.GET.get("branch")
        if self.object is None and raw is not None:
            placeable = Organization.objects.placeable_for(self.request.user, CommitteePost)
            kwargs["branch"] = get_visible_or_404(placeable, self.request.user, pk=int_param(raw, 0))
        return kwargs
