"""联创共建活动: in-service members join by name and count in the community's participation figures; photos are
kept only with a saved activity; the page costs the same queries for 2 participants or 40."""

import hashlib
import os

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dangjian.coop.models import JointActivity, PartnerUnit
from dangjian.core.models import Evidence
from dangjian.testing.queries import count_queries

from .helpers import PNG, in_service_members


def _activity_form(community, partner, members=(), **extra):
    return {"organization": community.pk, "partners": [partner.pk], "title": "社区医院义诊（测试）", "kind": "义诊",
            "date": timezone.localdate().isoformat(), "members": [m.pk for m in members], "partner_staff": "6",
            "hours": "2.5", "outcome": "为80位居民测血压", **extra}


def _row(client, community):
    year = timezone.localdate().year
    rows = client.get("/coop/participation/", {"within": community.pk, "year": year}).context["rows"]
    return next((r["registered"], r["active"]) for r in rows if r["community"] == community)


def test_it_records_an_activity_and_counts_its_in_service_members_participation(login, community_a, community_b):
    members = in_service_members(3, registered_with=community_a, working_in=community_b)
    partner = PartnerUnit.objects.create(organization=community_a, name="市供电公司", kind="resident_unit")
    client = login("secretary_a")
    registered, active = _row(client, community_a)
    response = client.post("/coop/activities/add/", _activity_form(community_a, partner, members[:2]))
    assert response.status_code == 302
    activity = JointActivity.objects.get(title="社区医院义诊（测试）")
    page = client.get(f"/coop/activities/{activity.pk}/").content.decode()
    assert "在职党员00" in page and "在职党员01" in page and "在职党员02" not in page and "市供电公司" in page
    assert _row(client, community_a) == (registered, active + 2)
    assert login("secretary_b").get(f"/coop/activities/{activity.pk}/").status_code == 404
    assert activity not in login("secretary_b").get("/coop/activities/").context["object_list"]


def test_it_refuses_an_activity_without_a_date_or_with_a_bad_file_and_keeps_nothing(login, community_a):
    partner = PartnerUnit.objects.create(organization=community_a, name="爱心社工站", kind="social_org")
    client = login("secretary_a")
    before = (JointActivity.objects.count(), Evidence.objects.count())
    response = client.post("/coop/activities/add/", _activity_form(community_a, partner, date=""))
    assert response.status_code == 200 and "date" in response.context["form"].errors
    content = PNG + os.urandom(16)
    files = [SimpleUploadedFile("合影.png", content, content_type="image/png"),
             SimpleUploadedFile("名单.exe", b"MZ", content_type="application/octet-stream")]
    response = client.post("/coop/activities/add/", _activity_form(community_a, partner, photo_files=files))
    assert response.status_code == 200 and "不支持的文件类型" in response.content.decode()
    digest = hashlib.sha256(content).hexdigest()
    assert (JointActivity.objects.count(), Evidence.objects.count()) == before
    assert not default_storage.exists(f"evidence/{digest[:2]}/{digest}.png")
    assert login("cadre").post("/coop/activities/add/", _activity_form(community_a, partner)).status_code == 403
    assert JointActivity.objects.count() == before[0]


def test_it_serves_an_activitys_photo_to_those_who_see_the_activity(login, community_a):
    partner = PartnerUnit.objects.create(organization=community_a, name="图书馆", kind="resident_unit")
    client = login("secretary_a")
    photo = SimpleUploadedFile("读书会.png", PNG + b"reading", content_type="image/png")
    client.post("/coop/activities/add/",
                _activity_form(community_a, partner, title="亲子读书会（测试）", photo_files=photo))
    activity = JointActivity.objects.get(title="亲子读书会（测试）")
    evidence = activity.photos.get()
    url = f"/coop/activities/{activity.pk}/photos/{evidence.pk}/"
    assert url in client.get(f"/coop/activities/{activity.pk}/").content.decode()
    assert client.get(url).status_code == 200
    assert login("secretary_b").get(url).status_code == 404


def test_it_shows_an_activity_with_40_members_in_the_same_queries_as_with_2(login, community_a, community_b):
    members = in_service_members(40, registered_with=community_a, working_in=community_b)
    partner = PartnerUnit.objects.create(organization=community_a, name="结对单位", kind="paired_unit")
    small, big = (JointActivity.objects.create(organization=community_a, title=t, date=timezone.localdate())
                  for t in ("两人活动", "四十人活动"))
    small.members.set(members[:2])
    big.members.set(members)
    for activity in (small, big):
        activity.partners.set([partner])
    client = login("secretary_a")
    for activity in (small, big):
        client.get(f"/coop/activities/{activity.pk}/")
    status, few = count_queries(client, f"/coop/activities/{small.pk}/")
    _, many = count_queries(client, f"/coop/activities/{big.pk}/")
    assert status == 200 and few == many
    page = client.get(f"/coop/activities/{big.pk}/").content.decode()
    assert all(m.person.name in page for m in members)
