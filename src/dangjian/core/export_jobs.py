"""Downloads too large for a request (an export of more than 2,000 rows, the annual report as PDF) run as a job
that replays the very request in the worker: the same view, the same filters, the same permission checks, with
the person who asked as its user. So no export needs a second implementation for the background.

A download view asks first:

    started = export_jobs.in_background(request, rows=qs.count(), title="党员名册")
    if started:
        return started          # a confirmation page (GET), or a redirect to the job's page (POST)
    ...build the file as before...

Starting a job is a write, so a GET (a link, a reload, a prefetch, a crawler) only answers a small page that says
what will happen, with a button that POSTs to `job_start`; the request it will replay travels signed in that form
(for this person, an hour), so the POST cannot name another page. A download that is a POST already (a form with
the export's reason) starts at once. In the worker `in_background` answers None (the job is the replay),
`build_workbook` reports its rows, and the response's bytes and file name become the job's result.
"""

import re
from urllib.parse import unquote

from django.core import signing
from django.shortcuts import redirect

from . import job_progress
from .longjobs import JobFailed, long_job, start

NOT_A_FILE = "未能生成文件，请回到原页面重新下载（筛选条件可能已失效）。"


def in_background(request, *, rows: int | None = None, title: str, threshold: int | None = None):
    """When this download is too long for the request (more than `threshold` rows, by default
    longjobs.ROWS_IN_REQUEST; `rows=None`: always, e.g. a PDF): for a GET the confirmation page, for a POST a
    redirect to the new job's page. Else None — and always None in the worker's replay."""
    from . import longjobs

    threshold = longjobs.ROWS_IN_REQUEST if threshold is None else threshold
    if job_progress.active() or (rows is not None and rows <= threshold):
        return None
    if request.method != "POST":
        return _confirm(request, rows=rows, title=title)
    # The form's fields are replayed (the export's reason); kept in the job's row, so never a secret.
    data = {k: request.POST.getlist(k) for k in request.POST
            if k != "csrfmiddlewaretoken" and not any(w in k.lower() for w in SECRET_FIELDS)}
    job = start(request.user, "download", path=request.path, query=request.GET.urlencode(), method="POST",
                data=data, rows=rows or 0, title=title)
    return redirect(job)


SECRET_FIELDS = ("password", "otp", "token", "secret")
SALT = "dangjian.core.export_jobs.confirm"
CONFIRM_FOR = 3600  # seconds a confirmation page's button stays valid
EXPIRED = "该下载确认已过期，请回到原页面重新下载。"


def _confirm(request, *, rows, title):
    """The page a GET answers instead of starting a job: how large, where the file will wait, and the button."""
    from django.shortcuts import render
    from django.utils.http import url_has_allowed_host_and_scheme

    token = signing.dumps({"u": request.user.pk, "p": request.path, "q": request.GET.urlencode(), "r": rows or 0,
                           "t": title}, salt=SALT)
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        back = ""
    return render(request, "core/job_confirm.html", {"title": title, "rows": rows, "token": token, "back": back})


def start_confirmed(request):
    """The confirmation's POST: the signed request becomes a job of this person (another's token: 404)."""
    from django.contrib import messages
    from django.http import Http404

    try:
        asked = signing.loads(request.POST.get("token", ""), salt=SALT, max_age=CONFIRM_FOR)
    except signing.BadSignature:
        messages.error(request, EXPIRED)
        return redirect("jobs")
    if asked.get("u") != request.user.pk:
        raise Http404("not this person's confirmation")
    job = start(request.user, "download", path=asked["p"], query=asked["q"], method="GET", data=None,
                rows=asked["r"], title=asked["t"])
    return redirect(job)


def _request(user, path, query, method, data):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.base import SessionBase
    from django.test import RequestFactory
    from django_htmx.middleware import HtmxDetails

    url = f"{path}?{query}" if query else path
    factory = RequestFactory()
    request = factory.post(url, data or {}) if method == "POST" else factory.get(url)
    request.user = user
    request.session = SessionBase()
    request._messages = FallbackStorage(request)
    request.htmx = HtmxDetails(request)
    request._dont_enforce_csrf_checks = True
    return request


def _filename(response) -> str:
    disposition = response.get("Content-Disposition", "")
    match = re.search(r"filename\*=UTF-8''([^;]+)", disposition)
    if match:
        return unquote(match.group(1))
    match = re.search(r'filename="?([^";]+)"?', disposition)
    return match.group(1) if match else "download"


@long_job("download", "生成下载文件", detail=lambda params: params.get("title", ""))
def download(user, progress, *, path: str, query: str = "", method: str = "GET", data=None, rows: int = 0,
             title: str = ""):
    from django.urls import resolve

    request = _request(user, path, query, method, data)
    match = resolve(path)
    progress(0, rows or 1, "正在读取数据")
    token = job_progress.current.set((progress, rows))
    try:
        response = match.func(request, *match.args, **match.kwargs)
    finally:
        job_progress.current.reset(token)
    if response.status_code != 200 or "attachment" not in response.get("Content-Disposition", ""):
        said = [str(m) for m in getattr(request._messages, "_queued_messages", [])]
        raise JobFailed("；".join(said) or NOT_A_FILE)  # the page's own message (e.g. 无法生成 PDF) if it gave one
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return _filename(response), content
