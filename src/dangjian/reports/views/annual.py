"""The annual report page: preview with every number linked to its rows, narratives, .docx and .pdf."""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from dangjian.core import metrics
from dangjian.core.io.officialdoc import docx_response
from dangjian.core.io.pdf import PdfUnavailable, docx_to_pdf, libreoffice_path
from dangjian.core.params import int_param, year_param
from dangjian.core.scope import holds, is_staff
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization

from ..composer import compose, default_recipient
from ..document import build_docx
from ..forms import AnnualReportForm
from ..models import AnnualReport

KINDS = (OrgKind.STREET_COMMITTEE, OrgKind.COMMUNITY_COMMITTEE)


def _org(request):
    """The chosen street or community (or the user's top one) and the list to choose from, in one query."""
    orgs = list(Organization.objects.visible_to(request.user).filter(kind__in=KINDS).order_by("path")[:200])
    chosen = int_param(request.GET.get("org"))
    if chosen is None:
        org = min(orgs, key=lambda o: (o.depth, o.path), default=None)
    else:
        org = next((o for o in orgs if o.pk == chosen), None)
        if org is None and len(orgs) == 200:
            org = Organization.objects.visible_to(request.user).filter(kind__in=KINDS, pk=chosen).first()
    if org is None:
        raise Http404
    return org, orgs


def annual(request):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if not is_staff(request.user):
        raise Http404
    org, orgs = _org(request)
    year = year_param(request.GET.get("year"))
    saved = AnnualReport.objects.visible_to(request.user).filter(organization=org, year=year).first()
    editable = holds(request.user, org, AnnualReport.edit_roles)
    # A community's report goes to its street; a street's to the district's organization department.
    instance = saved or AnnualReport(organization=org, year=year, recipient=default_recipient(org))
    report = compose(org, year, metrics.Scope(request.user), report=instance)
    fmt = request.GET.get("format")
    if fmt in ("docx", "pdf"):
        data = build_docx(report)
        name = f"{org.name}{year}年度落实情况报告"
        if fmt == "docx":
            return docx_response(data, f"{name}.docx")
        try:
            pdf = docx_to_pdf(data)
        except PdfUnavailable as exc:
            messages.error(request, str(exc))
            return redirect(f"{reverse('reports:annual')}?org={org.pk}&year={year}")
        response = HttpResponse(pdf, content_type="application/pdf")
        from urllib.parse import quote

        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.pdf"
        return response
    form = AnnualReportForm(request.POST or None, instance=instance, sections=report.sections)
    if request.method == "POST":
        if not editable:
            raise Http404
        if form.is_valid():
            obj = form.save(commit=False)
            obj.updated_by = request.user
            try:
                with transaction.atomic():
                    obj.save()
            except IntegrityError:  # someone else saved this year's report first
                messages.error(request, "报告刚被他人保存，请刷新页面后再修改。")
                return redirect(f"{reverse('reports:annual')}?org={org.pk}&year={year}")
            messages.success(request, "已保存报告文字；数字在每次导出时按记录重新统计。")
            return redirect(obj.get_absolute_url())
    blocks = [(b.kind, [(p, None) if isinstance(p, str) else (p.text, p) for p in b.parts]) for b in report.blocks]
    return render(request, "reports/annual.html", {
        "report": report, "blocks": blocks, "org": org, "orgs": orgs, "year": year, "form": form,
        "editable": editable, "pdf_available": libreoffice_path() is not None,
        "years": range(min(year, timezone.localdate().year) - 4, timezone.localdate().year + 1)})
