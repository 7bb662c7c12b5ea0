"""The natural person. Members, volunteers, residents on file and talents are roles of one Person."""

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from dangjian.core import crypto
from dangjian.core.fields import EncryptedCharField
from dangjian.core.masking import mask_id_number, mask_phone
from dangjian.core.querysets import ScopedQuerySet
from dangjian.core.reach import Own, Subtree
from dangjian.core.roles import Role

from . import idcard
from .choices import ETHNICITY_CHOICES, Education, Gender
from .pinyin import full_and_initials

PHONE_RE = re.compile(r"^(1[3-9][0-9]{9}|0[0-9]{2,3}[0-9]{7,8})$")


def normalize_phone(raw: str) -> str:
    return re.sub(r"[\s()\-]+", "", unicodedata.normalize("NFKC", raw or ""))


class Person(models.Model):
    reach = (Subtree("organization"), Own("user"))
    lookup_url_name = "people:person_lookup"  # pickers search instead of listing thousands
    edit_roles = {Role.STREET_ADMIN, Role.COMMUNITY_SECRETARY, Role.BRANCH_SECRETARY, Role.GRID_WORKER}

    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name="所属组织",
        on_delete=models.PROTECT,
        related_name="persons",
        help_text="居民选所在网格的网格党支部或社区，党员选所在支部。",
    )
    name = models.CharField("姓名", max_length=50)
    pinyin = models.CharField("拼音", max_length=200, editable=False, db_index=True)
    pinyin_initials = models.CharField("拼音首字母", max_length=50, editable=False, db_index=True)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    ethnicity = models.CharField("民族", max_length=10, choices=ETHNICITY_CHOICES, default="汉族")
    education = models.CharField("学历", max_length=20, choices=Education.choices, blank=True)
    id_number = EncryptedCharField("身份证号", blank=True, blind_index="id_hash")
    id_hash = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    id_last4 = models.CharField("身份证后四位", max_length=4, blank=True, editable=False, db_index=True)
    phone = EncryptedCharField("手机号码", blank=True, blind_index="phone_hash")
    phone_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    address = models.CharField("居住地址", max_length=200, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="平台账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    note = models.TextField("备注", blank=True)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["pinyin", "id"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)
        self.name_account()

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("people:person", kwargs={"pk": self.pk})

    def name_account(self) -> None:
        """Pages name the person behind an account from the account (`core.history.name_of`), so a list of
        rows asks nothing more for their people: the account carries its person's name, renamed with them."""
        if self.user_id and self.name:
            from django.contrib.auth import get_user_model

            get_user_model().objects.filter(pk=self.user_id).exclude(first_name=self.name, last_name="").update(
                first_name=self.name, last_name="")

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)

    @property
    def age(self) -> int | None:
        from django.utils import timezone

        if not self.birth_date:
            return None
        today = timezone.localdate()
        born = self.birth_date
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    def clean(self):
        """Validate the ID number and make gender and birth date agree with it.

        Typed values that disagree with the number are errors (a typo in one or the other);
        missing ones are filled from it.
        """
        errors = {}
        self.name = (self.name or "").strip()
        if self.id_number:
            try:
                info = idcard.parse(self.id_number)
            except idcard.InvalidIdNumber as exc:
                errors["id_number"] = str(exc)
            else:
                self.id_number = info.number
                if self.birth_date and self.birth_date != info.birth_date:
                    errors["birth_date"] = (
                        f"出生日期与身份证号不一致（身份证号为 {info.birth_date:%Y-%m-%d}）。"
                    )
                if self.gender and self.gender != info.gender:
                    errors["gender"] = f"性别与身份证号不一致（身份证号为{Gender(info.gender).label}）。"
                if "birth_date" not in errors:
                    self.birth_date = info.birth_date
                if "gender" not in errors:
                    self.gender = info.gender
                clash = Person.objects.filter(id_hash=crypto.blind_index(info.number))
                if self.pk:
                    clash = clash.exclude(pk=self.pk)
                if clash.exists():
                    errors["id_number"] = "该身份证号已登记，同一人只建一条人员记录。"
        if self.phone:
            self.phone = normalize_phone(self.phone)
            if not PHONE_RE.match(self.phone):
                errors["phone"] = "请输入11位手机号码或带区号的固定电话。"
        if errors:
            raise ValidationError(errors)

    def fill_derived(self):
        """Columns computed from others; bulk loaders call this since bulk_create skips save()."""
        self.pinyin, self.pinyin_initials = full_and_initials(self.name)
        self.id_hash = crypto.blind_index(self.id_number) if self.id_number else None
        self.id_last4 = self.id_number[-4:] if self.id_number else ""
        self.phone_hash = crypto.blind_index(self.phone) if self.phone else ""
