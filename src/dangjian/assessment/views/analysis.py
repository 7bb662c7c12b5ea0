"""The imbalance analysis page, and the committee's threshold for it."""


from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from dangjian.core import metrics
from dangjian.core.params import int_param
from dangjian.core.roles import Role
from dangjian.core.scope import holds, is_staff
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization
from dangjian.orgs.params import chosen_org, org_choices
from dangjian.reports.periods import period_params

from ..analysis import RULE_TEXT, analyse
from ..models import AnalysisRule


def analysis(request):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if not is_staff(request.user):
        raise Http404
    within = chosen_org(request)
    start, end = period_params(request.GET, request)
    scope = metrics.Scope(request.user)
    families, threshold = analyse(scope, within, start, end)
    for fam in families:
        flagged = {(f.org.pk, f.key) for f in fam["findings"]}
        fam["rows"] = [{"org": u, "cells": [(key, fam["table"][u.pk].get(key), (u.pk, key) in flagged,
                                             metrics.rows_url(key, u, start, end)) for key in fam["keys"]]}
                       for u in fam["units"]]
        fam["metrics"] = [metrics.get(k) for k in fam["keys"]]
    street = _street_of(within)
    may_set = street is not None and holds(request.user, street, {Role.STREET_ADMIN})
    return render(request, "assessment/analysis.html", {
        "families": families, "threshold": threshold, "within": within, "orgs": org_choices(request),
        "start": start, "end": end, "rule": RULE_TEXT, "may_set": may_set,
        "older_age": AnalysisRule.for_org(within).older_age, "street": street})


def _street_of(org):
    from dangjian.orgs.models import Organization

    if org.depth < 2:
        return None
    return Organization.objects.filter(path=org.path[: 2 * Organization.steplen], kind=OrgKind.STREET_COMMITTEE).first()


def analysis_rule(request):
    """A street's own threshold and age, set by its committee staff (street admins) only."""
    if request.method != "POST" or not request.user.is_authenticated:
        raise Http404
    street = get_object_or_404(
        Organization.objects.reachable_with(request.user, {Role.STREET_ADMIN}).filter(kind=OrgKind.STREET_COMMITTEE),
        pk=int_param(request.POST.get("street"), 0))
    threshold = int_param(request.POST.get("threshold_percent"))
    older = int_param(request.POST.get("older_age"))
    if threshold is None or not 5 <= threshold <= 95 or older is None or not 40 <= older <= 80:
        messages.error(request, "偏离阈值应在 5% 到 95% 之间，起算年龄应在 40 到 80 岁之间。")
    else:
        AnalysisRule.objects.update_or_create(street=street,
                                              defaults={"threshold_percent": threshold, "older_age": older})
        messages.success(request, f"已保存{street.name}的分析规则。")
    return redirect(reverse("assessment:analysis") + f"?within={street.pk}")
