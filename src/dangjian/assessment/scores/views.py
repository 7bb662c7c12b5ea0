"""Indicator catalogue, monthly assessment pages, a unit's breakdown, quarterly rankings, the imbalance analysis.

Every POST is one step of `actions.py` run through `run_action`; the buttons on these pages are
shown by the same `may_<step>` predicates the steps enforce.
"""

from copy import copy

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core import metrics, tree
from dangjian.core.dbrouter import replica_reads
from dangjian.core.io.xlsx import build_workbook, xlsx_response
from dangjian.core.params import int_param
from dangjian.core.views import (
    ObjectEditView,
    StaffOnlyMixin,
    TableListView,
    get_visible_or_404,
    run_action,
    staff_only,
)
from dangjian.members.models import Award
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization
from dangjian.orgs.params import chosen_org, org_choices
from dangjian.reports.periods import period_params

from . import actions, scoring
from .analysis import MIN_UNITS, RULE_TEXT, analyse
from .forms import IndicatorForm
from .models import AnalysisRule, AssessmentMonth, Indicator, MonthlyScore, QuarterlyRanking, ScoreChange, UnitKind

TIE_RULE_TEXT = "按季度总分（三个月加权得分之和）从高到低排名；总分相同者并列，其后名次顺延（如 1、2、2、4）。"


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


def _street(request):
    """The street named in the POST, among the organizations the user sees (404 otherwise)."""
    return get_visible_or_404(Organization, request.user, pk=int_param(request.POST.get("street"), 0))


def last_finished_quarter(today) -> tuple[int, int]:
    quarter = (today.month - 1) // 3 + 1
    return (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)


@staff_only
def month_list(request):
    months = AssessmentMonth.objects.visible_to(request.user).select_related("street")
    streets = actions.committee_streets(request.user)
    rankings = QuarterlyRanking.objects.visible_to(request.user).select_related("street")
    today = timezone.localdate()
    ranking_year, ranking_quarter = last_finished_quarter(today)
    return render(request, "assessment/month_list.html", {
        "months": months[:36], "rankings": rankings[:12], "streets": streets, "tie_rule": TIE_RULE_TEXT,
        "today": today, "ranking_year": ranking_year, "default_quarter": str(ranking_quarter)})


def _make_and_open(request, make, success):
    """Run a committee action that creates something; on success open it, on refusal back to the list."""
    made = []
    response = run_action(request, reverse("assessment:month_list"), lambda: made.append(make()), success)
    return redirect(made[0].get_absolute_url()) if made else response


@require_POST
def month_open(request):
    street = _street(request)
    year, month = int_param(request.POST.get("year"), 0), int_param(request.POST.get("month"), 0)

    def make():
        opened = actions.open_month(request.user, street, year, month)
        actions.compute_month(request.user, opened)
        return opened

    return _make_and_open(request, make, "已计算该月得分。")


@staff_only
def month_view(request, pk):
    """The units × indicators table, one per kind of unit (communities, two-new organizations), best total first."""
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
    may_compute = actions.may_compute_month(request.user, month)
    refusal = actions.publish_refusal(request.user, month) if may_compute else None
    # A unit sees only its own row; a rank among the rows it can see would mislead it.
    return render(request, "assessment/month.html", {
        "month": month, "tables": tables, "show_rank": committee, "editable": may_compute,
        "may_compute": may_compute, "may_publish": may_compute and refusal is None,
        "publish_blocked": refusal.text if refusal is not None else ""})


@require_POST
def month_compute(request, pk):
    month = get_visible_or_404(AssessmentMonth.objects.select_related("street"), request.user, pk=pk)
    return run_action(request, month.get_absolute_url(), lambda: actions.compute_month(request.user, month),
                      "已按最新记录重新计算。")


@require_POST
def month_publish(request, pk):
    month = get_visible_or_404(AssessmentMonth.objects.select_related("street"), request.user, pk=pk)
    return run_action(request, month.get_absolute_url(), lambda: actions.publish_month(request.user, month),
                      "已发布，本月得分已锁定。")


