"""The national roster's exchange: import with its codes, bad rows, export, round trip, comparison, scope."""

import random
from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from dangjian.core import crypto
from dangjian.core.io.xlsx import build_workbook
from dangjian.core.models import ExportLog
from dangjian.members import io
from dangjian.members.choices import Category, Status
from dangjian.members.models import PartyMember
from dangjian.members.national.layout import HEADERS
from dangjian.orgs.choices import OrgKind
from dangjian.orgs.models import Organization
from dangjian.people import idcard
from dangjian.people.choices import Education
from dangjian.people.models import Person

ID, BRANCH, CATEGORY, JOIN, PHONE, STATUS, LOST, STATUS_DATE = 2, 7, 6, 8, 11, 14, 15, 17


def national_rows(n: int, branch_name: str, seed: int = 11):
    """n valid rows in the national layout, written with the codes their system uses."""
    rng = random.Random(seed)
    rows, used = [], set()
    while len(rows) < n:
        gender = rng.choice("MF")
        born = date(1945, 1, 1) + timedelta(days=rng.randrange(0, 365 * 50))
        number = idcard.make("320102", born, rng.randrange(0, 500), gender)
        if number in used:
            continue
        used.add(number)
        join = born + timedelta(days=365 * 25 + rng.randrange(7, 200))
        rows.append([
            "测试" + "甲乙丙丁戊己庚辛壬癸"[len(rows) % 10] + str(len(rows)), "1" if gender == "M" else "女", number,
            "汉族", born.isoformat(), "大学本科", "正式党员", branch_name, join.isoformat(),
            (join + timedelta(days=365)).isoformat(), "离退休人员", f"139{rng.randrange(10**8):08d}", "幸福路1号",
            "", "正常", "否", "否", "",
        ])
    return rows


def upload(rows, headers=HEADERS, name="national.xlsx"):
    buf = BytesIO()
    build_workbook("党员信息", headers, rows).save(buf)
    return SimpleUploadedFile(name, buf.getvalue())


@pytest.fixture
def empty_branch(community_a):
    return Organization.objects.get(pk=community_a.add_child(name="全国交换测试党支部", kind=OrgKind.BRANCH).pk)


def _post(client, rows, url="/members/national/import/"):
    return client.post(url, {"file": upload(rows)})


def _member(number):
    return PartyMember.objects.select_related("person", "branch").get(person__id_hash=crypto.blind_index(number))


def test_it_imports_a_file_in_the_national_layout_with_its_codes(login, empty_branch):
    client = login("secretary_a")
    rows = national_rows(4, empty_branch.name)
    rows[1][3], rows[1][5], rows[1][10] = "03", "高中", "学生"
    rows[2][3], rows[2][5], rows[2][6], rows[2][9] = "蒙古", "初中及以下", "预备党员", ""
    rows[3][LOST], rows[3][STATUS_DATE] = "是", "2024-03-01"
    preview = _post(client, rows)
    assert preview.context["result"].ok, preview.context["result"].errors
    assert preview.context["new"] == 4 and not PartyMember.objects.filter(branch=empty_branch).exists()
    done = client.post("/members/national/import/", {"token": preview.context["token"]})
    assert done.status_code == 302
    first, second, third, fourth = (_member(r[ID]) for r in rows)
    gender = {"1": "M", "女": "F"}[rows[0][1]]
    assert (first.person.gender, first.person.education, first.job_post) == (gender, Education.BACHELOR, "离退休人员")
    assert (second.person.ethnicity, second.person.education, second.job_post) == ("回族", Education.SECONDARY, "学生")
    assert (third.person.ethnicity, third.category, third.full_date) == ("蒙古族", Category.PROBATIONARY, None)
    assert third.person.education == Education.JUNIOR
    assert (fourth.status, str(fourth.status_date)) == (Status.LOST, "2024-03-01")
    assert all(m.branch == empty_branch for m in (first, second, third, fourth))


