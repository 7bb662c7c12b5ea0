"""Indicator catalogue, monthly assessment pages, a unit's breakdown, quarterly rankings."""

from copy import copy

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core.io.xlsx import build_workbook, xlsx_response
from dangjian.core.params import int_param
from dangjian.core.views import (
    ObjectEditView,
    StaffOnlyMixin,
    TableListView,
    can_create,
    get_editable_or_404,
    get_visible_or_404,
    run_action,
)
from dangjian.members.models import Award
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization

from .. import actions, scoring
from ..forms.scores import IndicatorForm
from ..models import AssessmentMonth, Indicator, MonthlyScore, QuarterlyRanking, ScoreChange
from ..models.scores import UnitKind

TIE_RULE_TEXT = "按季度总分（三个月加权得分之和）从高到低排名；总分相同者并列，其后名次顺延（如 1、2、2、4）。"


def _staff_only(request):
    """Anonymous users log in; members, volunteers and residents have no assessment pages (404)."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    from dangjian.core.scope import is_staff

    if not is_staff(request.user):
        raise Http404
    return None


class IndicatorListView(StaffOnlyMixin, TableListView):
    model = Indicator
    heading = "考核指标"
    add_url_name = "assessment:indicator_add"
    search_fields = ("name",)
    columns = [("指标", "name"), ("考核对象", "get_applies_to_display"), ("计分方式", "get_method_display"),
               ("自动指标", "metric_label"), ("满分标准", "target"), ("满分", "max_score"), ("权重", "weight"),
               ("启用", "active")]


class IndicatorEditView(ObjectEditView):
    model = Indicator
    form_class = IndicatorForm

    def get_success_url(self):
        return reverse("assessment:indicator_list")


def _committee_streets(user):
    """Streets whose assessment the user runs: a committee role there, not merely an editable organization.

    Organization.edit_roles admits community secretaries too, so "editable organization" would let a secretary
    open a "month" with their own community as its street.
    """
    return Organization.objects.placeable_for(user, AssessmentMonth).filter(kind=OrgKind.STREET_COMMITTEE)


def _committee_street_or_404(request):
    street = get_visible_or_404(Organization, request.user, pk=int_param(request.POST.get("street"), 0))
    if not _committee_streets(request.user).filter(pk=street.pk).exists():
        raise PermissionDenied("只有党工委工作人员能开展月考核和发布排名。")
    return street


def month_list(request):
    if (resp := _staff_only(request)) is not None:
        return resp
    months = AssessmentMonth.objects.visible_to(request.user).select_related("street")
    streets = _committee_streets(request.user) if can_create(request.user, AssessmentMonth) \
        else Organization.objects.none()
    rankings = QuarterlyRanking.objects.visible_to(request.user).select_related("street")
    return render(request, "assessment/month_list.html", {
        "months": months[:36], "rankings": rankings[:12], "streets": streets, "tie_rule": TIE_RULE_TEXT,
        "today": timezone.localdate(), "default_quarter": str(max(1, (timezone.localdate().month - 1) // 3))})


def _make_and_open(request, make, success):
    """Run a committee action that creates something; on success open it, on refusal back to the list."""
    made = []
    response = run_action(request, reverse("assessment:month_list"), lambda: made.append(make()), success)
    return redirect(made[0].get_absolute_url()) if made else response


@require_POST
def month_open(request):
    street = _committee_street_or_404(request)
    year, month = int_param(request.POST.get("year"), 0), int_param(request.POST.get("month"), 0)

    def make():
        opened = actions.open_month(request.user, street, year, month)
        actions.compute_month(request.user, opened)
        return opened

    return _make_and_open(request, make, "已计算该月得分。")


def month_view(request, pk):
    """The units × indicators table, one per kind of unit (communities, two-new organizations), best total first."""
    if (resp := _staff_only(request)) is not None:
        return resp
    month = get_visible_or_404(AssessmentMonth.objects.select_related("street", "published_by"), request.user,
                               pk=pk)
    scores = MonthlyScore.objects.visible_to(request.user).filter(month=month).select_related("indicator",
                                                                                             "organization")
    kinds = {}
    for s in scores:
        kind = kinds.setdefault(s.indicator.applies_to, {"indicators": {}, "rows": {}})
        if s.indicator_id not in kind["indicators"]:
            # the header shows the full marks and weight the month was computed with, not today's catalogue
            shown = copy(s.indicator)
            shown.max_score, shown.weight = s.max_score, s.weight
            kind["indicators"][s.indicator_id] = shown
        row = kind["rows"].setdefault(s.organization_id, {"org": s.organization, "cells": {}, "total": 0})
        row["cells"][s.indicator_id] = s
        row["total"] += s.weighted
    tables = []
    for applies_to, label in UnitKind.choices:
        if applies_to in kinds:
            kind = kinds[applies_to]
            rows = sorted(kind["rows"].values(), key=lambda r: (-r["total"], r["org"].path))
            previous = None
            for position, row in enumerate(rows, start=1):  # the ranking's tie rule: 1, 2, 2, 4
                if row["total"] != previous:
                    rank, previous = position, row["total"]
                row["rank"] = rank
            tables.append({"label": label, "rows": rows, "indicators": sorted(
                kind["indicators"].values(), key=lambda i: (i.order, i.pk))})
    committee = AssessmentMonth.objects.editable_by(request.user).filter(pk=month.pk).exists()
    # A unit sees only its own row; a rank among the rows it can see would mislead it.
    return render(request, "assessment/month.html", {"month": month, "tables": tables, "show_rank": committee,
                                                      "editable": committee and not month.is_published})


@require_POST
def month_compute(request, pk):
    month = get_editable_or_404(AssessmentMonth, request.user, pk)
    return run_action(request, month.get_absolute_url(), lambda: actions.compute_month(request.user, month),
                      "已按最新记录重新计算。")


@require_POST
def month_publish(request, pk):
    month = get_editable_or_404(AssessmentMonth, request.user, pk)
    return run_action(request, month.get_absolute_url(), lambda: actions.publish_month(request.user, month),
                      "已发布，本月得分已锁定。")


def breakdown(request, pk, org_pk):
    """One unit's lines: the unit itself and the committee only; any other unit is 404."""
    if (resp := _staff_only(request)) is not None:
        return resp
    month = get_visible_or_404(AssessmentMonth, request.user, pk=pk)
    org = get_visible_or_404(Organization, request.user, pk=org_pk)
    lines = [s for s in scoring.breakdown(month, org)]
    visible = set(MonthlyScore.objects.visible_to(request.user).filter(pk__in=[s.pk for s in lines])
                  .values_list("pk", flat=True))
    lines = [s for s in lines if s.pk in visible]
    if not lines:
        raise Http404
    editable = (not month.is_published
                and AssessmentMonth.objects.editable_by(request.user).filter(pk=month.pk).exists())
    from dangjian.core import metrics

    start, end = scoring.month_span(month.year, month.month)
    for s in lines:
        m = metrics.get(s.indicator.metric) if s.indicator.metric else None
        s.rows_url = metrics.rows_url(m.key, org, start, end) if m else ""
        s.metric_label, s.metric_unit = (m.label, m.unit) if m else ("", "")
        # A rate links to its numerator's rows; its denominator's rows are offered too (a 0% has none above).
        parts = (m.ratio or m.per) if m else None
        s.den_url = metrics.rows_url(parts[1], org, start, end) if parts else ""
        s.den_label = metrics.get(parts[1]).label if parts else ""
    changes = {s.pk: [] for s in lines}  # one query for every line's history, not one per line
    for c in ScoreChange.objects.filter(score__in=[s.pk for s in lines]).select_related("by").order_by("-at", "-pk"):
        changes[c.score_id].append(c)
    return render(request, "assessment/breakdown.html", {
        "month": month, "org": org, "lines": lines, "total": sum(s.weighted for s in lines),
        "editable": editable, "changes": changes})


