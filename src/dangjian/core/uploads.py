"""The request body limit, kept while the body streams in.

Django's `DATA_UPLOAD_MAX_MEMORY_SIZE` does not count file parts, so a 60 MB upload was read whole before a
form said "文件超过10MB". `DANGJIAN_UPLOAD_MAX_MB` now bounds every request: a body that says it is larger is
answered 413 before a byte of it is read; one that does not say (chunked) is cut off by the upload handler as
soon as it passes the limit, and the page says why.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError

TOO_LARGE = "上传的内容超过 {mb}MB，未被接收。请压缩图片、分批上传，或联系管理员。"


def limit() -> int:
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def message() -> str:
    return TOO_LARGE.format(mb=limit() // (1024 * 1024))


class BodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit():
            return _refused()
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """A streamed body that passed the limit was cut off while parsed: say so instead of the view's form
        complaining of a missing file."""
        if request.method == "POST" and request.content_type == "multipart/form-data":
            try:
                request.POST  # noqa: B018 — parse now (CSRF would next), running the handler below
            except MultiPartParserError:
                # A malformed body (no or a bad boundary) reads as an empty form; Django has marked it so.
                # The view answers as to an empty post (the sign-in form's CSRF refusal, a form's errors,
                # the API's 400), never a server error.
                return None
            if getattr(request, "upload_refused", None):
                return _refused()
        return None


def _refused() -> HttpResponse:
    """A bare page (no template, no database) that the Content-Security-Policy allows: its look and its 返回
    link's going back come from the static files, not from style="" or a javascript: address."""
    from django.templatetags.static import static

    response = HttpResponse(
        f'<!doctype html><html lang="zh-Hans"><meta charset="utf-8"><title>上传过大</title>'
        f'<link rel="stylesheet" href="{static("dangjian/app.css")}"><body class="dj-bare">'
        f'<p>{message()}</p><p><a href="/" data-back>返回</a></p>'
        f'<script src="{static("dangjian/behaviours.js")}"></script></body></html>', status=413)
    response["Connection"] = "close"  # an unread body is not for this connection to carry
    return response


class LimitedUploadHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: counts every file byte of the request and stops at the limit."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > limit():
            if self.request is not None:
                self.request.upload_refused = message()
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


def served_file(evidence):
    """An uploaded file as a download, never as a page: whatever its bytes, the browser neither renders nor runs
    it at the site's origin (attachment; a sandbox with no sources; nosniff comes from SecurityMiddleware).
    Photos still show in `<img>` tags, which ignore the disposition."""
    from django.http import FileResponse

    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
