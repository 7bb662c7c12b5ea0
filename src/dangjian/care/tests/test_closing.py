"""A file closed with a reason, then anonymised after the retention period, keeps its history (who, when, why)
but nothing in it names the person any more; help-visit photos are kept only with a visit that was recorded."""

import hashlib
import json
import os
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from dangjian.care.models import AssistanceLevel, HelpGroup, HelpVisit, ResidentFile
from dangjian.core.models import Evidence
from dangjian.orgs.models import Grid

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def a_file(community_a):
    grid = Grid.objects.filter(organization__path__startswith=community_a.path).order_by("pk").first()
    person = grid.organization.persons.order_by("pk").first()
    return ResidentFile.objects.create(organization=grid.organization, person=person, categories=["elderly_alone"],
                                       situation="独居，患有慢性病", level=AssistanceLevel.objects.get(level=1),
                                       consent="self")


def _history(obj):
    return list(LogEntry.objects.get_for_object(obj).select_related("actor").order_by("timestamp", "pk"))


def test_it_closes_a_file_with_a_reason_and_anonymises_it_later_keeping_the_history(login, a_file, settings):
    name = a_file.person.name
    client = login("secretary_a")
    client.post(f"/care/{a_file.pk}/visits/add/", {"visited_on": timezone.localdate().isoformat(),
                                                   "visitors": f"网格员、{name}的邻居", "what_done": f"看望{name}"})
    group = HelpGroup.objects.create(file=a_file, kind="one_to_one", note=f"负责{name}的买菜")
    url = f"/care/{a_file.pk}/close/"
    assert "销档须填写原因" in client.post(url, {"closed_reason": " "}, follow=True).content.decode()
    assert login("cadre").post(url, {"closed_reason": "只读角色"}).status_code == 404  # cannot even open it
    assert login("grid_worker").post(url, {"closed_reason": "已搬离本社区"}).status_code == 302
    a_file.refresh_from_db()
    assert a_file.status == "closed" and a_file.closed_on == timezone.localdate()
    assert "不能销档" in client.post(url, {"closed_reason": "重复销档"}, follow=True).content.decode()
    assert ResidentFile.objects.get(pk=a_file.pk).closed_reason == "已搬离本社区"

    ResidentFile.objects.filter(pk=a_file.pk).update(closed_on=timezone.localdate() - timedelta(days=10))
    settings.ARCHIVE_RETENTION_DAYS = 5
    call_command("remind", stdout=open(os.devnull, "w"))
    a_file.refresh_from_db()
    assert a_file.anonymised_at is not None and a_file.person is None and a_file.situation == "（已匿名）"
    assert not a_file.help_groups.exists() and a_file.visits.get().what_done == "（已匿名）"

    steps = [((e.additional_data or {}).get("step"), e.actor.username if e.actor else None)
             for e in _history(a_file) if e.additional_data and e.additional_data.get("step")]
    today = timezone.localdate()
    visited = f"登记了{today.month}月{today.day}日的帮扶走访"  # the file's history names the visit, not what was done
    assert steps == [(visited, "secretary_a"), ("销档", "grid"), ("匿名化", None)]
    closing = next(e for e in _history(a_file) if (e.additional_data or {}).get("step") == "销档")
    assert closing.additional_data["reason"] == "已搬离本社区"
    assert closing.changes_dict["status"] == ["active", "closed"]
    kinds = ContentType.objects.get_for_models(ResidentFile, HelpVisit, HelpGroup)
    entries = (LogEntry.objects.filter(content_type=kinds[ResidentFile], object_id=a_file.pk)
               | LogEntry.objects.filter(content_type=kinds[HelpVisit], object_id=a_file.visits.get().pk)
               | LogEntry.objects.filter(content_type=kinds[HelpGroup], object_id=group.pk))
    texts = [json.dumps([e.object_repr, e.changes, e.serialized_data], ensure_ascii=False) for e in entries]
    assert len(texts) >= 6  # created, opened, visited, grouped, closed, anonymised …
    assert [t for t in texts if name in t or "慢性病" in t] == []
    page = client.get(f"/care/{a_file.pk}/").content.decode()
    assert name not in page and "已匿名化" in page
    assert "销档</button>" not in page


def test_it_keeps_a_visit_photo_with_its_visit_and_none_of_a_refused_visit(login, a_file):
    client = login("grid_worker")
    photo = SimpleUploadedFile("看望.png", PNG + b"visit", content_type="image/png")
    client.post(f"/care/{a_file.pk}/visits/add/", {"visited_on": timezone.localdate().isoformat(),
                                                   "visitors": "网格员", "what_done": "送米面油", "photo_files": photo})
    visit = HelpVisit.objects.get(file=a_file)
    evidence = visit.photos.get()
    photo_url = f"/care/{a_file.pk}/visits/{visit.pk}/photos/{evidence.pk}/"
    assert photo_url in client.get(f"/care/{a_file.pk}/").content.decode()
    assert client.get(photo_url).status_code == 200
    for persona in ("secretary_b", "street_admin"):  # the archive's photos need the file's reach
        assert login(persona).get(photo_url).status_code == 404, persona

    content = PNG + os.urandom(16)
    before = Evidence.objects.count()
    refused = SimpleUploadedFile("未来.png", content, content_type="image/png")
    page = client.post(f"/care/{a_file.pk}/visits/add/", {
        "visited_on": (timezone.localdate() + timedelta(days=1)).isoformat(), "visitors": "网格员",
        "what_done": "预登记", "photo_files": refused}, follow=True).content.decode()
    assert "走访日期不能晚于今天" in page
    digest = hashlib.sha256(content).hexdigest()
    assert Evidence.objects.count() == before and not default_storage.exists(f"evidence/{digest[:2]}/{digest}.png")
    assert HelpVisit.objects.filter(file=a_file).count() == 1


def test_it_lets_help_group_members_record_visits_but_not_close_or_regroup(login, a_file, community_a):
    from django.contrib.auth import get_user_model

    from dangjian.members.models import PartyMember
    from dangjian.orgs.models import RoleAssignment

    member = PartyMember.objects.filter(branch__path__startswith=community_a.path, person__user__isnull=True).first()
    user = get_user_model().objects.create_user("helper_x", password="x")
    member.person.user = user
    member.person.save()
    RoleAssignment.objects.create(user=user, organization=member.branch, role="member", start="2020-01-01")
    HelpGroup.objects.create(file=a_file, kind="one_to_one").members.add(member.person)
    helper = login("helper_x")
    page = helper.get(f"/care/{a_file.pk}/").content.decode()
    assert "登记走访" in page and "建立小组" not in page and "销档</button>" not in page
    helper.post(f"/care/{a_file.pk}/visits/add/", {"visited_on": timezone.localdate().isoformat(),
                                                   "visitors": member.person.name, "what_done": "陪同就医"})
    assert HelpVisit.objects.get(file=a_file).created_by == user
    assert helper.post(f"/care/{a_file.pk}/close/", {"closed_reason": "越权销档"}).status_code == 403
    assert helper.post(f"/care/{a_file.pk}/groups/add/", {"kind": "many_to_one"}).status_code == 403
    assert ResidentFile.objects.get(pk=a_file.pk).status == "active" and a_file.help_groups.count() == 1


def test_it_lets_only_the_archives_staff_export_it(login):
    assert login("cadre").post("/care/export/", {"reason": "只读角色导出"}).status_code == 403
    assert login("member").get("/care/export/").status_code == 404
    assert "导出</a>" not in login("cadre").get("/care/").content.decode()
    assert "导出</a>" in login("grid_worker").get("/care/").content.decode()
