"""The imbalance analysis page, and the committee's threshold for it."""

from decimal import Decimal

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from dangjian.core import metrics
from dangjian.core.params import int_param
from dangjian.core.roles import Role
from dangjian.core.scope import grants, is_staff, is_unrestricted
from dangjian.members.views.analysis import chosen_org, org_choices
from dangjian.reports.periods import period_params

from ..analysis import __doc__ as RULE_DOC  # noqa: N812
from ..analysis import analyse
from ..models import AnalysisRule


def analysis(request):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if not is_staff(request.user):
        raise Http404
    within = chosen_org(request)
    start, end = period_params(request.GET)
    scope = metrics.Scope(request.user)
    families, threshold = analyse(scope, within, start, end)
    for fam in families:
        flagged = {(f.org.pk, f.key) for f in fam["findings"]}
        fam["rows"] = [{"org": u, "cells": [(key, fam["table"][u.pk].get(key, Decimal(0)), (u.pk, key) in flagged,
                                             metrics.rows_url(key, u, start, end)) for key in fam["keys"]]}
                       for u in fam["units"]]
        fam["metrics"] = [metrics.get(k) for k in fam["keys"]]
    may_set = is_unrestricted(request.user) or any(g.role == Role.STREET_ADMIN for g in grants(request.user))
    return render(request, "assessment/analysis.html", {
        "families": families, "threshold": threshold, "within": within, "orgs": org_choices(request),
        "start": start, "end": end, "rule": " ".join(RULE_DOC.split("\n\n")[1].split()), "may_set": may_set,
        "older_age": AnalysisRule.current().older_age})


def analysis_rule(request):
    if request.method != "POST" or not request.user.is_authenticated:
        raise Http404
    if not (is_unrestricted(request.user) or any(g.role == Role.STREET_ADMIN for g in grants(request.user))):
        raise Http404
    threshold = int_param(request.POST.get("threshold_percent"))
    older = int_param(request.POST.get("older_age"))
    if threshold is None or not 5 <= threshold <= 95 or older is None or not 40 <= older <= 80:
        messages.error(request, "偏离阈值应在 5% 到 95% 之间，起算年龄应在 40 到 80 岁之间。")
    else:
        rule = AnalysisRule.current()
        rule.threshold_percent, rule.older_age = threshold, older
        rule.save()
        messages.success(request, "已保存分析规则。")
    return redirect(reverse("assessment:analysis"))
