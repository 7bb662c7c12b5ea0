"""三员分立: three administrative duties, one per account, none with business data; the audit page is theirs."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from openpyxl import load_workbook

from dangjian.core import trail
from dangjian.core.duties import NO_ROLE, NOT_SUPERUSER, ONE_DUTY, Duty, assign, duty_of, groups
from dangjian.core.trail import AuditEvent, Kind
from dangjian.core.workflow import Refused
from dangjian.orgs.models import RoleAssignment
from dangjian.people.models import Person
from dangjian.testing import world
from dangjian.testing.personas import PERSONAS

User = get_user_model()


def _holder(duty: Duty, username: str):
    user = User.objects.create_user(username, password="Xx#12345678")
    assign(user, duty)
    return User.objects.get(pk=user.pk)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_each_duty_is_a_group_with_its_declared_permissions(db):
    made = groups()
    audit = set(made[Duty.AUDIT_ADMIN].permissions.values_list("codename", flat=True))
    assert {"view_auditevent", "export_auditevent", "view_logentry"} <= audit
    assert not any(code.endswith("_person") or code.endswith("roleassignment") for code in audit)
    security = set(made[Duty.SECURITY_ADMIN].permissions.values_list("codename", flat=True))
    assert {"add_roleassignment", "delete_accessattempt"} <= security and "view_auditevent" not in security
    system = set(made[Duty.SYSTEM_ADMIN].permissions.values_list("codename", flat=True))
    assert {"add_user", "change_user"} <= system and "add_roleassignment" not in system


def test_one_account_holds_one_duty_and_no_role_in_the_tree(db, community_a):
    auditor = _holder(Duty.AUDIT_ADMIN, "auditor1")
    assert duty_of(auditor) == Duty.AUDIT_ADMIN and auditor.is_staff
    with pytest.raises(Refused, match=ONE_DUTY), transaction.atomic():
        assign(auditor, Duty.SECURITY_ADMIN)
    with pytest.raises(Refused, match=NO_ROLE), transaction.atomic():
        RoleAssignment.objects.create(user=auditor, organization=community_a, role="community_secretary",
                                      start="2020-01-01")
    with pytest.raises(Refused, match=NO_ROLE), transaction.atomic():
        assign(world.user("secretary_a"), Duty.SYSTEM_ADMIN)
    root = User.objects.create_superuser("root_duty", password="Xx#12345678")
    with pytest.raises(Refused, match=NOT_SUPERUSER), transaction.atomic():
        assign(root, Duty.AUDIT_ADMIN)
    assert duty_of(User.objects.get(pk=root.pk)) is None


def test_a_duty_holder_reaches_no_business_data(db):
    for duty in Duty:
        holder = _holder(duty, f"holder_{duty.value}")
        assert not Person.objects.visible_to(holder).exists()
        client = _client(holder)
        assert client.get("/api/people/").json()["count"] == 0
        # The admin site shows them no business model either: no duty holds a permission on one.
        assert client.get("/admin/people/person/").status_code == 403


def test_the_system_administrator_keeps_accounts_but_cannot_raise_anyones_powers(db):
    system = _holder(Duty.SYSTEM_ADMIN, "sysadmin1")
    target = world.user("grid")
    page = _client(system).get(f"/admin/auth/user/{target.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="is_superuser"' not in html and 'name="groups"' not in html
    assert 'name="user_permissions"' not in html and 'name="is_active"' in html


def test_only_the_audit_administrator_opens_the_audit_log(db):
    auditor = _holder(Duty.AUDIT_ADMIN, "auditor2")
    client = _client(auditor)
    Client().post("/login/", {"username": "grid", "password": "wrong-password"})
    page = client.get("/audit/?kind=login_failed")
    assert page.status_code == 200
    assert "登录失败：账号“grid”" in page.content.decode()
    for persona in PERSONAS.values():
        other = _client(world.user(persona))
        assert other.get("/audit/").status_code == 404, persona
        assert other.post("/audit/verify/").status_code == 404, persona
    for duty in (Duty.SYSTEM_ADMIN, Duty.SECURITY_ADMIN):
        assert _client(_holder(duty, f"not_auditor_{duty.value}")).get("/audit/").status_code == 404


def test_the_auditor_exports_a_period_and_verifies_the_chain_from_the_page(db):
    auditor = _holder(Duty.AUDIT_ADMIN, "auditor3")
    client = _client(auditor)
    Client().post("/login/", {"username": "member", "password": "wrong-password"})
    response = client.get("/audit/?kind=login_failed&format=xlsx")
    assert response.status_code == 200
    from io import BytesIO

    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=3, values_only=True))
    assert rows and all(row[2] == "登录失败" for row in rows)
    assert AuditEvent.objects.filter(kind=Kind.SECURITY, actor=auditor, summary__contains="导出审计日志").exists()
    done = client.post("/audit/verify/", follow=True)
    assert "全部记录完整" in done.content.decode()
    assert trail.verify() == []