def test_it_lists_every_bad_row_and_stores_nothing(login, empty_branch, community_b):
    outsider = PartyMember.objects.filter(branch__path__startswith=community_b.path).select_related("person").first()
    rows = national_rows(6, empty_branch.name)
    rows[0][ID] = rows[0][ID][:-1] + ("0" if rows[0][ID][-1] != "0" else "1")  # wrong check digit
    rows[1][3] = "火星族"
    rows[2][BRANCH] = "不存在的党支部"
    rows[3][ID], rows[3][1] = outsider.person.id_number, outsider.person.get_gender_display()
    rows[3][4] = outsider.person.birth_date.isoformat()
    rows[3][JOIN] = outsider.person.birth_date.replace(year=outsider.person.birth_date.year + 20).isoformat()
    rows[3][9] = ""
    rows[4][5] = "私塾"
    rows[5][STATUS] = "停职"
    before = (Person.objects.count(), PartyMember.objects.count())
    response = _post(login("secretary_a"), rows)
    errors = [(e.row, e.column, e.message) for e in response.context["result"].errors]
    assert [(r, c) for r, c, _ in errors] == [(4, "公民身份号码"), (5, "民族"), (6, "所在党支部"), (7, "公民身份号码"),
                                              (8, "学历"), (9, "党籍状态")]
    assert "校验位" in errors[0][2] and "火星族" in errors[1][2] and "不存在的党支部" in errors[2][2]
    assert errors[3][2] == io.OUTSIDE_SCOPE and "组织关系转接" in errors[3][2]
    assert "私塾" in errors[4][2] and "停职" in errors[5][2]
    assert "token" not in response.context
    assert (Person.objects.count(), PartyMember.objects.count()) == before


def test_it_names_a_member_it_can_see_and_links_the_transfer(login, empty_branch, community_a, community_b):
    """An in-service member of a branch elsewhere who reported to this community: seen, not editable."""
    member = PartyMember.objects.filter(branch__path__startswith=community_b.path).select_related("person").first()
    PartyMember.objects.filter(pk=member.pk).update(in_service=True, registered_community=community_a)
    rows = national_rows(1, empty_branch.name)
    p = member.person
    rows[0][ID], rows[0][1], rows[0][4], rows[0][9] = p.id_number, p.get_gender_display(), "", ""
    rows[0][JOIN] = p.birth_date.replace(year=p.birth_date.year + 20).isoformat()
    for client_rows, url in ((rows, "/members/national/import/"), (None, "/members/import/")):
        if client_rows is None:  # the platform's own roster import answers the same
            from dangjian.members.tests.helpers import roster_rows, xlsx_upload

            own = roster_rows(1, empty_branch.name)
            own[0][1], own[0][3], own[0][9], own[0][10] = p.id_number, p.get_gender_display(), rows[0][JOIN], ""
            response = login("secretary_a").post(url, {"file": xlsx_upload(own)})
        else:
            response = _post(login("secretary_a"), client_rows, url)
        error = next(e for e in response.context["result"].errors if "组织关系转接" in e.message)
        assert member.branch.name in error.message and "其他组织" in error.message
        assert error.link == io.transfer_link(member.pk) == f"/members/transfers/new/?member={member.pk}"
        if client_rows is not None:
            assert f'href="{error.link}"' in response.content.decode()
    assert PartyMember.objects.get(pk=member.pk).branch_id == member.branch_id


def test_it_exports_the_visible_roster_in_the_layout(login, community_a):
    branch = Organization.objects.filter(path__startswith=community_a.path, kind="branch").order_by("path").first()
    client = login("secretary_a")
    sheet = load_workbook(BytesIO(client.get("/members/national/export.xlsx", {"within": branch.pk}).content)).active
    assert [c.value for c in sheet[3]] == HEADERS
    lines = list(sheet.iter_rows(min_row=4, values_only=True))
    members = PartyMember.objects.filter(branch=branch).select_related("person")
    assert len(lines) == members.count() > 0
    by_id = {line[ID]: line for line in lines}
    for m in members:
        line = by_id[m.person.id_number_masked]
        assert line[0] == m.person.name and line[BRANCH] == branch.name
        assert line[CATEGORY] in ("正式党员", "预备党员") and line[1] in ("男", "女")
        assert line[PHONE] in ("", None, m.person.phone_masked)
    template = load_workbook(BytesIO(client.get("/members/national/template.xlsx").content)).active
    assert [c.value for c in template[3]] == HEADERS
    assert not ExportLog.objects.exists()


