from django.views.decorators.http import require_POST

from dangjian.core.params import int_param
from dangjian.core.views import ObjectEditView, ObjectListView, ObjectView, get_visible_or_404, run_action

from .. import actions
from ..filters import TrainingFilterSet
from ..forms import TrainingForm
from ..models import PartyMember, TrainingSession


class TrainingListView(ObjectListView):
    model = TrainingSession
    filterset_class = TrainingFilterSet
    template_name = "members/training_list.html"

    def base_queryset(self):
        return TrainingSession.objects.select_related("organization")


class TrainingView(ObjectView):
    model = TrainingSession
    template_name = "members/training.html"

    def base_queryset(self):
        return TrainingSession.objects.select_related("organization")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        session = self.object
        ctx["attendees"] = (PartyMember.objects.filter(trainingattendance__session=session)
                            .select_related("person", "branch"))
        ctx["can_record"] = actions.may_record_trainees(self.request.user, session)
        if ctx["can_record"]:
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
    """Add the members picked to a session's attendees, or remove them (`remove=1`)."""
    session = get_visible_or_404(TrainingSession.objects.select_related("organization"), request.user, pk=pk)
    ids = [i for i in (int_param(x) for x in request.POST.getlist("member")) if i is not None]
    if request.POST.get("remove"):
        func, done = (lambda: actions.remove_trainees(request.user, session, ids)), "已移除所选参训人员。"
    else:
        func, done = (lambda: actions.add_trainees(request.user, session, ids)), "参训人员已更新。"
    return run_action(request, session.get_absolute_url(), func, done)
