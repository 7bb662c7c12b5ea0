from datetime import date, timedelta

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from dangjian.core.forms import store_evidence
from dangjian.core.params import int_param, month_param, year_param
from dangjian.core.views import ObjectEditView, ObjectListView, ObjectView, evidence_response, get_visible_or_404
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization

from .. import actions
from ..choices import SOLVED_PROBLEM_STATUSES, VisitKind
from ..filters import VisitFilterSet
from ..forms import VisitForm, VisitProblemFormSet
from ..models import ContactPoint, Problem, Visit, VisitRequirement


class VisitListView(ObjectListView):
    model = Visit
    filterset_class = VisitFilterSet
    template_name = "ledgers/visit_list.html"

    def base_queryset(self):
        # Grouped for the count, so the model's ordering must be said again (GROUP BY drops it).
        return Visit.objects.select_related("cadre__person", "organization", "household").annotate(
            problem_count=Count("problems")).order_by("-date", "-id")


class VisitView(ObjectView):
    model = Visit
    template_name = "ledgers/visit.html"

    def base_queryset(self):
        return Visit.objects.select_related("cadre", "organization", "household").prefetch_related("photos")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["problems"] = Problem.objects.visible_to(self.request.user).filter(source_visit=self.object)
        return ctx


class VisitEditView(ObjectEditView):
    """A cadre records a visit; the problems found are created with it and keep it as their source."""

    model = Visit
    form_class = VisitForm
    template_name = "ledgers/visit_edit.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["problem_formset"] = getattr(self, "problem_formset", None) or VisitProblemFormSet(prefix="problems")
        return ctx

    def form_valid(self, form):
        self.problem_formset = VisitProblemFormSet(self.request.POST, prefix="problems")
        if not self.problem_formset.is_valid():
            return self.form_invalid(form)
        return super().form_valid(form)

    def save_form(self, form):
        visit = form.save(commit=False)
        if visit.pk is None:
            visit.cadre = self.request.user
        visit.save()
        files = form.cleaned_data.get("photo_files") or []
        if files:
            visit.photos.add(*store_evidence(files, visit.organization, self.request.user))
        found = 0
        for row in self.problem_formset.cleaned_data:
            if row.get("title"):
                actions.problem_from_visit(self.request.user, visit, row["title"], row["category"],
                                           row.get("description", ""))
                found += 1
        if found:
            messages.info(self.request, f"已将 {found} 个问题登记到问题清单。")
        return visit


def visit_photo(request, pk, evidence_pk):
    return evidence_response(get_visible_or_404(Visit, request.user, pk=pk), evidence_pk, "photos")


def _weeks(month: date):
    """Monday-to-Sunday weeks that touch the month."""
    last = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    start = month - timedelta(days=month.weekday())
    weeks = []
    while start <= last:
        weeks.append((start, start + timedelta(days=6)))
        start += timedelta(days=7)
    return weeks


def cadre_table(request):
    """Each cadre against the visit requirements: visits, problems collected and solved, households."""
    today = timezone.localdate()
    month = month_param(request.GET.get("month"))
    req = VisitRequirement.current()
    weeks = _weeks(month)
    span = (weeks[0][0], weeks[-1][1])
    points = (ContactPoint.objects.visible_to(request.user).filter(start__lte=span[1])
              .filter(Q(end__isnull=True) | Q(end__gte=span[0])).select_related("cadre", "community"))
    cadres = {}
    for cp in points:
        cadres.setdefault(cp.cadre_id, {"cadre": cp.cadre, "communities": []})["communities"].append(cp.community)
    user = request.user
    visits = list(Visit.objects.visible_to(user).filter(cadre_id__in=list(cadres), date__gte=span[0],
                                                        date__lte=span[1]).values("cadre_id", "kind", "date"))
    found = Problem.objects.visible_to(user).filter(source_visit__cadre_id__in=list(cadres))
    collected = list(found.filter(found_on__gte=span[0], found_on__lte=span[1]).values(
        "source_visit__cadre_id", "found_on"))
    solved = list(found.filter(status__in=SOLVED_PROBLEM_STATUSES, resolved_on__gte=span[0],
                               resolved_on__lte=span[1]).values("source_visit__cadre_id", "resolved_on"))
    rows = []
    for cadre_id, info in cadres.items():
        cells = []
        for start, end in weeks:
            n_visits = sum(1 for v in visits if v["cadre_id"] == cadre_id and v["kind"] == VisitKind.COMMUNITY
                           and start <= v["date"] <= end)
            n_found = sum(1 for p in collected if p["source_visit__cadre_id"] == cadre_id
                          and start <= p["found_on"] <= end)
            n_solved = sum(1 for p in solved if p["source_visit__cadre_id"] == cadre_id
                           and start <= p["resolved_on"] <= end)
            future = start > today
            cells.append({"visits": n_visits, "found": n_found, "solved": n_solved, "future": future,
                          "short": not future and (n_visits < req.visits_per_week
                                                   or n_found < req.problems_collected_per_week
                                                   or n_solved < req.problems_solved_per_week)})
        households = sum(1 for v in visits if v["cadre_id"] == cadre_id and v["kind"] == VisitKind.HOUSEHOLD
                         and v["date"].month == month.month)
        rows.append({"cadre": info["cadre"], "communities": info["communities"], "cells": cells,
                     "households": households, "households_short": households < req.households_per_month
                     and (month.year, month.month) < (today.year, today.month),
                     "shortfalls": sum(1 for c in cells if c["short"])})
    rows.sort(key=lambda r: r["cadre"].username)
    return render(request, "ledgers/cadre_table.html", {"rows": rows, "weeks": weeks, "req": req, "month": month})


def two_new_table(request):
    """Visits (走访调研) to each two-new organization this year against the yearly minimum."""
    year = year_param(request.GET.get("year"))
    req = VisitRequirement.current()
    orgs = Organization.objects.visible_to(request.user).filter(kind=OrgKind.TWO_NEW_ORG).annotate(
        n=Count("visits", filter=Q(visits__date__year=year, visits__kind=VisitKind.TWO_NEW)))
    return render(request, "ledgers/two_new_table.html", {"orgs": orgs, "year": year, "req": req,
                                                          "within": int_param(request.GET.get("within"))})
