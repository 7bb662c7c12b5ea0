"""The audit trail: actor name and role copied, append-only, chained, verifiable, kept 180 days, exportable."""

from datetime import timedelta

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token

from dangjian.core import trail
from dangjian.core.history import field_label
from dangjian.core.seeding import DEMO_PASSWORD
from dangjian.core.trail import AuditEvent, AuditRecordProtected, Kind
from dangjian.people.models import Person
from dangjian.testing.world import sample, user


def _edit_by_token(person, who):
    token = Token.objects.create(user=who)
    response = Client().patch(f"/api/people/{person.pk}/", {"address": "幸福路9号"}, content_type="application/json",
                              HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200, response.content
    return LogEntry.objects.get_for_object(person).order_by("-pk").first()


def test_a_change_is_sealed_with_the_actors_name_and_role_as_they_were(db, community_a):
    person = sample(Person, community_a)
    secretary = user("secretary_a")
    entry = _edit_by_token(person, secretary)
    event = AuditEvent.objects.get(source=f"auditlog.logentry:{entry.pk}")
    assert event.actor == secretary and event.kind == Kind.CHANGE
    assert event.actor_role == f"社区党委书记（{community_a.name}）"
    assert event.actor_name and "幸福路" not in event.summary  # what changed, not the values
    assert field_label(Person, "address") in event.summary
    secretary.first_name, secretary.last_name, secretary.is_active = "改", "名", False
    secretary.save()
    event.refresh_from_db()
    assert event.actor_name != "改名"  # the copy is of the moment it was done
    assert trail.verify() == []


def test_audit_records_cannot_be_changed_or_deleted_through_the_application(db, community_a):
    entry = _edit_by_token(sample(Person, community_a), user("secretary_a"))
    entry.object_repr = "别人"
    with pytest.raises(AuditRecordProtected), transaction.atomic():
        entry.save()
    with pytest.raises(AuditRecordProtected), transaction.atomic():
        LogEntry.objects.get(pk=entry.pk).delete()
    with pytest.raises(AuditRecordProtected), transaction.atomic():
        AuditEvent.objects.order_by("-pk").first().delete()
    assert trail.verify() == []


def _sql(statement, *params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_verify_catches_a_history_row_edited_in_sql(db, community_a):
    entry = _edit_by_token(sample(Person, community_a), user("secretary_a"))
    assert trail.verify() == []
    _sql(f"UPDATE {LogEntry._meta.db_table} SET actor_id = NULL WHERE id = %s", entry.pk)
    problems = trail.verify()
    assert any(f"第 {entry.pk} 条被改动" in p for p in problems), problems


def test_verify_catches_a_removed_history_row_and_a_removed_or_edited_event(db, community_a):
    person = sample(Person, community_a)
    first = _edit_by_token(person, user("secretary_a"))
    person.refresh_from_db()
    person.address = "胜利街1号"
    person.save()
    _sql(f"DELETE FROM {LogEntry._meta.db_table} WHERE id = %s", first.pk)
    assert any(f"第 {first.pk} 条被删除" in p for p in trail.verify())

    middle = AuditEvent.objects.order_by("-pk")[1]
    _sql(f"UPDATE {AuditEvent._meta.db_table} SET actor_name = %s WHERE id = %s", "别人", middle.pk)
    assert any(f"第 {middle.pk} 条审计日志被改动" in p for p in trail.verify())
    _sql(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", middle.pk)
    assert any(f"第 {middle.pk + 1} 条之前的记录被删除" in p for p in trail.verify())


def test_verify_catches_a_removed_last_event_and_an_unsealed_row(db, community_a):
    entry = _edit_by_token(sample(Person, community_a), user("secretary_a"))
    last = AuditEvent.objects.get(source=f"auditlog.logentry:{entry.pk}")
    _sql(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id >= %s", last.pk)
    problems = trail.verify()
    assert any("链尾记录缺失" in p for p in problems), problems
    assert any("未封存" in p for p in problems), problems


def test_the_command_exits_non_zero_on_a_broken_chain(db, community_a, capsys):
    entry = _edit_by_token(sample(Person, community_a), user("secretary_a"))
    call_command("audit", "verify")
    assert "审计链完整" in capsys.readouterr().out
    _sql(f"UPDATE {LogEntry._meta.db_table} SET object_repr = %s WHERE id = %s", "改过", entry.pk)
    with pytest.raises(SystemExit) as stopped:
        call_command("audit", "verify")
    assert stopped.value.code == 1
    assert "被改动" in capsys.readouterr().err


def test_failed_and_successful_sign_ins_are_audit_events(db):
    client = Client()
    client.post("/login/", {"username": "secretary_a", "password": "wrong-password"})
    failed = AuditEvent.objects.filter(kind=Kind.LOGIN_FAILED).order_by("-pk").first()
    assert failed is not None and failed.actor_name == "secretary_a" and failed.remote_addr == "127.0.0.1"
    client.post("/login/", {"username": "secretary_a", "password": DEMO_PASSWORD})
    assert AuditEvent.objects.filter(kind=Kind.LOGIN, actor=user("secretary_a")).exists()
    assert AuditEvent.objects.filter(kind=Kind.LOGIN_FAILED, actor_name="secretary_a").exists()  # still there
    assert trail.verify() == []


def test_retention_removes_only_what_is_older_than_180_days_and_the_chain_still_verifies(db, community_a):
    person = sample(Person, community_a)
    _edit_by_token(person, user("secretary_a"))
    old_ids = set(AuditEvent.objects.values_list("pk", flat=True))
    with time_machine.travel(timezone.now() + timedelta(days=100), tick=False):
        person.refresh_from_db()
        person.address = "一百天后"
        person.save()
    recent = AuditEvent.objects.order_by("-pk").first()
    with time_machine.travel(timezone.now() + timedelta(days=200), tick=False):
        removed = trail.purge()
        assert removed == len(old_ids)
        assert not AuditEvent.objects.filter(pk__in=old_ids).exists()
        assert AuditEvent.objects.filter(pk=recent.pk).exists()  # 100 days old: kept
        assert AuditEvent.objects.filter(kind=Kind.SECURITY, summary__contains="180天").exists()
        assert trail.verify() == []
        assert trail.purge() == 0  # nothing more is old enough


def test_retention_cannot_be_set_below_180_days(settings):
    settings.AUDIT_RETENTION_DAYS = 30
    assert trail.retention_days() == 180


def test_the_export_holds_the_period_and_its_hashes(db, community_a, tmp_path):
    person = sample(Person, community_a)
    _edit_by_token(person, user("secretary_a"))
    today = timezone.localdate()
    target = tmp_path / "audit.xlsx"
    call_command("audit", "export", "--from", today.isoformat(), "--to", today.isoformat(), "-o", str(target))
    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    in_period = AuditEvent.objects.filter(created__date=today).exclude(kind=Kind.SECURITY)
    assert len(rows) == in_period.count()
    by_id = {row[0]: row for row in rows}
    event = in_period.filter(kind=Kind.CHANGE).order_by("-pk").first()
    assert by_id[event.pk][3] == event.actor_name and by_id[event.pk][9] == event.hash
    assert AuditEvent.objects.filter(kind=Kind.SECURITY, summary__contains="导出审计日志").exists()


def test_a_sanctioned_correction_is_sealed_again(db, community_a):
    entry = _edit_by_token(sample(Person, community_a), user("secretary_a"))
    with trail.amending("测试更正"):
        entry.object_repr = "（已匿名）"
        entry.save(update_fields=["object_repr"])
    assert AuditEvent.objects.filter(kind=Kind.AMEND, source=f"auditlog.logentry:{entry.pk}").exists()
    assert trail.verify() == []

