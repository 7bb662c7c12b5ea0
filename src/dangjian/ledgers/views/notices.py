from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dangjian.core.views import get_visible_or_404, run_action

from .. import actions
from ..forms import ReplyForm
from ..models import SupervisionNotice


def notice_list(request):
    """Notices addressed to me, and (for staff) those issued within my part of the tree."""
    visible = SupervisionNotice.objects.visible_to(request.user)
    related = ("task", "problem", "recipient", "organization")
    return render(request, "ledgers/notice_list.html", {
        "mine": visible.filter(recipient=request.user).select_related(*related)[:100],
        "issued": visible.exclude(recipient=request.user).select_related(*related)[:100],
        "form": ReplyForm()})


@require_POST
def notice_reply(request, pk):
    notice = get_visible_or_404(SupervisionNotice, request.user, pk=pk)
    return run_action(request, reverse("ledgers:notice_list"),
                      lambda: actions.reply_notice(request.user, notice, request.POST.get("reply", "")), "已回复。")
