"""The request body limit, kept while the body streams in.

Django's `DATA_UPLOAD_MAX_MEMORY_SIZE` does not count file parts, so a 60 MB upload was read whole before a
form said "文件超过10MB". `DANGJIAN_UPLOAD_MAX_MB` now bounds every request: a body that says it is larger is
answered 413 before a byte of it is read; one that does not say (chunked) is cut off by the upload handler as
soon as it passes the limit, and the page says why.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpResponse

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
            request.POST  # noqa: B018 — parse now (CSRF would next), running the handler below
            if getattr(request, "upload_refused", None):
                return _refused()
        return None


def _refused() -> HttpResponse:
    response = HttpResponse(
        f'<!doctype html><html lang="zh-Hans"><meta charset="utf-8"><title>上传过大</title>'
        f'<p style="font: 16px sans-serif; margin: 2rem">{message()}</p><p style="margin: 2rem">'
        f'<a href="javascript:history.back()">返回</a></p></html>', status=413)
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
