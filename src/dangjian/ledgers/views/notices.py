from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ..forms import ReplyForm
from ..models import SupervisionNotice


def notice_list(request):
    """Notices addressed to me, and (for staff) those issued within my part of the tree."""
    mine = SupervisionNotice.objects.filter(recipient=request.user)
    issued = SupervisionNotice.objects.visible_to(request.user).exclude(recipient=request.user)
    related = ("task", "problem", "recipient", "organization")
    return render(request, "ledgers/notice_list.html", {
        "mine": mine.select_related(*related)[:100], "issued": issued.select_related(*related)[:100],
        "form": ReplyForm()})


@require_POST
def notice_reply(request, pk):
    notice = get_object_or_404(SupervisionNotice, pk=pk, recipient=request.user)
    form = ReplyForm(request.POST)
    if form.is_valid():
        SupervisionNotice.objects.filter(pk=notice.pk).update(reply=form.cleaned_data["reply"],
                                                              replied_at=timezone.now())
        messages.success(request, "已回复。")
    else:
        messages.error(request, "请填写回复内容。")
    return HttpResponseRedirect(reverse("ledgers:notice_list"))
