import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from dangjian.core import crypto
from dangjian.core.io import importer
from dangjian.core.models import ExportLog
from dangjian.members import io
from dangjian.members.models import PartyMember
from dangjian.orgs.models import Organization
from dangjian.people.models import Person

from .helpers import roster_rows, xlsx_upload


@pytest.fixture
def branch(community_a):
    return Organization.objects.filter(path__startswith=community_a.path, kind="branch").order_by("path").first()


def _upload(client, rows):
    return client.post("/members/import/", {"file": xlsx_upload(rows)})


def _confirm(client, response):
    return client.post("/members/import/", {"token": response.context["token"]})


def test_it_lists_every_bad_row_and_stores_nothing(login, branch):
    rows = roster_rows(60, branch.name)
    rows[9][1] = rows[9][1][:-1] + ("0" if rows[9][1][-1] != "0" else "1")  # wrong check digit
    rows[29][7] = "不存在的党支部"
    rows[49][10] = "1900-01-01"  # full-member date before the join date
    before = (Person.objects.count(), PartyMember.objects.count())
    response = _upload(login("secretary_a"), rows)
    errors = [(e.row, e.column) for e in response.context["result"].errors]
    assert errors == [(13, "身份证号"), (33, "所在支部"), (53, "转正日期")]
    html = response.content.decode()
    assert "校验位" in html and "不存在的党支部" in html and "转正日期早于入党日期" in html
    assert "token" not in response.context
    assert (Person.objects.count(), PartyMember.objects.count()) == before


def test_it_imports_a_corrected_file_whole_and_reads_back_from_the_export(login, branch):
    client = login("secretary_a")
    rows = roster_rows(60, branch.name)
    preview = _upload(client, rows)
    assert preview.context["result"].ok and preview.context["new"] == 60
    assert PartyMember.objects.filter(branch=branch).count() < 60  # nothing written before confirming
    done = _confirm(client, preview)
    assert done.status_code == 302
    for row in rows:
        member = PartyMember.objects.select_related("person").get(person__id_hash=crypto.blind_index(row[1]))
        assert (member.person.name, member.branch_id, str(member.join_date)) == (row[0], branch.pk, row[9])
    export = client.get("/members/export.xlsx", {"within": branch.pk})
    sheet = load_workbook(BytesIO(export.content)).active
    exported = {r[1]: r for r in sheet.iter_rows(min_row=4, values_only=True)}
    for row in rows:
        masked = row[1][:3] + "*" * 11 + row[1][-4:]
        line = exported[masked]
        assert line[0] == row[0] and line[2] == row[2][:3] + "****" + row[2][-4:]
        assert line[7] == branch.name and str(line[9].date() if hasattr(line[9], "date") else line[9]) == row[9]


def test_it_changes_nothing_when_a_full_export_is_imported_again(login, branch):
    client = login("secretary_a")
    response = client.post(f"/members/export-full/?within={branch.pk}", {"reason": "核对党员信息"})
    log = ExportLog.objects.get()
    assert log.user.username == "secretary_a" and log.reason == "核对党员信息" and log.rows > 0
    upload = SimpleUploadedFile("full.xlsx", response.content)
    before = {m.pk: (m.updated, m.person.updated) for m in PartyMember.objects.select_related("person")}
    preview = client.post("/members/import/", {"file": upload})
    assert preview.context["result"].ok, preview.context["result"].errors[:3]
    _confirm(client, preview)
    after = {m.pk: (m.updated, m.person.updated) for m in PartyMember.objects.select_related("person")}
    assert after == before


def test_it_refuses_full_export_to_roles_that_may_not_reveal(login):
    assert login("cadre").post("/members/export-full/", {"reason": "查看"}).status_code == 403
    assert not ExportLog.objects.exists()


def test_it_links_a_person_already_on_file(login, branch, community_a):
    from dangjian.testing.factories import PersonFactory

    person = Person.objects.get(pk=PersonFactory(organization=community_a).pk)
    rows = roster_rows(1, branch.name)
    rows[0][1] = person.id_number
    rows[0][3] = person.get_gender_display()
    rows[0][9] = person.birth_date.replace(year=person.birth_date.year + 20).isoformat()
    rows[0][10] = ""
    client = login("secretary_a")
    _confirm(client, _upload(client, rows))
    assert Person.objects.filter(id_hash=person.id_hash).count() == 1
    assert PartyMember.objects.get(person=person).branch == branch


@pytest.mark.parametrize("content, message", [(b"not a spreadsheet", "无法读取"), (None, "没有找到表头")])
def test_it_explains_an_unreadable_file(login, content, message):
    if content is None:
        from openpyxl import Workbook

        wb, buf = Workbook(), BytesIO()
        wb.active.append(["随便", "什么"])
        wb.save(buf)
        content = buf.getvalue()
    response = login("secretary_a").post("/members/import/", {"file": SimpleUploadedFile("x.xlsx", content)})
    assert message in response.content.decode()


def test_it_serves_a_template_with_the_import_headers(login):
    from dangjian.members.io import HEADERS

    sheet = load_workbook(BytesIO(login("secretary_a").get("/members/template.xlsx").content)).active
    assert [c.value for c in sheet[3]] == HEADERS


def test_it_does_not_link_people_outside_the_users_scope(login, community_a, community_b):
    outsider = Person.objects.filter(organization__path__startswith=community_b.path).first()
    branch = Organization.objects.filter(path__startswith=community_a.path, kind="branch").order_by("path").first()
    rows = roster_rows(1, branch.name)
    rows[0][1] = outsider.id_number
    rows[0][3] = outsider.get_gender_display()
    response = login("secretary_a").post("/members/import/", {"file": xlsx_upload(rows)})
    errors = response.context["result"].errors
    assert ("身份证号", io.OUTSIDE_SCOPE) in [(e.column, e.message) for e in errors]
    assert "token" not in response.context
    # The answer tells that the number is on file elsewhere: the check is on record, without the number.
    from dangjian.core.trail import AuditEvent

    event = AuditEvent.objects.filter(summary__startswith="党员名册导入检查").order_by("-pk").first()
    # Row 4: the template's title, note and header rows come first.
    assert event is not None and event.actor.username == "secretary_a" and "第4行" in event.summary
    assert outsider.id_number not in event.summary and outsider.id_number[-4:] not in event.summary


def test_it_reads_a_sheet_that_claims_a_million_rows_quickly():
    wb = Workbook()
    ws = wb.active
    ws.append(io.HEADERS)
    ws.append(roster_rows(1, "某支部")[0])
    ws.cell(row=1_000_000, column=16000, value="x")
    buf = BytesIO()
    wb.save(buf)
    result = importer.read(SimpleUploadedFile("big.xlsx", buf.getvalue()), io.COLUMNS)
    assert len(result.rows) == 1


def test_it_explains_a_damaged_workbook():
    buf = BytesIO()
    Workbook().save(buf)
    src = zipfile.ZipFile(BytesIO(buf.getvalue()))
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, b"<broken" if item.filename.endswith("styles.xml") else data)
    with pytest.raises(importer.ImportFileError, match="无法读取"):
        importer.read(SimpleUploadedFile("bad.xlsx", out.getvalue()), io.COLUMNS)
