import re

import pytest
from auditlog.models import LogEntry
from django.db import connection
from openpyxl import load_workbook

from dangjian.core import crypto
from dangjian.people.models import Person
from dangjian.testing import world

GOOD_ID = "11010519491231002X"
GOOD_PHONE = "13912345678"


def _form(org, **over):
    data = {"organization": org.pk, "name": "张三", "gender": "", "birth_date": "", "ethnicity": "汉族",
            "education": "", "id_number": GOOD_ID, "phone": GOOD_PHONE, "address": "", "note": ""}
    data.update(over)
    return data


def _full_numbers_in(text: str) -> list[str]:
    return re.findall(r"(?<!\d)\d{17}[\dX](?!\d)|(?<!\d)1[3-9]\d{9}(?!\d)", text)


def test_it_stores_a_person_with_fields_derived_from_the_id(login, community_a):
    response = login("secretary_a").post("/people/add/", _form(community_a))
    assert response.status_code == 302
    person = Person.objects.get(id_hash=crypto.blind_index(GOOD_ID))
    assert (person.gender, str(person.birth_date), person.pinyin_initials) == ("F", "1949-12-31", "zs")


def test_it_rejects_a_wrong_check_digit_with_a_chinese_error_and_stores_nothing(login, community_a):
    before = Person.objects.count()
    response = login("secretary_a").post("/people/add/", _form(community_a, id_number="110105194912310021"))
    assert response.status_code == 200
    assert "身份证号校验位不正确" in response.content.decode()
    assert Person.objects.count() == before


def test_it_rejects_a_birth_date_that_disagrees_with_the_id(login, community_a):
    before = Person.objects.count()
    response = login("secretary_a").post("/people/add/", _form(community_a, birth_date="1950-01-01"))
    assert "出生日期与身份证号不一致" in response.content.decode()
    assert Person.objects.count() == before


def test_it_rejects_a_gender_that_disagrees_with_the_id(login, community_a):
    response = login("secretary_a").post("/people/add/", _form(community_a, gender="M"))
    assert "性别与身份证号不一致" in response.content.decode()


def test_it_keeps_one_record_per_id_number(login, community_a):
    client = login("secretary_a")
    client.post("/people/add/", _form(community_a))
    response = client.post("/people/add/", _form(community_a, name="张叁"))
    assert "该身份证号已登记" in response.content.decode()
    assert Person.objects.filter(id_hash=crypto.blind_index(GOOD_ID)).count() == 1


