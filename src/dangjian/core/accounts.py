"""Accounts that did something are kept: deactivated, never deleted.

Deleting a user set the actor of their history, access and export records to nothing, so "who did it" was
lost with the account. An account with any such record now refuses deletion (the admin hides the button and
the model refuses the delete), and changes to accounts are themselves in the history (the password hash and
the last login left out).
"""

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.db.models.signals import pre_delete

from .history import register
from .workflow import Refused

KEEP = "该账号已有操作、查看或导出记录，不能删除；请停用账号（取消“有效”），记录中的姓名得以保留。"


def has_records(user) -> bool:
    from .models import AuditEvent, ExportLog, ListAccess

    return (LogEntry.objects.filter(actor=user).exists() or ExportLog.objects.filter(user=user).exists()
            or ListAccess.objects.filter(user=user).exists() or AuditEvent.objects.filter(actor=user).exists())


def _refuse_delete(sender, instance, **kwargs):
    if instance.pk and has_records(instance):
        raise Refused.conflict(KEEP)


def install() -> None:
    User = get_user_model()
    register(User, exclude=("password", "last_login"),
             labels={"username": "账号", "is_active": "有效", "is_staff": "可进入管理后台",
                     "is_superuser": "超级管理员", "first_name": "名", "last_name": "姓", "email": "电子邮箱"})
    pre_delete.connect(_refuse_delete, sender=User, dispatch_uid="dangjian-keep-accounts-with-records")

    from django.contrib import admin

    if admin.site.is_registered(User):
        model_admin = admin.site._registry[User]
        original = model_admin.has_delete_permission

        def has_delete_permission(request, obj=None):
            return original(request, obj) and not (obj is not None and has_records(obj))

        model_admin.has_delete_permission = has_delete_permission
