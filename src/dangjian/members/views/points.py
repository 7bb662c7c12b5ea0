from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dangjian.core.params import year_param
from dangjian.core.views import add_validation_error, can_create, get_visible_or_404, run_action
from dangjian.orgs.params import chosen_org, org_choices

from .. import actions, point_review
from ..choices import EntryStatus, MemberAck
from ..forms import PointEntryForm
from ..models import PartyMember, PointEntry, PointRule
from ..stats import rank, yearly_points
from . import DECISIONS


def points_ranking(request):
    """Yearly totals (base + bonus + deduction) and each member's rank within their branch."""
    within = chosen_org(request)
    year = year_param(request.GET.get("year"))
    members = list(PartyMember.objects.visible_to(request.user).active()
                   .filter(branch__path__startswith=within.path).select_related("person", "branch")
                   .order_by("branch__path", "person__pinyin"))
    totals = yearly_points([m.pk for m in members], year)
    by_branch = {}
    for m in members:
        by_branch.setdefault(m.branch_id, {})[m.pk] = totals[m.pk]
    ranks = {}
    for branch_totals in by_branch.values():
        ranks.update(rank(branch_totals))
    rows = sorted(members, key=lambda m: (m.branch.path, ranks[m.pk]))
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    for m in page.object_list:
        m.totals, m.rank = totals[m.pk], ranks[m.pk]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "members/points.html", {
        "within": within, "year": year, "page_obj": page, "object_list": page.object_list,
        "is_paginated": page.has_other_pages(), "paginator": page.paginator, "query_without_page": query.urlencode(),
        "orgs": org_choices(request), "can_create": can_create(request.user, PointEntry),
        "pending": PointEntry.objects.editable_by(request.user).filter(status=EntryStatus.PENDING).count(),
    })


def point_rules(request):
    return render(request, "members/point_rules.html", {"rules": PointRule.objects.filter(active=True)})


def points_add(request):
    if not can_create(request.user, PointEntry):
        raise PermissionDenied("您的角色不能记分。")
    form = PointEntryForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.add_manual_points(request.user, data["member"], data["rule"], data["date"], data["reason"])
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, "已记分，待另一位负责人审核后生效。")
            return HttpResponseRedirect(reverse("members:points_pending"))
    return render(request, "generic/object_edit.html", {"form": form, "model_name": "积分记录", "is_new": True})


def points_pending(request):
    entries = list(PointEntry.objects.editable_by(request.user).filter(status=EntryStatus.PENDING)
                   .select_related("member__person", "member__branch", "rule", "created_by")[:200])
    for entry in entries:
        entry.may_decide = actions.may_decide_points(request.user, entry)
    return render(request, "members/points_pending.html", {"entries": entries})


@require_POST
def points_decide(request, pk):
    entry = get_visible_or_404(PointEntry.objects.select_related("member__person", "member__branch", "rule"),
                               request.user, pk=pk)
    approve = DECISIONS.get(request.POST.get("decision", ""))
    return run_action(request, reverse("members:points_pending"),
                      lambda: actions.decide_points(request.user, entry, approve), "已审核。")


def point_disputes(request):
    """Objections members raised to lines of their points ledger, for whoever manages their branch to answer."""
    entries = list(PointEntry.objects.editable_by(request.user).filter(member_ack=MemberAck.DISPUTED)
                   .select_related("member__person", "member__branch", "rule").order_by("ack_at", "pk")[:200])
    for entry in entries:
        entry.may_answer = point_review.may_answer(request.user, entry)
    return render(request, "members/point_disputes.html", {"entries": entries})


@require_POST
def point_answer(request, pk):
    entry = get_visible_or_404(PointEntry.objects.select_related("member__person", "member__branch", "rule"),
                               request.user, pk=pk)
    void = request.POST.get("decision") == "void"
    return run_action(request, reverse("members:point_disputes"),
                      lambda: point_review.answer_dispute(request.user, entry, request.POST.get("reply", ""), void),
                      "已答复，党员将收到通知。")
