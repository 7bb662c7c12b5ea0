"""Dues pages: the branch overview, the month page (record payments), standards, a member's dues, exemptions,
arrears and the member's own view. Writes go through `actions`; objects through `get_visible_or_404`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core.dates import add_months
from dangjian.core.params import month_param
from dangjian.core.views import add_validation_error, can_create, get_visible_or_404, require_staff, run_action
from dangjian.core.workflow import step
from dangjian.orgs.models import Organization
from dangjian.orgs.params import chosen_org, org_choices

from ..actions import BRANCH_KINDS
from ..models import PartyMember
from ..models.dues import DuesExemption, DuesKind, DuesMonth, DuesStandard, ExemptionStatus, PayMethod, yuan
from . import actions, totals
from .forms import ExemptionForm, PaymentForm, RecalculateForm, StandardForm
from .standard import parse_yuan

MONTHS_SHOWN = 24


def _branch(request, pk):
    require_staff(request.user)
    return get_visible_or_404(Organization.objects.filter(kind__in=BRANCH_KINDS), request.user, pk=pk)


def _month_url(branch, month):
    return f"{reverse('dues:month', kwargs={'pk': branch.pk})}?month={month:%Y-%m}"


def dues_home(request):
    """The branches under the chosen organization for a month: due, paid, rate, members in arrears."""
    require_staff(request.user)
    within = chosen_org(request)
    month = month_param(request.GET.get("month"))
    qs = DuesMonth.objects.visible_to(request.user).filter(branch__path__startswith=within.path, month=month)
    figures = totals.by_branch(qs)
    branches = Paginator(totals.branches_under(request.user, within).only("id", "name", "path"), 50) \
        .get_page(request.GET.get("page"))
    for b in branches:
        b.figures = figures.get(b.pk)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "members/dues/home.html", {
        "within": within, "month": month, "page_obj": branches, "total": totals.aggregate(qs),
        "orgs": org_choices(request), "query_without_page": query.urlencode(),
        "previous": add_months(month, -1), "next": add_months(month, 1),
        "year": month.year, "quarter": (month.month - 1) // 3 + 1,
        "may_import": can_create(request.user, DuesMonth),
    })


def dues_month(request, pk):
    """One branch, one month: every member's due with a tick and the amount paid; saving records the ticked."""
    branch = _branch(request, pk)
    month = month_param(request.GET.get("month") or request.POST.get("month"))
    may = actions.may_manage(request.user, branch)
    form = PaymentForm(request.POST or None, initial={"paid_on": timezone.localdate(), "method": PayMethod.CASH})
    rows = list(DuesMonth.objects.visible_to(request.user).filter(branch=branch, month=month)
                .select_related("member__person", "standard").order_by("member__person__pinyin", "pk"))
    if request.method == "POST":
        if not may:
            raise PermissionDenied("您的角色不能登记该支部的党费。")
        if form.is_valid() and _record(request, form, rows, branch, _month_message):
            return HttpResponseRedirect(_month_url(branch, month))
    total = totals.aggregate(DuesMonth.objects.filter(pk__in=[r.pk for r in rows])) if rows else None
    generated = {r.member_id for r in rows}
    missing = members_missing = 0
    if month <= actions.this_month():
        eligible = actions.members_of(branch, month).values_list("pk", flat=True)
        members_missing = len(set(eligible) - generated)
        missing = DuesStandard.objects.filter(member_id__in=set(eligible) - generated,
                                              effective_from__lte=month).values("member").distinct().count()
    for r in rows:
        r.prefill = yuan(r.paid_fen if r.is_settled else max(r.due_fen, r.paid_fen))
    return render(request, "members/dues/month.html", {
        "branch": branch, "month": month, "rows": rows, "form": form, "may": may, "total": total,
        "missing": missing, "without_standard": members_missing - missing,
        "previous": add_months(month, -1), "next": add_months(month, 1),
    })


def _month_message(recorded, skipped, items):
    if not items:
        return "没有勾选需要登记的党员。"
    text = f"已登记 {recorded} 人的党费。"
    if skipped:
        text += f"另有 {skipped} 人已由他人登记（或重复提交），未重复记录。"
    return text


def _member_message(recorded, skipped, items):
    return f"已补交登记 {recorded} 个月的党费。" + (f"{skipped} 个月已由他人登记，未重复记录。" if skipped else "")


def _record(request, form, rows, branch, message) -> bool:
    """The payment POST of the month page and the member page: records the ticked rows (True), or puts the
    problems on the form (False) for the page to show again."""
    items, problems = _ticked(request.POST, rows, branch)
    for p in problems:
        form.add_error(None, p)
    if problems:
        return False
    try:
        with step():
            recorded, skipped = actions.record_payments(request.user, items, paid_on=form.cleaned_data["paid_on"],
                                                        method=form.cleaned_data["method"])
    except ValidationError as exc:
        add_validation_error(form, exc)
        return False
    messages.success(request, message(recorded, skipped, items))
    return True


