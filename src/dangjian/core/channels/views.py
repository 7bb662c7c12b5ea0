"""Channel pages: one's own choices (under the account menu), the group robots of one's organizations, and the
delivery log (one's own deliveries; the street's and communities' staff also those counted in their subtree)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ..views import ObjectEditView, ObjectView, TableListView, get_visible_or_404, run_action
from . import actions, backends, preferences
from .deliveries import _person
from .forms import DeliveryFilter, RobotForm
from .models import Delivery, Robot
from .topics import CHOICES


def preferences_page(request):
    """Which notices reach me by SMS, e-mail or my group, besides the inbox."""
    user = request.user
    error = ""
    if request.method == "POST":
        try:
            changed = preferences.save(user, preferences.parse(request.POST), email=request.POST.get("email"))
        except ValidationError as exc:
            error = "；".join(exc.messages)
        else:
            messages.success(request, f"已保存通知方式（{changed} 项有变化）。" if changed else "通知方式未变化。")
            return HttpResponseRedirect(reverse("notify_preferences"))
    person = _person(user)
    return render(request, "channels/preferences.html", {
        "rows": preferences.table(user), "channels": CHOICES, "error": error,
        "phone": person.phone_masked if person is not None else "",
        "kept_locally": "、".join(name for name, local in (
            ("短信网关", settings.SMS_BACKEND != "http"),
            ("邮件服务器", settings.EMAIL_BACKEND in backends.KEPT_LOCALLY)) if local),
        "email": request.POST.get("email", "") if error else user.email,
    }, status=400 if error else 200)


class RobotListView(TableListView):
    model = Robot
    heading = "工作群机器人"
    add_url_name = "channels:robot_add"
    select_related = ("organization",)
    columns = [("群名称", "name"), ("所属组织", "organization"), ("类型", "get_kind_display"),
               ("Webhook 地址", "webhook_masked"), ("启用", "active")]
    extra_links = [("通知发送记录", "channels:delivery_list")]


class RobotEditView(ObjectEditView):
    model = Robot
    form_class = RobotForm

    def save_form(self, form):
        return actions.save_robot(self.request.user, form.save(commit=False))

    def get_context_data(self, **kwargs):
        # A robot's own page is its form: 取消 goes back to the list, not to the page it is on.
        return super().get_context_data(**kwargs) | {"cancel_url": reverse("channels:robot_list")}

    def get_success_url(self):
        return reverse("channels:robot_list")


class DeliveryListView(TableListView):
    model = Delivery
    heading = "通知发送记录"
    filterset_class = DeliveryFilter
    paginate_by = 50
    select_related = ("notification",)
    columns = [("时间", "created"), ("通知", "notification.title"), ("方式", "get_channel_display"),
               ("接收方", "recipient"), ("状态", "get_status_display"), ("尝试次数", "attempts"),
               ("下次尝试", "next_attempt_at"), ("发送时间", "sent_at"), ("最近一次错误", "last_error")]


class DeliveryView(ObjectView):
    model = Delivery
    template_name = "channels/delivery_detail.html"

    def base_queryset(self):
        return Delivery.objects.select_related("notification", "robot", "organization")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["may_retry"] = actions.may_retry(self.request.user, self.object)
        return ctx


@require_POST
def retry(request, pk):
    delivery = get_visible_or_404(Delivery, request.user, pk=pk)
    return run_action(request, delivery.get_absolute_url(), lambda: actions.retry(request.user, delivery),
                      "已重新排入发送队列。")
