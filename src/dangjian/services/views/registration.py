from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dangjian.core.views import ObjectListView, get_visible_or_404

from ..models import Registration
from ..registration import RegistrationForm, approve, reject


@login_not_required
def register(request):
    """Anyone may apply; nothing can be done with the account until the community approves it."""
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        return render(request, "services/public/registered.html")
    return render(request, "services/public/register.html", {"form": form})


class RegistrationListView(ObjectListView):
    model = Registration
    template_name = "services/registration_list.html"

    def base_queryset(self):
        return Registration.objects.select_related("community", "decided_by")


@require_POST
def decide(request, pk):
    registration = get_visible_or_404(Registration, request.user, pk=pk)
    try:
        if request.POST.get("decision") == "approve":
            approve(request.user, registration)
            messages.success(request, f"已通过 {registration.name} 的申请，账号 {registration.username} 可以登录。")
        else:
            reject(request.user, registration, request.POST.get("reason", ""))
            messages.success(request, "已退回申请。")
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    return HttpResponseRedirect(reverse("services:registration_list"))
