"""The annual report page: preview with every number linked to its rows, narratives, .docx and .pdf."""

from urllib.parse import quote

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from dangjian.core import export_jobs, job_progress, metrics
from dangjian.core.dbrouter import replica_reads
from dangjian.core.io.pdf import PdfUnavailable, docx_to_pdf, libreoffice_path
from dangjian.core.views import staff_only
from dangjian.core.workflow import Refused
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.params import chosen_org, org_choices

from ..actions import may_edit_report, save_report
from ..composer import NothingToReport, compose, default_recipient
from ..forms import AnnualReportForm
from ..models import AnnualReport, report_url
from ..periods import report_year

KINDS = (OrgKind.STREET_COMMITTEE, OrgKind.COMMUNITY_COMMITTEE)


@staff_only
@replica_reads
def annual(request):
    org = chosen_org(request, kinds=KINDS)  # ?within=: a street or community the user sees, else 404
    year = report_year(request.GET.get("year"))
    saved = AnnualReport.objects.visible_to(request.user).filter(organization=org, year=year).first()
    editable = may_edit_report(request.user, org)
    if request.method == "POST" and not editable:
        raise Refused.forbidden("您可以查看和下载本报告；修改补充段落须由该组织的工作人员进行。")
    # A community's report goes to its street; a street's to the district's organization department.
    instance = saved or AnnualReport(organization=org, year=year, recipient=default_recipient(org))
    fmt = request.GET.get("format")
    if fmt == "pdf" and request.method == "GET":
        # Composing, writing and converting take long: all of it in a job that replays this request (in it:
        # None); a GET only asks. A year with nothing to report fails the job with the page's own reason.
        started = export_jobs.in_background(request, title=f"{org.name}{year}年度报告 PDF")
        if started:
            return started
    job_progress.step(0, 3, "正在统计报告数字")
    try:
        report = compose(org, year, metrics.Scope(request.user), report=instance)
    except NothingToReport as exc:
        # Nothing to report: the page says why and offers no page of zeros; a download goes back to it.
        _say_once(request, exc.text)
        if fmt in ("docx", "pdf"):
            return redirect(report_url(org.pk, year))
        report = None
    if fmt in ("docx", "pdf") and report is not None:
        # python-docx (~17 MB) is imported by the workers that write a .docx, not with the page (issue 14).
        from dangjian.core.io.officialdoc import docx_response

        from ..document import build_docx

        job_progress.step(1, 3, "正在生成 Word 文档")
        data = build_docx(report)
        name = f"{org.name}{year}年度落实情况报告"
        if fmt == "docx":
            return docx_response(data, f"{name}.docx")
        job_progress.step(2, 3, "正在转换为 PDF")
        try:
            pdf = docx_to_pdf(data)
        except PdfUnavailable as exc:
            messages.error(request, str(exc))
            return redirect(report_url(org.pk, year))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.pdf"
        return response
    # Without a report there are no sections to write for; the title, recipient and date stay editable (a date
    # set before the year is one reason for an empty period) and narratives saved before are kept.
    form = AnnualReportForm(request.POST or None, instance=instance, sections=report.sections if report else ())
    if request.method == "POST" and form.is_valid():
        try:
            obj = save_report(request.user, form)
        except Refused as exc:
            if exc.status in (403, 404):
                raise  # answered as what it is by the platform's middleware
            messages.error(request, exc.text)
            return redirect(report_url(org.pk, year))
        messages.success(request, "已保存报告文字；数字在每次导出时按记录重新统计。")
        return redirect(obj.get_absolute_url())
    blocks = [(b.kind, [(p, None) if isinstance(p, str) else (p.text, figure_link(p)) for p in b.parts])
              for b in (report.blocks if report else ())]
    return render(request, "reports/annual.html", {
        "report": report, "blocks": blocks, "org": org, "year": year, "form": form,
        "orgs": org_choices(request, kinds=KINDS).order_by("path"), "editable": editable,
        "pdf_available": libreoffice_path() is not None,
        "years": range(min(year, timezone.localdate().year) - 4, timezone.localdate().year + 1)})


def figure_link(fig) -> str:
    """A number of the preview as HTML: linked to its rows (a rate to its numerator, with 分子/分母 links to
    both parts), titled with its id and definition. Built here once per figure: an include per number made the
    template most of the page's time (141 figures on a street's report)."""
    title = f"{fig.id} {fig.definition}"
    if fig.parts:
        parts = format_html_join("/", '<a href="{}" class="text-secondary text-decoration-none" title="{}" '
                                 'data-figure-part="{}:{}">{}</a>',
                                 ((part.href, f"{role} {part.id}：{part.label} {part.text}{part.metric.unit}", fig.id,
                                   role, role) for role, part in fig.links))
        return format_html('<a href="{}" class="fw-semibold" title="{}" data-figure="{}">{}</a>'
                           '<sup class="dj-rate-parts small">{}</sup>', fig.href, title, fig.id, fig.text, parts)
    if fig.url:
        return format_html('<a href="{}" class="fw-semibold" title="{}" data-figure="{}">{}</a>', fig.url, title,
                           fig.id, fig.text)
    return format_html('<span class="fw-semibold" title="{}" data-figure="{}">{}</span>', title, fig.id, fig.text)


def _say_once(request, text: str) -> None:
    """The refusal as a message, unless one waiting to be shown says it already (a download sent back here)."""
    if text not in {str(m) for m in messages.get_messages(request)}:
        messages.warning(request, text)
