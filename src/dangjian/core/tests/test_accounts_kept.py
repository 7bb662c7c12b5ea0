"""Who did what survives the account: an account with records is deactivated, not deleted; account changes
are in the history; failed logins stay recorded after the next successful one."""

import pytest
from auditlog.models import LogEntry
from axes.models import AccessFailureLog
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from dangjian.core.seeding import DEMO_PASSWORD
from dangjian.core.workflow import Refused
from dangjian.ledgers import actions
from dangjian.testing import world


def test_an_account_with_history_cannot_be_deleted_and_its_name_stays_on_the_record(community_a):
    secretary = world.user("secretary_a")
    problem = actions.create_problem(secretary, community_a, title="宣传栏破损", category="position", source="self")
    LogEntry.objects.get_for_object(problem).update(actor=secretary)
    with pytest.raises(Refused, match="不能删除"), transaction.atomic():
        secretary.delete()
    assert get_user_model().objects.filter(pk=secretary.pk).exists()
    assert LogEntry.objects.get_for_object(problem).first().actor == secretary


def test_an_unused_account_can_still_be_deleted(db):
    fresh = get_user_model().objects.create_user("typo_account", password="Xx#12345678")
    fresh.delete()
    assert not get_user_model().objects.filter(username="typo_account").exists()


def test_the_admin_offers_no_delete_for_an_account_with_records(db, community_a):
    from django.contrib import admin
    from django.test import RequestFactory

    User = get_user_model()
    root = User.objects.create_superuser("root_for_test", password="Xx#12345678")
    secretary = world.user("secretary_a")
    actions.create_problem(secretary, community_a, title="台账缺页", category="other", source="self")
    LogEntry.objects.filter(actor__isnull=True).update(actor=secretary)
    request = RequestFactory().get("/admin/")
    request.user = root
    model_admin = admin.site._registry[User]
    assert not model_admin.has_delete_permission(request, secretary)
    assert model_admin.has_delete_permission(request, root)  # no records yet


def test_changes_to_an_account_are_in_its_history(db):
    user = world.user("grid")
    user.is_active = False
    user.save()
    entry = LogEntry.objects.get_for_object(user).order_by("-pk").first()
    assert entry.changes_dict["is_active"] == ["True", "False"]
    assert "password" not in entry.changes_dict and "last_login" not in entry.changes_dict


def test_failed_logins_stay_recorded_after_a_successful_one(db):
    client = Client()
    for _ in range(2):
        client.post("/login/", {"username": "grid", "password": "wrong-password"})
    assert client.post("/login/", {"username": "grid", "password": DEMO_PASSWORD}).status_code == 302
    assert AccessFailureLog.objects.filter(username="grid").count() == 2
