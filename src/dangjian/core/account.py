"""Sign-in, sign-out, password change, and choosing the role to act with."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpResponseRedirect
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .forms import style_fields
from .middleware import ACTIVE_ROLE_SESSION_KEY
from .params import int_param
from .scope import all_grants


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "账号或密码不正确。连续输错5次，账号和所在地址将被锁定15分钟。",
        "inactive": "该账号已停用，请联系管理员。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "账号"
        self.fields["password"].label = "密码"


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("home")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        style_fields(form)
        return form

    def get_context_data(self, **kwargs):
        """Why the gate sent the person here (too old, or set by an administrator), when it did."""
        from .password_policy import reason

        return {**super().get_context_data(**kwargs), "password_reason": reason(self.request.user)}

    def form_valid(self, form):
        from .password_policy import forget

        messages.success(self.request, "密码已修改。")
        response = super().form_valid(form)
        forget(self.request)
        return response


@require_POST
def switch_role(request):
    """Act for one of the user's roles (or all of them with an empty choice)."""
    raw = request.POST.get("assignment", "")
    ids = {g.assignment_id for g in all_grants(request.user)}
    chosen = int_param(raw)
    if chosen in ids:
        request.session[ACTIVE_ROLE_SESSION_KEY] = chosen
    else:
        request.session.pop(ACTIVE_ROLE_SESSION_KEY, None)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("home")
    return HttpResponseRedirect(target)
