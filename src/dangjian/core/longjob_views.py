"""The pages of long jobs: my jobs, one job's progress (polled by htmx until it ends), its download, its retry, and
the confirmation that starts a large download (a GET only asks; the POST starts the job).

A job is its owner's alone: another person's job answers 404 like anything out of sight — an operator's too,
whose reach otherwise opens every row (an export may hold ID numbers in full).
"""

from io import BytesIO

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import export_jobs, longjobs
from .longjob_model import LongJob
from .views import get_visible_or_404

GONE = "该文件已不存在或已无法打开（可能已被清理，或加密密钥已更换），请回到原页面重新生成。"


def _mine(user):
    """Visible (one's own, by its reach) and one's own: an operator, who sees every row, reaches only theirs."""
    return LongJob.objects.visible_to(user).filter(user=user)


def _job(request, pk, qs=None):
    return get_visible_or_404(_mine(request.user) if qs is None else qs.filter(user=request.user), request.user,
                              pk=pk)


def job_list(request):
    page = Paginator(_mine(request.user).defer("params"), 20).get_page(request.GET.get("page"))
    return render(request, "core/jobs.html", {"page_obj": page, "object_list": page.object_list,
                                              "is_paginated": page.has_other_pages(), "paginator": page.paginator})


def _context(request, job, **extra):
    return {"job": job, "may_retry": longjobs.may_retry(request.user, job), **extra}


def job_detail(request, pk):
    job = _job(request, pk)
    return render(request, "core/job.html", _context(request, job))


def job_progress(request, pk):
    """The status block alone: what the job page's htmx polling swaps in (it stops asking once the job ends)."""
    job = _job(request, pk)
    return render(request, "core/_job_status.html", _context(request, job))


def job_download(request, pk):
    """The file, unsealed; marked downloaded (it leaves the to-do list) only once it has opened."""
    job = _job(request, pk, LongJob.objects.filter(status=LongJob.DONE).exclude(result=""))
    try:
        data = longjobs.read_result(job)
    except FileNotFoundError:
        return render(request, "core/job.html", _context(request, job, gone=GONE), status=404)
    longjobs.mark_downloaded(request.user, job)
    response = FileResponse(BytesIO(data), as_attachment=True, filename=job.filename)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


@require_POST
def job_retry(request, pk):
    job = _job(request, pk)
    try:
        job = longjobs.retry(request.user, job)
    except longjobs.Refused as exc:
        if exc.status == 404:
            raise
        messages.error(request, exc.text)
    else:
        messages.success(request, "已重新提交，正在排队生成。")
    return redirect(job)


@require_POST
def job_start(request):
    """The confirmation's button: starts the download that page described (signed for this person, an hour)."""
    return export_jobs.start_confirmed(request)
