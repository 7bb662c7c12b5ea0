"""The notification centre: a user's own notifications (never anyone else's)."""

from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .models import Notification


def _mine(user):
    """The user's own notifications — an operator's too: an inbox is personal, whoever may see all data."""
    return Notification.objects.filter(user=user)


def inbox(request):
    qs = _mine(request.user)
    if request.GET.get("unread"):
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(request, "core/inbox.html", {"page_obj": page, "object_list": page.object_list,
                                               "is_paginated": page.has_other_pages(), "paginator": page.paginator,
                                               "query_without_page": "unread=1" if request.GET.get("unread") else ""})


@require_POST
def open_notification(request, pk):
    note = get_object_or_404(_mine(request.user), pk=pk)
    if note.read_at is None:
        Notification.objects.filter(pk=note.pk, read_at__isnull=True).update(read_at=timezone.now())
    safe = note.url and url_has_allowed_host_and_scheme(note.url, {request.get_host()})
    target = note.url if safe else "/notifications/"
    return HttpResponseRedirect(target)


@require_POST
def read_all(request):
    _mine(request.user).filter(read_at__isnull=True).update(read_at=timezone.now())
    return HttpResponseRedirect("/notifications/")
