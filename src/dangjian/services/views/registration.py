from axes.helpers import get_client_ip_address
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dangjian.core.views import ObjectListView, get_visible_or_404, run_action

from ..models import Registration
from ..registration import TOO_MANY, RegistrationForm, approve, may_decide, reject, too_many


@login_not_required
def register(request):
    """Anyone may apply; nothing can be done with the account until the community approves it."""
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        address = get_client_ip_address(request)
        if too_many(form.cleaned_data["phone"], address):
            form.add_error(None, TOO_MANY)
        else:
            form.save(from_address=address)
            return render(request, "services/public/registered.html")
    return render(request, "services/public/register.html", {"form": form})


class RegistrationListView(ObjectListView):
    model = Registration
    template_name = "services/registration_list.html"

    def base_queryset(self):
        return Registration.objects.select_related("community", "decided_by")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        for r in ctx["object_list"]:
            r.may_decide = may_decide(self.request.user, r)
        return ctx


@require_POST
def decide(request, pk):
    registration = get_visible_or_404(Registration.objects.select_related("community"), request.user, pk=pk)
    target = reverse("services:registration_list")
    if request.POST.get("decision") == "approve":
        def approved():
            registration.refresh_from_db()
            taken = "" if registration.username == wanted else (
                f"（申请的账号 {wanted} 已被使用，已改为此账号，请告知申请人）")
            return f"已通过 {registration.name} 的申请，账号 {registration.username} 可以登录{taken}。"

        wanted = registration.username
        return run_action(request, target, lambda: approve(request.user, registration), approved)
    return run_action(request, target, lambda: reject(request.user, registration, request.POST.get("reason", "")),
                      "已退回申请。")