def _ticked(post, rows, branch):
    items, problems = [], []
    for r in rows:
        if post.get(f"pay_{r.pk}") != "1":
            continue
        try:
            was = int(post.get(f"was_{r.pk}", ""))
            amount = parse_yuan(post.get(f"amount_{r.pk}", ""))
        except ValueError as exc:
            problems.append(f"{r.member.person.name}：{exc}")
            continue
        if branch is not None:
            r.branch = branch
        items.append((r, was, amount))
    return items, problems


@require_POST
def dues_generate(request, pk):
    branch = _branch(request, pk)
    month = month_param(request.POST.get("month"))

    def run():
        if not actions.may_manage(request.user, branch):
            from dangjian.core.workflow import Refused

            raise Refused.forbidden("您的角色不能生成该支部的党费。")
        if month > actions.this_month():
            from dangjian.core.workflow import Refused

            raise Refused("不能生成以后月份的党费。")
        run.created = actions.generate_month(branch, month, actor=request.user)

    return run_action(request, _month_url(branch, month), run, lambda: f"已生成 {run.created} 人的月度党费。")


def dues_standards(request, pk):
    """The branch's members with the standard in force, and the yearly recalculation in one form."""
    branch = _branch(request, pk)
    may = actions.may_manage(request.user, branch)
    today = timezone.localdate()
    form = RecalculateForm(request.POST or None, initial={"effective_from": today.replace(month=1, day=1)})
    month = actions.this_month()
    members = list(PartyMember.objects.visible_to(request.user).filter(branch=branch).active()
                   .select_related("person").order_by("person__pinyin", "pk"))
    current = actions.standards_in_force(members, add_months(month, 24))
    if request.method == "POST":
        if not may:
            raise PermissionDenied("您的角色不能核定该支部的党费标准。")
        entries, problems = [], []
        for m in members:
            kind = request.POST.get(f"kind_{m.pk}", "")
            if not kind:
                continue
            if kind not in DuesKind.values:
                problems.append(f"{m.person.name}：请选择党员类型")
                continue
            try:
                income = parse_yuan(request.POST.get(f"income_{m.pk}") or "0")
                fixed = parse_yuan(request.POST.get(f"fixed_{m.pk}") or "0")
            except ValueError as exc:
                problems.append(f"{m.person.name}：{exc}")
                continue
            entries.append((m, kind, income, fixed))
        if form.is_valid() and not problems:
            try:
                with step():
                    changed = actions.recalculate(request.user, branch, form.cleaned_data["effective_from"], entries)
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                start = form.cleaned_data["effective_from"]
                messages.success(request, f"已核定：{changed} 人的党费标准自{start:%Y年%m月}起调整，其余不变。")
                return HttpResponseRedirect(reverse("dues:standards", kwargs={"pk": branch.pk}))
        for p in problems:
            form.add_error(None, p)
    for m in members:
        m.standard = current.get(m.pk)
    return render(request, "members/dues/standards.html", {
        "branch": branch, "members": members, "form": form, "may": may, "kinds": DuesKind.choices,
    })


def dues_member(request, pk):
    """A member's dues: the months, the standards (dated history), exemptions; unpaid months to settle."""
    member = get_visible_or_404(PartyMember.objects.select_related("person", "branch"), request.user, pk=pk)
    may = actions.may_manage(request.user, member.branch)
    dues = DuesMonth.objects.visible_to(request.user).filter(member=member)  # a member is seen more widely
    standards = DuesStandard.objects.visible_to(request.user).filter(member=member)  # than their dues are
    exemptions = DuesExemption.objects.visible_to(request.user).filter(member=member)
    months = list(dues.select_related("standard")[:MONTHS_SHOWN])
    if not (may or months or standards.exists() or exemptions.exists()):
        raise Http404("没有可查看的党费记录。")
    form = PaymentForm(request.POST or None, initial={"paid_on": timezone.localdate(), "method": PayMethod.CASH})
    if request.method == "POST":
        if not may:
            raise PermissionDenied("您的角色不能登记该党员的党费。")
        rows = list(dues.owing().select_related("branch", "member__person")) if form.is_valid() else []
        if form.is_valid() and _record(request, form, rows, None, _member_message):
            return HttpResponseRedirect(reverse("dues:member", kwargs={"pk": member.pk}))
    for r in months:
        r.prefill = yuan(max(r.due_fen, r.paid_fen))
    return render(request, "members/dues/member.html", {
        "member": member, "months": months, "may": may, "form": form,
        "owing": [r for r in months if not r.is_settled],
        "standards": standards.select_related("recorded_by"),
        "exemptions": exemptions.select_related("requested_by", "decided_by"),
        "total": totals.aggregate(dues.owing()),
    })


