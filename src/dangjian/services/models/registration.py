"""Self-registration of residents and volunteers, approved by their community before any account exists."""

from django.conf import settings
from django.db import models

from dangjian.core.fields import EncryptedCharField
from dangjian.core.masking import mask_phone
from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import Subtree
from dangjian.core.roles import Role


class Registration(models.Model):
    class Wants(models.TextChoices):
        RESIDENT = "resident", "居民"
        VOLUNTEER = "volunteer", "志愿者"

    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        APPROVED = "approved", "已通过"
        REJECTED = "rejected", "未通过"

    reach = (Subtree("community"),)
    edit_roles = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY}

    community = models.ForeignKey("orgs.Organization", verbose_name="社区", on_delete=models.CASCADE,
                                  related_name="registrations")
    name = models.CharField("姓名", max_length=50)
    phone = EncryptedCharField("手机号码", blind_index="phone_hash")
    # For the rate limits of the public form (per phone, per address): a blind index, never the number.
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    from_address = models.GenericIPAddressField("申请来源地址", null=True, blank=True, editable=False)
    wants = models.CharField("申请身份", max_length=10, choices=Wants.choices)
    username = models.CharField("账号", max_length=150)
    password = models.CharField(max_length=128, editable=False)  # already hashed
    address = models.CharField("居住地址", max_length=200, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    reason = models.CharField("未通过原因", max_length=200, blank=True)
    created = models.DateTimeField("申请时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "注册申请"
        verbose_name_plural = "注册申请"
        ordering = ["-created"]

    def __str__(self):
        return f"{self.name}（{self.get_wants_display()}）"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("services:registration_list")

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)
