"""Separation of duties (三员分立): system, security and audit administrators.

等保 level 3 asks that no one account can run the system, change who may do what, and erase the trace of it.
The three duties are Django groups whose permissions are declared here once (`PERMISSIONS`), kept in step
after every migrate. Their holders work in the admin site (`is_staff`) and hold no role in the organization
tree, so they reach no business data (`visible_to` gives them nothing, and no business model's admin
permission is in any duty). One account holds at most one duty, and never together with a role in the tree;
the Django superuser is for installation only (README) and holds none. The rules are enforced on the
relation itself (`m2m_changed`, RoleAssignment's save), so the admin, commands and code all meet them.
"""

from django.db import models
from django.db.models.signals import m2m_changed, post_migrate, pre_save

from .scope import all_grants
from .workflow import Refused


class Duty(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"


# app_label.codename; a permission of an app that is not installed is skipped.
PERMISSIONS = {
    Duty.SYSTEM_ADMIN: (
        "auth.view_user", "auth.add_user", "auth.change_user",
        "orgs.view_organization", "orgs.add_organization", "orgs.change_organization",
        "core.view_fieldkeycheck",
    ),
    Duty.SECURITY_ADMIN: (
        "auth.view_user",
        "orgs.view_roleassignment", "orgs.add_roleassignment", "orgs.change_roleassignment",
        "orgs.delete_roleassignment",
        "axes.view_accessattempt", "axes.delete_accessattempt", "axes.view_accessfailurelog",
        "authtoken.view_tokenproxy", "authtoken.delete_tokenproxy",
        "otp_totp.view_totpdevice", "otp_totp.delete_totpdevice",
        "otp_static.view_staticdevice", "otp_static.delete_staticdevice",
        "core.view_fieldkeycheck",
    ),
    Duty.AUDIT_ADMIN: (
        "core.view_auditevent", "core.export_auditevent", "core.view_exportlog", "core.view_listaccess",
        "auditlog.view_logentry", "axes.view_accesslog", "axes.view_accessfailurelog",
    ),
}

ONE_DUTY = "一个账号只能担任系统管理员、安全管理员、审计管理员中的一项。"
NO_ROLE = "担任“三员”的账号不能同时在组织中担任业务角色，请另用一个账号。"
NOT_SUPERUSER = "超级管理员账号仅用于安装，不能担任“三员”；请为每一员单独建立账号。"


def duty_of(user) -> Duty | None:
    """The duty the account holds (cached on the user object for the request)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.pk:
        return None
    cached = getattr(user, "_dangjian_duty", False)
    if cached is False and (user.is_superuser or all_grants(user)):
        cached = user._dangjian_duty = None  # a duty comes with no role in the tree, and never to the operator
    if cached is False:
        names = set(user.groups.filter(name__in=Duty.labels).values_list("name", flat=True))
        cached = next((d for d in Duty if d.label in names), None)
        user._dangjian_duty = cached
    return cached


def groups():
    """The duty groups, created and given their permissions (idempotent: runs after every migrate)."""
    from django.contrib.auth.models import Group, Permission

    made = {}
    for duty, perms in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=duty.label)
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".", 1)
            wanted.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)
        made[duty] = group
    return made


def assign(user, duty: Duty) -> None:
    """Give `user` the duty (the checks run in the m2m guard below); they may then enter the admin site."""
    from django.contrib.auth.models import Group

    group = Group.objects.filter(name=duty.label).first() or groups()[duty]
    user.groups.add(group)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user._dangjian_duty = False


def _guard_groups(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action != "pre_add" or not pk_set:
        return
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    if reverse:  # group.user_set.add(users)
        group = instance
        if group.name not in Duty.labels:
            return
        for user in get_user_model().objects.filter(pk__in=pk_set):
            _check(user, {group.name})
        return
    adding = set(Group.objects.filter(pk__in=pk_set, name__in=Duty.labels).values_list("name", flat=True))
    if adding:
        _check(instance, adding)


def _check(user, adding: set[str]) -> None:
    from django.utils import timezone

    held = set(user.groups.filter(name__in=Duty.labels).values_list("name", flat=True))
    if len(held | adding) > 1:
        raise Refused.conflict(ONE_DUTY)
    if user.is_superuser:
        raise Refused.conflict(NOT_SUPERUSER)
    today = timezone.localdate()
    if user.role_assignments.filter(start__lte=today).exclude(end__lt=today).exists():
        raise Refused.conflict(NO_ROLE)


def _guard_role(sender, instance, **kwargs):
    user = instance.user
    if user.groups.filter(name__in=Duty.labels).exists():
        raise Refused.conflict(NO_ROLE)


def _keep_groups(sender, **kwargs):
    if sender.label == "core":
        groups()


def install() -> None:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    m2m_changed.connect(_guard_groups, sender=User.groups.through, dispatch_uid="dangjian-duties-groups")
    pre_save.connect(_guard_role, sender="orgs.RoleAssignment", dispatch_uid="dangjian-duties-roles")
    post_migrate.connect(_keep_groups, dispatch_uid="dangjian-duties-groups-after-migrate")
    _limit_user_admin(User)


def _limit_user_admin(User) -> None:
    """In the admin, only the superuser changes what an account may do (flags, groups, permissions): the
    system administrator keeps accounts, but cannot make one — least of all their own — more powerful."""
    from django.contrib import admin

    if not admin.site.is_registered(User):
        return
    model_admin = admin.site._registry[User]
    original = model_admin.get_readonly_fields

    def get_readonly_fields(request, obj=None):
        fields = tuple(original(request, obj))
        if not request.user.is_superuser:
            fields += ("is_superuser", "is_staff", "groups", "user_permissions")
        return fields

    model_admin.get_readonly_fields = get_readonly_fields