def _full_export(client, branch):
    response = client.post(f"/members/national/export-full/?within={branch.pk}", {"reason": "上报全国系统"})
    assert response.status_code == 200, response.content[:300]
    return [list(r) for r in load_workbook(BytesIO(response.content)).active.iter_rows(min_row=4, values_only=True)]


def _text(value):
    return value.date().isoformat() if hasattr(value, "date") else ("" if value is None else str(value))


def test_it_round_trips_export_and_import_on_an_empty_scope(login, empty_branch):
    client = login("secretary_a")
    rows = national_rows(8, empty_branch.name, seed=3)
    rows[2][5], rows[3][3], rows[4][6], rows[4][9] = "初中及以下", "03", "预备党员", ""
    rows[5][STATUS], rows[5][STATUS_DATE] = "死亡", "2025-01-02"
    rows[6][16], rows[6][STATUS_DATE] = "是", "2025-02-03"
    client.post("/members/national/import/", {"token": _post(client, rows).context["token"]})
    exported = _full_export(client, empty_branch)
    log = ExportLog.objects.get()
    assert (log.user.username, log.reason, log.rows) == ("secretary_a", "上报全国系统", 8)
    by_id = {line[ID]: [_text(v) for v in line] for line in exported}
    assert len(by_id) == 8
    for row in rows:
        line = by_id[row[ID]]
        expected = list(row)
        expected[1] = {"1": "男"}.get(row[1], row[1])
        expected[3] = {"03": "回族"}.get(row[3], row[3])
        assert line == expected
    before = {m.pk: (m.updated, m.person.updated) for m in PartyMember.objects.select_related("person")}
    again = client.post("/members/national/import/", {"file": SimpleUploadedFile("full.xlsx", _xlsx(exported))})
    assert again.context["result"].ok, again.context["result"].errors[:3]
    client.post("/members/national/import/", {"token": again.context["token"]})
    assert {m.pk: (m.updated, m.person.updated) for m in PartyMember.objects.select_related("person")} == before


def _xlsx(rows):
    return upload(rows).read()


def test_it_keeps_a_finer_education_and_what_the_national_file_lacks(login, empty_branch, community_a):
    client = login("secretary_a")
    rows = national_rows(1, empty_branch.name)
    client.post("/members/national/import/", {"token": _post(client, rows).context["token"]})
    member = _member(rows[0][ID])
    Person.objects.filter(pk=member.person_id).update(education=Education.PRIMARY)
    PartyMember.objects.filter(pk=member.pk).update(is_hardship=True, in_service=True, registered_community=community_a)
    rows[0][5] = "初中及以下"
    client.post("/members/national/import/", {"token": _post(client, rows).context["token"]})
    member = _member(rows[0][ID])
    assert member.person.education == Education.PRIMARY
    assert (member.is_hardship, member.in_service, member.registered_community_id) == (True, True, community_a.pk)


def _compare(client, rows, download=False, within=None):
    data = {"file": upload(rows), "within": within.pk if within else ""}
    if download:
        data["download"] = "1"
    return client.post("/members/national/compare/", data)


def test_it_lists_the_three_kinds_of_difference_and_changes_nothing(login, community_a):
    client = login("secretary_a")
    rows = _full_export(client, community_a)
    assert len(rows) >= 3
    branch = Organization.objects.filter(path__startswith=community_a.path, kind="branch").order_by("path").first()
    missing = rows.pop(0)  # here, not in their file
    changed = rows[0]
    changed[CATEGORY] = "预备党员" if changed[CATEGORY] == "正式党员" else "正式党员"
    changed[JOIN], changed[PHONE] = "1990-01-01", "13800000000"
    extra = national_rows(1, branch.name, seed=99)[0]  # in their file, not here
    rows.append(extra)
    before = {m.pk: m.updated for m in PartyMember.objects.all()}
    response = _compare(client, rows)
    report = response.context["report"]
    assert [r["id"] for r in report.only_theirs] == [extra[ID][:3] + "*" * 11 + extra[ID][-4:]]
    assert missing[ID] in [m.person.id_number for m in report.only_ours]
    assert len(report.only_ours) == 1
    diff = next(d for d in report.differing if d.member.person.id_number == changed[ID])
    fields = {f[0]: (f[1], f[2]) for f in diff.fields}
    assert set(fields) == {"人员类别", "入党日期", "联系电话"}
    assert fields["入党日期"][0] == "1990-01-01" and fields["联系电话"][0] == "138****0000"
    assert len(report.differing) == 1
    html = response.content.decode()
    assert changed[ID] not in html and "138****0000" in html and "13800000000" not in html
    sheet = load_workbook(BytesIO(_compare(client, rows, download=True).content)).active
    kinds = [r[0] for r in sheet.iter_rows(min_row=4, values_only=True)]
    assert kinds.count("全国系统有、本平台无") == 1 and kinds.count("信息不一致") == 3
    assert kinds.count("本平台有、全国系统无") == len(report.only_ours)
    assert {m.pk: m.updated for m in PartyMember.objects.all()} == before


