"""Weekly summary pages: list, detail, write (draft / submit) and the late list. Writes go through actions."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Value, When
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import TemplateView

from dangjian.core.metrics import Scope
from dangjian.core.views import (
    ObjectView,
    StaffOnlyMixin,
    TableListView,
    add_validation_error,
    can_create,
    require_staff,
)
from dangjian.core.workflow import Refused
from dangjian.orgs.params import PARAM, chosen_org

from . import actions, figures, rules
from .filters import SummaryFilterSet
from .forms import SummaryForm, WeekChoiceForm
from .models import WeeklySummary


def write_url(org_pk, week_start) -> str:
    return f"{reverse('assessment:summary_write')}?{PARAM}={org_pk}&week={week_start.isoformat()}"


class SummaryListView(StaffOnlyMixin, TableListView):
    model = WeeklySummary
    heading = "周总结"
    template_name = "assessment/summary_list.html"
    filterset_class = SummaryFilterSet
    search_fields = ("organization__name", "narrative")
    select_related = ("organization",)
    columns = [("周次（周一）", "week_start"), ("单位", "organization.name"), ("状态", "state"),
               ("提交时间", "submitted_at"), ("是否逾期", "late_flag")]

    def base_queryset(self):
        # State and lateness come from SQL, so the page and its export read no figures and ask nothing per row.
        return super().base_queryset().annotate(
            state=Case(When(submitted_at__isnull=True, then=Value("草稿")), default=Value("已提交")),
            late_flag=Case(When(rules.late_q(), then=Value("逾期提交")),
                           When(submitted_at__isnull=True,
                                week_start__lt=timezone.localdate() - timedelta(days=7), then=Value("逾期未交")),
                           default=Value("")),
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(rule=rules.RULE, **kwargs)


class SummaryView(ObjectView):
    model = WeeklySummary
    template_name = "assessment/summary.html"

    def base_queryset(self):
        return WeeklySummary.objects.select_related("organization", "submitted_by")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        summary, user = self.object, self.request.user
        live = figures.week_figures(Scope(user), summary.organization, summary.week_start)
        ctx.update(
            rows=figures.compare(summary.figures, live) if summary.is_submitted else None,
            live=live, rule=rules.RULE, week=rules.week_label(summary.week_start),
            due=rules.due_date(summary.week_start),
            days_late=rules.days_late(summary.week_start, timezone.localdate(summary.submitted_at))
            if summary.is_submitted else 0,
            may_write=ctx["can_edit"] and actions.may_write_summary(user, summary.organization, summary),
            write_url=write_url(summary.organization_id, summary.week_start),
        )
        return ctx


class SummaryWriteView(View):
    """写本周总结: ?within=&week= pick the unit-week (a chooser without them); the figures are live and read-only."""

    template_name = "assessment/summary_write.html"

    def dispatch(self, request, *args, **kwargs):
        require_staff(request.user)
        # Read-only roles (a cadre, the district) write no summary: refused before anything is read or written.
        if request.user.is_authenticated and not can_create(request.user, WeeklySummary):
            raise PermissionDenied("您的角色不能填写周总结。")
        return super().dispatch(request, *args, **kwargs)

    def _target(self, request):
        """(org, week, chooser): org and week are None while the chooser still needs an answer."""
        today = timezone.localdate()
        if not request.GET.get(PARAM):
            chooser = WeekChoiceForm(initial={"week": rules.default_week(today)}, user=request.user)
            only = list(chooser.fields[PARAM].queryset[:2])
            if len(only) == 1:
                chooser.initial[PARAM] = only[0].pk
            return None, None, chooser
        org = chosen_org(request)
        refusal = actions.unit_refusal(request.user, org)
        if refusal is not None:
            raise refusal  # 404 or 403, answered by the platform's middleware
        data = request.GET.copy()
        data.setdefault("week", rules.default_week(today).isoformat())
        chooser = WeekChoiceForm(data, user=request.user)
        if not chooser.is_valid():
            return None, None, chooser
        week = chooser.cleaned_data["week"]
        try:
            actions.check_week(week, today)
        except Refused as exc:
            add_validation_error(chooser, exc)
            return None, None, chooser
        return org, week, chooser

    def get(self, request):
        org, week, chooser = self._target(request)
        if org is None:
            return render(request, self.template_name, {"chooser": chooser, "rule": rules.RULE})
        summary = WeeklySummary.objects.filter(organization=org, week_start=week).first()
        if summary is not None and summary.is_submitted:
            messages.error(request, actions.SUBMITTED)
            return HttpResponseRedirect(summary.get_absolute_url())
        initial = {"narrative": summary.narrative, "next_week": summary.next_week} if summary else {}
        return self._render(request, org, week, chooser, SummaryForm(initial=initial), summary)

    def post(self, request):
        org, week, chooser = self._target(request)
        if org is None:
            return render(request, self.template_name, {"chooser": chooser, "rule": rules.RULE})
        form = SummaryForm(request.POST)
        summary = WeeklySummary.objects.filter(organization=org, week_start=week).first()
        if form.is_valid():
            submit = "submit" in request.POST
            write = actions.submit if submit else actions.save_draft
            try:
                summary = write(request.user, org, week, form.cleaned_data["narrative"], form.cleaned_data["next_week"])
            except Refused as exc:
                if exc.status in (403, 404):
                    raise
                if actions.SUBMITTED in exc.messages and summary is not None:
                    messages.error(request, actions.SUBMITTED)
                    return HttpResponseRedirect(summary.get_absolute_url())
                add_validation_error(form, exc)
            else:
                if submit:
                    messages.success(request, f"已提交{org.name}{rules.week_label(week)}的周总结，本周数据已存档。")
                    return HttpResponseRedirect(summary.get_absolute_url())
                messages.success(request, "草稿已保存，提交前仍可修改。")
                return HttpResponseRedirect(write_url(org.pk, week))
        return self._render(request, org, week, chooser, form, summary)

    def _render(self, request, org, week, chooser, form, summary):
        today = timezone.localdate()
        due = rules.due_date(week)
        return render(request, self.template_name, {
            "org": org, "week_start": week, "week": rules.week_label(week), "due": due,
            "overdue_days": max(0, (today - due).days), "chooser": chooser, "form": form, "summary": summary,
            "figures": figures.week_figures(Scope(request.user), org, week), "rule": rules.RULE,
        })


class SummaryLateView(StaffOnlyMixin, TemplateView):
    """逾期未报: this year's missing and late summaries of the units the user may see (?within= narrows)."""

    template_name = "assessment/summary_late.html"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    @cached_property
    def unit(self):
        return chosen_org(self.request) if self.request.GET.get(PARAM) else None

    def rows(self):
        return rules.late(self.request.user, self.unit, timezone.localdate())

    def export(self):
        from dangjian.core.io.xlsx import build_workbook, xlsx_response

        headers = ["周次", "单位", "情况", "截止日期", "提交时间", "逾期天数"]
        data = ([r.week, r.organization.name, r.status, r.due.isoformat(),
                 timezone.localtime(r.submitted_at).strftime("%Y-%m-%d %H:%M") if r.submitted_at else "", r.days]
                for r in self.rows())
        return xlsx_response(build_workbook("逾期未报周总结", headers, data, subtitle=rules.RULE),
                             "逾期未报周总结.xlsx")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rows = self.rows()
        page = Paginator(rows, self.paginate_by).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx.update(
            page_obj=page, rows=page.object_list, paginator=page.paginator, is_paginated=page.has_other_pages(),
            query_without_page=query.urlencode(), rule=rules.RULE, selected=self.unit,
            units=rules.units().visible_to(self.request.user).order_by("path"),
            writable=set(actions.writable_units(self.request.user).values_list("pk", flat=True)),
            missing=sum(1 for r in rows if r.submitted_at is None), year=timezone.localdate().year,
        )
        return ctx