def test_it_escapes_a_script_tag_in_a_name(login, community_a):
    client = login("secretary_a")
    client.post("/people/add/", _form(community_a, name="<script>alert(1)</script>"))
    person = Person.objects.get(id_hash=crypto.blind_index(GOOD_ID))
    html = client.get(f"/people/{person.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_it_answers_400_through_the_api_for_the_same_bad_input(login, community_a):
    client = login("secretary_a")
    before = Person.objects.count()
    cases = (({"id_number": "110105194912310021"}, "id_number"), ({"birth_date": "1950-01-01"}, "birth_date"))
    for bad, field in cases:
        payload = {"organization": community_a.pk, "name": "张三", "id_number": GOOD_ID, **bad}
        response = client.post("/api/people/", payload, content_type="application/json")
        assert response.status_code == 400
        assert field in response.json()
    assert Person.objects.count() == before
    ok = client.post("/api/people/", {"organization": community_a.pk, "name": "张三", "id_number": GOOD_ID,
                                       "phone": GOOD_PHONE}, content_type="application/json")
    assert ok.status_code == 201
    assert ok.json()["gender"] == "F"
    assert _full_numbers_in(ok.content.decode()) == []


def test_it_encrypts_id_and_phone_at_rest(login, community_a):
    login("secretary_a").post("/people/add/", _form(community_a))
    person = Person.objects.get(id_hash=crypto.blind_index(GOOD_ID))
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM people_person WHERE id = %s", [person.pk])
        raw_id, raw_phone = cursor.fetchone()
    assert GOOD_ID not in raw_id and GOOD_PHONE not in raw_phone
    assert person.id_number == GOOD_ID and person.phone == GOOD_PHONE


def test_it_never_shows_full_numbers_on_pages_exports_or_api(login, community_a):
    client = login("street_admin")
    person = world.sample(Person, community_a)
    urls = [f"/people/?q={person.id_last4}", f"/people/{person.pk}/", f"/people/{person.pk}/edit/",
            f"/api/people/?q={person.id_last4}",
            f"/api/people/{person.pk}/", "/people/lookup/?lookup_q=" + person.id_last4]
    for url in urls:
        body = client.get(url).content.decode()
        assert _full_numbers_in(body) == [], url
        assert person.id_number_masked in body or url.endswith("/edit/"), url
    response = client.get("/people/export.xlsx")
    sheet = load_workbook(filename=__import__("io").BytesIO(response.content)).active
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    assert _full_numbers_in(cells) == []
    assert sheet.cell(row=3, column=6).value == "身份证号"
    assert sheet.max_row - 3 == Person.objects.visible_to(world.user("street")).count()


def test_it_logs_every_reveal(login, community_a):
    client = login("secretary_a")
    person = world.sample(Person, community_a)
    response = client.post(f"/people/{person.pk}/reveal/id_number/")
    assert person.id_number in response.content.decode()
    entry = LogEntry.objects.get(object_id=person.pk, action=LogEntry.Action.ACCESS)
    assert entry.actor.username == "secretary_a"
    assert entry.additional_data["field"] == "id_number"
    assert "查看完整信息" in client.get(f"/people/{person.pk}/").content.decode()


def test_it_refuses_reveal_to_read_only_roles_and_outsiders(login, community_a, community_b):
    person = world.sample(Person, community_a)
    assert login("cadre").post(f"/people/{person.pk}/reveal/phone/").status_code == 403
    assert login("secretary_b").post(f"/people/{person.pk}/reveal/phone/").status_code == 404
    assert login("secretary_a").post(f"/people/{person.pk}/reveal/address/").status_code == 404
    assert "查看完整" not in login("cadre").get(f"/people/{person.pk}/").content.decode()
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


def test_it_records_changes_with_masked_numbers(login, community_a):
    client = login("secretary_a")
    person = world.sample(Person, community_a)
    data = _form(community_a, name="李四", id_number="", phone="13800001111", gender=person.gender,
                 birth_date=person.birth_date)
    response = client.post(f"/people/{person.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.name == "李四" and person.phone == "13800001111"
    entry = LogEntry.objects.filter(object_id=person.pk, action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor.username == "secretary_a"
    assert "13800001111" not in str(entry.changes) and "138****1111" in str(entry.changes)
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert "李四" in page and "138****1111" in page


@pytest.mark.parametrize("query", ["zs", "ZS", "zhangs"])
def test_it_finds_people_by_pinyin_initials(login, community_a, query):
    client = login("secretary_a")
    client.post("/people/add/", _form(community_a))
    body = client.get("/people/", {"q": query}).content.decode()
    assert "张三" in body


def test_it_finds_people_by_last_four_id_digits(login, community_a):
    person = world.sample(Person, community_a)
    body = login("secretary_a").get("/people/", {"q": person.id_last4}).content.decode()
    assert person.name in body


def test_it_shows_a_member_only_their_own_record(login):
    member = world.user("member")
    rows = Person.objects.visible_to(member)
    assert list(rows) == [member.person]


def test_it_upgrades_a_legacy_15_digit_number_on_save(login, community_a):
    login("secretary_a").post("/people/add/", _form(community_a, id_number="110105491231002"))
    person = Person.objects.get(id_hash=crypto.blind_index(GOOD_ID))
    assert person.id_number == GOOD_ID


def test_it_finds_a_person_by_whole_phone_number_without_storing_it_in_clear(login, community_a):
    from dangjian.testing.factories import PersonFactory

    person = PersonFactory(organization=community_a, name="王五", phone="13700001234")
    body = login("secretary_a").get("/people/", {"q": "137 0000 1234"}).content.decode()
    assert "王五" in body and "137****1234" in body
    assert not Person.objects.filter(phone_hash="13700001234").exists()
    assert Person.objects.get(pk=person.pk).phone == "13700001234"


def test_it_answers_whole_number_searches_only_to_revealing_roles_and_logs_them(login, community_a):
    person = world.sample(Person, community_a)
    for url in ("/people/", "/api/people/", "/people/lookup/"):
        key = "lookup_q" if "lookup" in url else "q"
        body = login("cadre").get(url, {key: person.id_number}).content.decode()
        assert person.id_number_masked not in body, url
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()
    body = login("secretary_a").get("/people/", {"q": person.id_number}).content.decode()
    assert person.id_number_masked in body
    entry = LogEntry.objects.get(object_id=person.pk, action=LogEntry.Action.ACCESS)
    assert entry.additional_data["note"] == "按完整号码检索"


def test_it_treats_full_width_digits_as_the_same_number(login, community_a):
    client = login("secretary_a")
    client.post("/people/add/", _form(community_a))
    wide = GOOD_ID.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    response = client.post("/people/add/", _form(community_a, name="张叁", id_number=wide))
    assert "该身份证号已登记" in response.content.decode()


@pytest.mark.parametrize("persona, kind", [("branch_secretary", "branch"), ("grid_worker", "grid_branch")])
def test_it_lets_branch_and_grid_staff_register_people_in_their_own_unit(login, community_a, persona, kind):
    from dangjian.orgs.models import RoleAssignment

    client = login(persona)
    own = RoleAssignment.objects.get(user__username=world.PERSONAS_USERNAMES[persona]).organization
    assert own.kind == kind
    assert client.post("/people/add/", _form(own)).status_code == 302
    assert Person.objects.get(id_hash=crypto.blind_index(GOOD_ID)).organization == own
    response = client.post("/people/add/", _form(community_a, id_number="110105194912310037"))
    assert response.status_code == 200 and "organization" in response.context["form"].errors