@require_POST
def score_set(request, pk):
    score = get_editable_or_404(MonthlyScore, request.user, pk)
    target = reverse("assessment:breakdown", kwargs={"pk": score.month_id, "org_pk": score.organization_id})
    return run_action(request, target, lambda: actions.set_score(request.user, score, request.POST.get("score"),
                                                                 request.POST.get("reason")), "已保存评分。")


@require_POST
def ranking_publish(request):
    street = _committee_street_or_404(request)
    year, quarter = int_param(request.POST.get("year"), 0), int_param(request.POST.get("quarter"), 0)
    return _make_and_open(request, lambda: actions.publish_ranking(request.user, street, year, quarter),
                          "已发布季度排名。")


def ranking_view(request, pk):
    if (resp := _staff_only(request)) is not None:
        return resp
    ranking = get_visible_or_404(QuarterlyRanking, request.user, pk=pk)
    entries = list(ranking.entries.select_related("organization"))
    mine = set(Organization.objects.visible_to(request.user).filter(pk__in=[e.organization_id for e in entries])
               .values_list("pk", flat=True))
    months = list(AssessmentMonth.objects.filter(street=ranking.street, year=ranking.year, month__in=range(
        (ranking.quarter - 1) * 3 + 1, ranking.quarter * 3 + 1)).order_by("month"))
    awards = _awards(ranking, entries)
    if request.GET.get("format") == "xlsx":
        rows = ([e.rank, e.organization.name, e.total, e.previous_rank or "", _change(e), awards.get(e.pk, 0)]
                for e in entries)
        wb = build_workbook(f"{ranking}", ["名次", "单位", "季度总分", "上季度名次", "名次变化", "本季度评优人数"],
                            rows, subtitle=f"{ranking.street.name}　排名规则：{TIE_RULE_TEXT}")
        return xlsx_response(wb, f"{ranking.street.name}_{ranking}.xlsx")
    for e in entries:
        e.awards = awards.get(e.pk, 0)
    return render(request, "assessment/ranking.html", {
        "ranking": ranking, "entries": entries, "mine": mine, "months": months, "tie_rule": TIE_RULE_TEXT})


def _change(entry) -> str:
    if entry.change is None:
        return "新"
    return f"↑{entry.change}" if entry.change > 0 else (f"↓{-entry.change}" if entry.change < 0 else "—")


def _awards(ranking, entries) -> dict:
    """Approved awards (党员之星 …) decided in the quarter under each unit: 评优评先 read beside the ranking."""
    from django.db.models import Count, Q

    first = (ranking.quarter - 1) * 3 + 1
    result = {}
    for e in entries:
        result[e.pk] = 0
    counts = (Award.objects.filter(status="approved", decided_at__year=ranking.year,
                                   decided_at__month__gte=first, decided_at__month__lte=first + 2)
              .aggregate(**{str(e.pk): Count("id", filter=Q(member__branch__path__startswith=e.organization.path))
                            for e in entries}) if entries else {})
    for key, n in counts.items():
        result[int(key)] = n
    return result

