"""Phone pages (/p/) of democratic governance: residents give opinions on an item being drafted (一征) and
report 社情民意 to their grid; 四大员 file their supervision records.

What a page lists is what the models' reach opens to the user (`visible_to`); each form is shown where its
`may_…` predicate holds, and every write goes through governance.actions.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from dangjian.core.uploads import served_file
from dangjian.core.views import add_validation_error, get_visible_or_404
from dangjian.core.workflow import step

from . import actions
from .forms import OpinionForm, PhoneRecordForm, ResidentReportForm
from .models import SOLICITING, Decision, Opinion, SentimentReport, SupervisionRecord, Supervisor


def voice(request):
    """居民议事: the items open for opinions, the resident's reports and what they are asked about."""
    from dangjian.ledgers.models import ProblemFeedback

    user = request.user
    community = actions.resident_community(user)
    decisions = list(Decision.objects.visible_to(user).filter(stage=SOLICITING).select_related("community")[:20])
    for d in decisions:
        d.may_give_opinion = actions.may_give_opinion(user, d, community)
    reports = list(SentimentReport.objects.visible_to(user).filter(reporter=user, by_resident=True)
                   .select_related("problem", "grid")[:20])
    asked = list(ProblemFeedback.objects.visible_to(user).filter(resident=user, answered_at__isnull=True)
                 .select_related("problem")[:10])
    posts = Supervisor.objects.visible_to(user).filter(person__user=user).exists()
    return render(request, "governance/phone/voice.html", {
        "community": community, "decisions": decisions, "reports": reports, "asked": asked, "posts": posts,
        "may_report": actions.may_submit_report(user),
    })


def opinion(request, pk):
    """One open item and the form for an opinion on it; closed items say so and take none."""
    decision = get_visible_or_404(Decision.objects.select_related("community"), request.user, pk=pk)
    allowed = actions.may_give_opinion(request.user, decision)
    form = OpinionForm(request.POST or None)
    if request.method == "POST" and not allowed:
        if decision.stage == SOLICITING:  # open, but not theirs to answer (staff, another community's)
            raise PermissionDenied("只有本社区居民可以对该事项提出意见。")
        messages.error(request, "该事项已结束征求意见，不能再提交意见。")
    elif request.method == "POST" and form.is_valid():
        try:
            with step():
                actions.give_opinion(request.user, decision, form.cleaned_data["content"], form.cleaned_data["name"])
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, "意见已提交，感谢您参与社区议事！")
            return HttpResponseRedirect(reverse("civic:voice"))
    mine = Opinion.objects.visible_to(request.user).filter(decision=decision, author=request.user)[:10]
    return render(request, "governance/phone/opinion.html",
                  {"decision": decision, "form": form if allowed else None, "mine": mine})


def report_new(request):
    """社情民意 with a photo and where it is: it arrives at the resident's grid."""
    user = request.user
    community = actions.resident_community(user)
    if community is None:  # a staff account: told where reports are entered, and nothing posts
        if request.method == "POST":
            raise Http404("只有本社区居民可以在这里反映社情民意。")
        return render(request, "governance/phone/report_new.html", {"form": None})
    own = actions.home_grid(user)
    form = ResidentReportForm(request.POST or None, request.FILES or None, own_grid=own,
                              grids=actions.grids_of(community))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with step():
                actions.submit_report(user, topic=d["topic"], content=d["content"], location=d["location"],
                                      grid=d.get("grid"), photo=d["photo"], urgent=d["urgent"])
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, "已提交，网格员和社区会尽快处理，处理情况可在“居民议事”里查看。")
            return HttpResponseRedirect(reverse("civic:voice"))
    return render(request, "governance/phone/report_new.html", {"form": form, "grid": own,
                                                                "community": community})


def report_photo(request, pk, evidence_pk):
    """The photo of a report, to whoever sees the report (its reporter, the grid, the community)."""
    report = get_visible_or_404(SentimentReport, request.user, pk=pk)
    if report.photo_id != evidence_pk:
        raise Http404
    return served_file(report.photo)


def supervision(request):
    """A 四大员's own records and the form for a new one; someone holding no appointment is told so."""
    user = request.user
    supervisors = Supervisor.objects.visible_to(user).filter(person__user=user).select_related("community")
    if not supervisors.exists():
        if request.method == "POST":
            raise Http404("您不是社区聘任的四大员。")
        return render(request, "governance/phone/supervision.html", {"form": None})
    form = PhoneRecordForm(request.POST or None, supervisors=supervisors,
                           initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with step():
                actions.file_record(user, d["supervisor"], d["subject"], d["date"], d["finding"], d["follow_up"])
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, "监督记录已提交。")
            return HttpResponseRedirect(reverse("civic:supervision"))
    records = (SupervisionRecord.objects.visible_to(user).filter(supervisor__person__user=user)
               .select_related("supervisor")[:20])
    return render(request, "governance/phone/supervision.html", {"form": form, "records": records})