def test_a_community_secretarys_comparison_considers_only_their_subtree(login, community_a, community_b, street):
    everyone = _full_export(login("street_admin"), street)
    in_a = set(PartyMember.objects.filter(branch__path__startswith=community_a.path)
               .values_list("person__id_hash", flat=True))
    others = [r for r in everyone if crypto.blind_index(r[ID]) not in in_a]
    assert any(PartyMember.objects.filter(person__id_hash=crypto.blind_index(r[ID]),
                                          branch__path__startswith=community_b.path).exists() for r in others)
    report = _compare(login("secretary_a"), everyone).context["report"]
    assert report.differing == [] and report.only_ours == []
    assert len(report.only_theirs) == len(others)  # B's (and the street's) members are strangers to A's comparison
    assert report.matched == len(everyone) - len(others) == len(in_a)


def test_it_refuses_the_import_and_the_full_export_to_roles_that_may_not(login):
    assert login("cadre").post("/members/national/export-full/", {"reason": "查看名单"}).status_code == 403
    assert login("cadre").get("/members/national/import/").status_code == 403
    assert login("member").get("/members/national/compare/").status_code == 403
    assert not ExportLog.objects.exists()


def test_it_imports_a_big_file_as_a_job_all_or_nothing(login, empty_branch, monkeypatch):
    from dangjian.core import longjobs
    from dangjian.core.longjob_model import LongJob

    monkeypatch.setattr(longjobs, "ROWS_IN_REQUEST", 3)
    client = login("secretary_a")
    rows = national_rows(6, empty_branch.name)
    rows[4][3] = "火星族"
    response = _post(client, rows)
    job = LongJob.objects.filter(kind="members_national_import").latest("id")
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == LongJob.DONE and "发现 1 处错误" in job.step, job.error
    assert not PartyMember.objects.filter(branch=empty_branch).exists()
    rows[4][3] = "汉族"
    _post(client, rows)
    job = LongJob.objects.filter(kind="members_national_import").latest("id")
    assert job.step.startswith("导入完成：新增 6 人"), job.step
    assert PartyMember.objects.filter(branch=empty_branch).count() == 6


def test_a_cell_it_cannot_read_is_listed_and_not_compared(login, empty_branch):
    client = login("secretary_a")
    rows = national_rows(2, empty_branch.name)
    client.post("/members/national/import/", {"token": _post(client, rows).context["token"]})
    rows[0][3], rows[0][5] = "火星族", "大学专科"
    rows[1][ID] = rows[1][ID][:-1] + ("0" if rows[1][ID][-1] != "0" else "1")
    report = _compare(client, rows, within=empty_branch).context["report"]
    assert [(e.row, e.column) for e in report.unreadable] == [(4, "民族"), (5, "公民身份号码")]
    assert report.matched == 1 and report.only_theirs == []
    assert [m.person.name for m in report.only_ours] == [rows[1][0]]  # one branch's file against that branch
    assert report.differing[0].fields == [("学历", "大学专科", "大学本科")]


def test_the_member_page_shows_how_the_member_reads_in_the_national_layout(login, community_a):
    member = PartyMember.objects.filter(branch__path__startswith=community_a.path).exclude(job_post="").first()
    assert member is not None  # the seed fills 工作岗位 (national/seed.py)
    html = login("secretary_a").get(member.get_absolute_url()).content.decode()
    assert 'data-testid="national-card"' in html and member.job_post in html
