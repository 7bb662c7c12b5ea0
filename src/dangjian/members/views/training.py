from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.views.decorators.http import require_POST

from dangjian.core.params import int_param
from dangjian.core.views import ObjectEditView, ObjectListView, ObjectView, get_visible_or_404

from ..filters import TrainingFilterSet
from ..forms import TrainingForm
from ..models import PartyMember, TrainingAttendance, TrainingSession


class TrainingListView(ObjectListView):
    model = TrainingSession
    filterset_class = TrainingFilterSet
    template_name = "members/training_list.html"

    def base_queryset(self):
        return TrainingSession.objects.select_related("organization")


class TrainingView(ObjectView):
    model = TrainingSession
    template_name = "members/training.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        session = self.object
        ctx["attendees"] = (PartyMember.objects.filter(trainingattendance__session=session)
                            .select_related("person", "branch"))
        if ctx["can_edit"]:
            ctx["candidates"] = (PartyMember.objects.active().editable_by(self.request.user)
                                 .filter(branch__path__startswith=session.organization.path)
                                 .exclude(trainingattendance__session=session)
                                 .select_related("person", "branch")[:500])
        return ctx


class TrainingEditView(ObjectEditView):
    model = TrainingSession
    form_class = TrainingForm


@require_POST
def training_attendees(request, pk):
    session = get_visible_or_404(TrainingSession, request.user, pk=pk)
    if not TrainingSession.objects.editable_by(request.user).filter(pk=session.pk).exists():
        raise PermissionDenied("您的角色不能登记参训人员。")
    ids = [i for i in (int_param(x) for x in request.POST.getlist("member")) if i is not None]
    allowed = PartyMember.objects.editable_by(request.user).filter(
        pk__in=ids, branch__path__startswith=session.organization.path)
    with transaction.atomic():
        if request.POST.get("remove"):
            TrainingAttendance.objects.filter(session=session, member__in=allowed).delete()
        else:
            existing = set(TrainingAttendance.objects.filter(session=session).values_list("member_id", flat=True))
            TrainingAttendance.objects.bulk_create(
                [TrainingAttendance(session=session, member=m) for m in allowed if m.pk not in existing])
    messages.success(request, "参训人员已更新。")
    return HttpResponseRedirect(session.get_absolute_url())