@staff_only
def breakdown(request, pk, org_pk):
    """One unit's lines: the unit itself and the committee only; any other unit is 404."""
    month = get_visible_or_404(AssessmentMonth.objects.select_related("street"), request.user, pk=pk)
    org = get_visible_or_404(Organization, request.user, pk=org_pk)
    lines = [s for s in scoring.breakdown(month, org)]
    visible = set(MonthlyScore.objects.visible_to(request.user).filter(pk__in=[s.pk for s in lines])
                  .values_list("pk", flat=True))
    lines = [s for s in lines if s.pk in visible]
    if not lines:
        raise Http404
    start, end = scoring.month_span(month.year, month.month)
    for s in lines:
        s.month = month  # loaded once, with its street, for the predicate below
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
        "editable": actions.may_set_score(request.user, lines[0]), "changes": changes})


@require_POST
def score_set(request, pk):
    score = get_visible_or_404(MonthlyScore.objects.select_related("month__street"), request.user, pk=pk)
    target = reverse("assessment:breakdown", kwargs={"pk": score.month_id, "org_pk": score.organization_id})
    return run_action(request, target, lambda: actions.set_score(request.user, score, request.POST.get("score"),
                                                                 request.POST.get("reason")), "已保存评分。")


@require_POST
def ranking_publish(request):
    street = _street(request)
    year, quarter = int_param(request.POST.get("year"), 0), int_param(request.POST.get("quarter"), 0)
    return _make_and_open(request, lambda: actions.publish_ranking(request.user, street, year, quarter),
                          "已发布季度排名。")


@staff_only
def ranking_view(request, pk):
    ranking = get_visible_or_404(QuarterlyRanking.objects.select_related("street", "published_by"), request.user,
                                 pk=pk)
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
    first = (ranking.quarter - 1) * 3 + 1
    result = {e.pk: 0 for e in entries}
    counts = (Award.objects.filter(status="approved", decided_at__year=ranking.year,
                                   decided_at__month__gte=first, decided_at__month__lte=first + 2)
              .aggregate(**{str(e.pk): Count("id", filter=Q(member__branch__path__startswith=e.organization.path))
                            for e in entries}) if entries else {})
    for key, n in counts.items():
        result[int(key)] = n
    return result


@staff_only
@replica_reads
def analysis(request):
    within = chosen_org(request)
    start, end = period_params(request.GET, request)
    scope = metrics.Scope(request.user)
    families, threshold = analyse(scope, within, start, end)
    for fam in families:
        flagged = {(f.org.pk, f.key) for f in fam["findings"]}
        ahead = {(f.org.pk, f.key) for f in fam["leaders"]}
        fam["rows"] = [{"org": u, "cells": [(key, fam["table"][u.pk].get(key), (u.pk, key) in flagged,
                                             (u.pk, key) in ahead, metrics.rows_url(key, u, start, end))
                                            for key in fam["keys"]]}
                       for u in fam["units"]]
        fam["metrics"] = [metrics.get(k) for k in fam["keys"]]
    street = _street_of(within)
    return render(request, "assessment/analysis.html", {
        "families": families, "threshold": threshold, "within": within, "orgs": org_choices(request),
        "start": start, "end": end, "rule": RULE_TEXT, "min_units": MIN_UNITS,
        "may_set": actions.may_set_analysis_rule(request.user, street),
        "older_age": AnalysisRule.for_org(within).older_age, "street": street,
        "taken_at": getattr(families[0]["raw"], "taken_at", None) if families else None,
        "refreshing": getattr(families[0]["raw"], "refreshing", False) if families else False})


def _street_of(org):
    if org.depth < tree.STREET_DEPTH:
        return None
    path = tree.at_depth(org.path, tree.STREET_DEPTH)
    return Organization.objects.filter(path=path, kind=OrgKind.STREET_COMMITTEE).first()


@require_POST
def analysis_rule(request):
    """A street's own threshold and age, set by its committee staff (street admins) only."""
    street = get_object_or_404(Organization.objects.visible_to(request.user).filter(kind=OrgKind.STREET_COMMITTEE),
                               pk=int_param(request.POST.get("street"), 0))
    back = reverse("assessment:analysis") + f"?within={street.pk}"
    return run_action(request, back, lambda: actions.set_analysis_rule(
        request.user, street, request.POST.get("threshold_percent"), request.POST.get("older_age")),
        f"已保存{street.name}的分析规则。")