def dues_standard_add(request, pk):
    member = get_visible_or_404(PartyMember.objects.select_related("person", "branch"), request.user, pk=pk)
    if not actions.may_manage(request.user, member.branch):
        raise PermissionDenied("您的角色不能核定该党员的党费标准。")
    current = actions.in_force(list(member.dues_standards.all()), add_months(actions.this_month(), 24))
    initial = {"effective_from": actions.this_month(), "kind": current.kind if current else DuesKind.EMPLOYED,
               "income_fen": current.income_fen if current else None,
               "fixed_fen": current.monthly_fen if current and current.kind == DuesKind.FIXED else None}
    form = StandardForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with step():
                standard = actions.set_standard(request.user, member, kind=data["kind"],
                                                income_fen=data["income_fen"] or 0, fixed_fen=data["fixed_fen"],
                                                effective_from=data["effective_from"], note=data["note"])
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request,
                             f"已核定：自{standard.effective_from:%Y年%m月}起每月{yuan(standard.monthly_fen)}元。")
            return HttpResponseRedirect(reverse("dues:member", kwargs={"pk": member.pk}))
    return render(request, "generic/object_edit.html", {
        "form": form, "model_name": f"{member.person.name}的党费标准", "is_new": True,
        "cancel_url": reverse("dues:member", kwargs={"pk": member.pk})})


def dues_exemption_add(request, pk):
    member = get_visible_or_404(PartyMember.objects.select_related("person", "branch"), request.user, pk=pk)
    if not actions.may_manage(request.user, member.branch):
        raise PermissionDenied("您的角色不能为该党员申请党费减免。")
    form = ExemptionForm(request.POST or None, initial={"start": actions.this_month()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with step():
                actions.request_exemption(request.user, member, start=data["start"], end=data["end"],
                                          monthly_fen=data["monthly_fen"] or 0, reason=data["reason"])
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, "已提交减免申请，待上级党组织审批。")
            return HttpResponseRedirect(reverse("dues:member", kwargs={"pk": member.pk}))
    return render(request, "generic/object_edit.html", {
        "form": form, "model_name": f"{member.person.name}的党费减免申请", "is_new": True,
        "cancel_url": reverse("dues:member", kwargs={"pk": member.pk})})


def dues_exemptions(request):
    require_staff(request.user)
    rows = list(DuesExemption.objects.visible_to(request.user)
                .select_related("member__person", "member__branch", "requested_by", "decided_by")[:200])
    # the level above each pending branch, for the whole list at once (`parent_org` asks once per branch)
    pending = {e.member.branch_id for e in rows if e.status == ExemptionStatus.PENDING}
    parent_of = dict(Organization.objects.with_parent_pk().filter(pk__in=pending).values_list("pk", "parent_pk")
                     ) if pending else {}
    parents = Organization.objects.in_bulk([p for p in parent_of.values() if p]) if pending else {}
    for e in rows:
        e.may_decide = e.status == ExemptionStatus.PENDING and actions.may_decide_exemption(
            request.user, e, parent=parents.get(parent_of.get(e.member.branch_id)))
    return render(request, "members/dues/exemptions.html", {"rows": rows})


@require_POST
def dues_exemption_decide(request, pk):
    exemption = get_visible_or_404(DuesExemption.objects.select_related("member__person", "member__branch"),
                                   request.user, pk=pk)
    approve = {"approve": True, "reject": False}.get(request.POST.get("decision", ""))  # None: the action asks
    return run_action(request, reverse("dues:exemptions"),
                      lambda: actions.decide_exemption(request.user, exemption, approve, request.POST.get("note", "")),
                      "已审批。")


def dues_arrears(request):
    """Members with months that ended unpaid, most months first; six or more in a row is flagged."""
    require_staff(request.user)
    within = chosen_org(request)
    qs = (DuesMonth.objects.visible_to(request.user).filter(branch__path__startswith=within.path)
          .in_arrears(actions.this_month()))
    page = Paginator(totals.arrears(qs), 50).get_page(request.GET.get("page"))
    ids = [r["member_id"] for r in page.object_list]
    members = PartyMember.objects.select_related("person", "branch").in_bulk(ids)
    owing = {}
    for member_id, m in qs.filter(member_id__in=ids).order_by("month").values_list("member_id", "month"):
        owing.setdefault(member_id, []).append(m)
    rows = []
    for r in page.object_list:
        run = totals.longest_run(owing.get(r["member_id"], []))
        rows.append({**totals.with_yuan(dict(r)), "member": members[r["member_id"]], "run": run,
                     "warn": run >= actions.ARREARS_WARNING_MONTHS})
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "members/dues/arrears.html", {
        "within": within, "rows": rows, "page_obj": page, "orgs": org_choices(request),
        "total": totals.aggregate(qs), "query_without_page": query.urlencode(),
        "warning_months": actions.ARREARS_WARNING_MONTHS,
    })


def dues_mine(request):
    """The member's own dues, phone-first: the standard, this year's months, what is still owed."""
    member = (PartyMember.objects.visible_to(request.user).filter(person__user=request.user)
              .select_related("person", "branch").first())
    months, standard, owing = [], None, None
    if member is not None:
        months = list(DuesMonth.objects.filter(member=member)[:12])
        standard = actions.in_force(list(member.dues_standards.all()), actions.this_month())
        owing = totals.aggregate(DuesMonth.objects.filter(member=member).owing())
    return render(request, "members/dues/mine.html", {"member": member, "months": months, "standard": standard,
                                                      "owing": owing})
