"""Residents and volunteers apply with name and phone; their community approves before they can sign in.

Approving or rejecting is a `transition` of the application (its history names who decided); the
account, person and role are made in the same transaction, so a refused approval leaves nothing.
"""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dangjian.core.forms import Form, style_fields
from dangjian.core.scope import holds
from dangjian.core.workflow import Refused, transition
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization, RoleAssignment
from dangjian.people.models import PHONE_RE, Person, normalize_phone

from .models import Registration, Volunteer


class RegistrationForm(Form):
    community = forms.ModelChoiceField(
        label="所在社区", queryset=Organization.objects.filter(kind=OrgKind.COMMUNITY_COMMITTEE).order_by("name")
    )
    wants = forms.ChoiceField(label="申请身份", choices=Registration.Wants.choices)
    name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="手机号码", max_length=20)
    address = forms.CharField(label="居住地址", max_length=200, required=False)
    username = forms.CharField(label="登录账号", max_length=150, help_text="字母、数字或 @/./+/-/_")
    password = forms.CharField(
        label="密码", widget=forms.PasswordInput, help_text="至少8位，含大小写字母、数字、符号中的三类"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not re.fullmatch(r"[\u4e00-\u9fa5·A-Za-z ]{2,30}", name):
            raise ValidationError("请填写真实姓名（2到30个汉字或字母）。")
        return name

    def clean_phone(self):
        phone = normalize_phone(self.cleaned_data["phone"])
        if not PHONE_RE.match(phone) or not phone.startswith("1"):
            raise ValidationError("请输入11位手机号码。")
        return phone

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        try:
            get_user_model().username_validator(username)
        except ValidationError as exc:
            raise ValidationError("账号只能包含字母、数字和 @/./+/-/_ 字符。") from exc
        # Whether the name is taken is not said here: this form is open to anyone, and "已被使用" told them
        # which accounts exist (to lock them out with wrong passwords). A taken name is settled at approval.
        return username

    def clean(self):
        data = super().clean()
        if data.get("password"):
            try:
                username = data.get("username") or self.data.get("username", "")
                validate_password(data["password"], get_user_model()(username=username))
            except ValidationError as exc:
                self.add_error("password", exc)
        return data

    def save(self, from_address=None) -> Registration:
        from dangjian.core import crypto

        d = self.cleaned_data
        return Registration.objects.create(
            from_address=from_address,
            phone_hash=crypto.blind_index(d["phone"]),
            community=d["community"],
            wants=d["wants"],
            name=d["name"],
            phone=d["phone"],
            address=d.get("address", ""),
            username=d["username"],
            password=make_password(d["password"]),
        )


def may_decide(user, registration) -> bool:
    """A pending application is decided by its community (or the street above it)."""
    return registration.status == Registration.Status.PENDING and holds(
        user, registration.community, Registration.edit_roles)


def _require_decider(user, registration) -> None:
    if not holds(user, registration.community, Registration.edit_roles):
        raise Refused.forbidden("只能审核本社区的申请。")


def _decide(user, registration, to: dict, step: str, reason: str = "") -> Registration:
    return transition(registration, when={"status": Registration.Status.PENDING}, to={**to, "decided_by": user},
                      actor=user, refusal="该申请已审核（{state}）。", step=step, reason=reason)


# Applications one address, or one phone, may send: a family shares a router; a script does not stop at five.
PER_ADDRESS_PER_HOUR = 5
PER_PHONE_PER_DAY = 3
TOO_MANY = "提交过于频繁，请稍后再试；如已提交，请等待社区审核。"


def too_many(phone: str, from_address) -> bool:
    from datetime import timedelta

    from dangjian.core import crypto

    now = timezone.now()
    by_phone = Registration.objects.filter(phone_hash=crypto.blind_index(phone), created__gte=now - timedelta(days=1))
    by_address = Registration.objects.filter(from_address=from_address, created__gte=now - timedelta(hours=1))
    return by_phone.count() >= PER_PHONE_PER_DAY or (from_address and by_address.count() >= PER_ADDRESS_PER_HOUR)


def free_username(wanted: str) -> str:
    """The applicant's account name, or (when someone has it meanwhile) the first free `name2`, `name3`…"""
    User = get_user_model()
    name, n = wanted, 1
    while User.objects.filter(username=name).exists():
        n += 1
        name = f"{wanted[:140]}{n}"
    return name


@transaction.atomic
def approve(user, registration) -> Person:
    """The account gets the name applied for, or the next free one (the community tells the applicant)."""
    _require_decider(user, registration)
    User = get_user_model()
    from dangjian.core import crypto

    same_phone = Person.objects.filter(phone_hash=crypto.blind_index(registration.phone))
    if same_phone.filter(user__isnull=False).exists():
        raise Refused("该手机号已关联平台账号，请申请人用原账号登录或联系社区找回。")
    registration = _decide(user, registration, {"status": Registration.Status.APPROVED,
                                                "username": free_username(registration.username)}, "审核通过")
    account = User(username=registration.username, password=registration.password)
    account.password_chosen_by_owner = True  # typed by the applicant: not a password to change (core.password_policy)
    account.save()
    # One person, one record: the community's existing record with this phone and name is linked.
    person = same_phone.filter(organization__path__startswith=registration.community.path,
                               name=registration.name).first()
    if person is None:
        person = Person(organization=registration.community, name=registration.name, phone=registration.phone,
                        address=registration.address)
    person.user = account
    person.save()
    RoleAssignment.objects.create(
        user=account, organization=registration.community, role=registration.wants, start=timezone.localdate()
    )
    if registration.wants == Registration.Wants.VOLUNTEER:
        Volunteer.objects.create(person=person, organization=registration.community, joined_on=timezone.localdate())
    return person


def reject(user, registration, reason: str) -> Registration:
    _require_decider(user, registration)
    reason = (reason.strip() or "信息不符")[:200]
    return _decide(user, registration, {"status": Registration.Status.REJECTED, "reason": reason}, "退回", reason)
